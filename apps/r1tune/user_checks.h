// The checks a user adds by hand, shared by `solve` and `check`: constraints (--check), a
// reference answer (--expect) and Python tests for code (--tests FILE).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "util/status.h"

namespace r1tune::cli {

struct UserChecks {
    std::string constraints;
    std::string expected;
    std::string tests_file;

    void add_options(CLI::App & command);
    std::optional<std::string> constraints_if_given() const;
    std::optional<std::string> expected_if_given() const;
    // Reads the tests file, if one was given. Standard input is never used for it: it carries
    // the question or the model's output.
    Status read_tests(std::optional<std::string> & tests) const;
};

} // namespace r1tune::cli

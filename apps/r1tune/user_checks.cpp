#include "user_checks.h"

#include "question_input.h"

namespace r1tune::cli {

void UserChecks::add_options(CLI::App & command) {
    command.add_option("--check", constraints,
                       "constraints the answer must meet, e.g. \"c + r == 35 && 2*c + 4*r == 94\"");
    command.add_option("--expect", expected, "the reference answer, e.g. 23 or \"鸡23只，兔12只\" or 无解");
    command.add_option("--tests", tests_file, "a file of Python tests (asserts) to run the answer's code against");
}

std::optional<std::string> UserChecks::constraints_if_given() const {
    return constraints.empty() ? std::nullopt : std::optional(constraints);
}

std::optional<std::string> UserChecks::expected_if_given() const {
    return expected.empty() ? std::nullopt : std::optional(expected);
}

Status UserChecks::read_tests(std::optional<std::string> & tests) const {
    tests.reset();
    if (tests_file.empty()) return Status::ok();
    if (tests_file == "-") return Status::usage("--tests needs a file: standard input is for the question or the output");
    tests.emplace();
    return read_text_input(tests_file, "the tests", kMaxTestsBytes, *tests);
}

} // namespace r1tune::cli

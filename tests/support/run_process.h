// Runs a program the way a user's shell would and captures what it printed and its exit code,
// so tests can check the command line's behaviour from the outside.
#pragma once

#include <string>
#include <vector>

namespace r1tune::process {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs `argv` with `input` on standard input; extra environment entries are "NAME=value".
ProcessResult run_process(const std::vector<std::string> & argv, const std::string & input = "",
                          const std::vector<std::string> & extra_env = {});

} // namespace r1tune::process

#include "support/run_process.h"

#include "process/child_process.h"

namespace r1tune::process {

ProcessResult run_process(const std::vector<std::string> & argv, const std::string & input,
                          const std::vector<std::string> & extra_env) {
    ChildOptions options;
    options.argv = argv;
    options.input = input;
    options.extra_environment = extra_env;
    ChildResult child;
    ProcessResult result;
    if (Status s = run_child(options, child); !s) {
        result.err = s.message();
        return result;
    }
    result.out = std::move(child.out);
    result.err = std::move(child.err);
    // As a shell reports it: a signal's number above 128.
    result.exit_code = child.end == ChildResult::End::kSignaled ? 128 + child.code : child.code;
    return result;
}

} // namespace r1tune::process

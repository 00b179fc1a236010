// Runs one measuring program as a child process: its standard output captured, its standard
// error kept for the reason of a failure, and its peak resident memory taken from the kernel's
// accounting of the child (wait4's ru_maxrss), which counts the same way for r1tune's worker and
// for llama.cpp's tools, whatever each does inside.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace r1tune::bench {

struct ChildResult {
    int exit_code = -1;     // -1 when a signal ended it
    int signal = 0;         // the signal that ended it, else 0
    std::string out;
    std::string err;
    std::uint64_t peak_rss_bytes = 0;

    // One line saying how it ended and the last thing it wrote on stderr, for error messages.
    std::string failure() const;
};

// Starts argv[0] (a path, not searched in PATH) with argv and waits for it. A program that
// cannot be started is an I/O error naming it; whatever exit code it ends with is in `out`.
Status run_child(const std::vector<std::string> & argv, ChildResult & out);

} // namespace r1tune::bench

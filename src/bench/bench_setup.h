// What every section of `r1tune bench` runs with: the binary that measures r1tune's side, the
// llama.cpp tools that measure the other, how many rounds, and where progress goes.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "bench/llama_tools.h"

namespace r1tune::bench {

struct BenchSetup {
    std::filesystem::path r1tune; // its `bench --worker` measures r1tune's engine in a child process
    LlamaTool llama_bench;
    LlamaTool batched_bench;
    int rounds = 3;
    std::function<void(const std::string &)> progress; // one line per measurement, for stderr
};

} // namespace r1tune::bench

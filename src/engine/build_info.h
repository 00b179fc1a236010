// What the engine was built from and for: the pinned llama.cpp commit and the CPU features
// ggml was compiled with.
#pragma once

#include <string>

namespace r1tune::engine {

std::string llama_cpp_build();   // "<commit> (node-llama-cpp <version>)"
std::string llama_system_info(); // ggml's feature list, e.g. "CPU : SSE3 = 1 | AVX2 = 1 | ..."

} // namespace r1tune::engine

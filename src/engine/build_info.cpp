#include "engine/build_info.h"

#include <string>

#include "llama.h"

namespace r1tune::engine {

std::string llama_cpp_build() { return R1TUNE_LLAMA_CPP_COMMIT " (from node-llama-cpp " R1TUNE_LLAMA_CPP_PACKAGE ")"; }

std::string llama_system_info() {
    std::string info = llama_print_system_info();
    while (!info.empty() && (info.back() == ' ' || info.back() == '|')) info.pop_back();
    return info;
}

} // namespace r1tune::engine

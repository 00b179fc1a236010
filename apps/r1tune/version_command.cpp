#include <cstdio>

#include "commands.h"
#include "engine/build_info.h"

namespace r1tune::cli {

void register_version(CLI::App & app, int & exit_code) {
    auto * cmd = app.add_subcommand("version", "print r1tune's version and the llama.cpp it was built with");
    cmd->callback([&exit_code] {
        std::printf("r1tune %s\n", R1TUNE_VERSION);
        std::printf("llama.cpp %s\n", engine::llama_cpp_build().c_str());
        std::printf("system %s\n", engine::llama_system_info().c_str());
        exit_code = 0;
    });
}

} // namespace r1tune::cli

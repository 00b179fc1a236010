// --cpus, shared by the commands that run a model: pin the compute threads to logical CPUs
// through llama.cpp's own thread pool (what GOMP_CPU_AFFINITY and KMP_AFFINITY do from outside,
// for one runtime each; see `r1tune doctor`).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "engine/session.h"
#include "util/status.h"

namespace r1tune::cli {

void add_cpus_option(CLI::App & command, std::string & cpus);

// Parses the list into `context.cpus` (nothing when empty); a bad list is a usage error.
Status apply_cpus_option(const std::string & cpus, engine::ContextOptions & context);

} // namespace r1tune::cli

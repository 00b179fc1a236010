// The options that shape how a question is answered (sampler, budget, profile table, strategy,
// scaffold, answer format, tools, loops, feedback), shared by `solve` and `serve`: a server's
// options are every request's defaults. The seed is each command's own (serve draws a fresh one
// per request unless told).
#pragma once

#include <CLI/CLI.hpp>

#include "pipeline/solver.h"

namespace r1tune::cli {

void add_solver_options(CLI::App & cmd, pipeline::SolverOptions & o);

// --spec and --spec-tokens (part of add_solver_options; eval takes them alone).
void add_speculation_options(CLI::App & cmd, pipeline::SolverOptions & o);

} // namespace r1tune::cli

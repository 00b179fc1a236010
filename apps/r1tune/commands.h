// The subcommands of the r1tune command line. Each lives in its own file and registers itself
// on the CLI11 application; its callback stores the process exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

#include "util/status.h"

namespace r1tune::cli {

void register_solve(CLI::App & app, int & exit_code);
void register_pull(CLI::App & app, int & exit_code);
void register_version(CLI::App & app, int & exit_code);
void register_scaffolds(CLI::App & app, int & exit_code);
void register_check(CLI::App & app, int & exit_code);
void register_doctor(CLI::App & app, int & exit_code);
void register_bench(CLI::App & app, int & exit_code);
void register_eval(CLI::App & app, int & exit_code);
void register_notebook(CLI::App & app, int & exit_code);
void register_serve(CLI::App & app, int & exit_code);

// Exit codes: 0 success, 1 a check failed (`check`), 2 usage error, 3 model error, 4 input error,
// 5 download or disk error, 70 an internal error,
// 130 cancelled.
int exit_code_for(const Status & status);

// Prints the status as one sentence on stderr ("r1tune: <message>") and returns its exit code.
int report_error(const Status & status);

} // namespace r1tune::cli

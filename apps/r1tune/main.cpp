// r1tune: makes small distilled reasoning models reason more reliably on a CPU.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "commands.h"

int main(int argc, char ** argv) {
    CLI::App app{"r1tune: better reasoning from small distilled models on a CPU"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("r1tune ") + R1TUNE_VERSION);

    int exit_code = 0;
    r1tune::cli::register_solve(app, exit_code);
    r1tune::cli::register_pull(app, exit_code);
    r1tune::cli::register_check(app, exit_code);
    r1tune::cli::register_scaffolds(app, exit_code);
    r1tune::cli::register_eval(app, exit_code);
    r1tune::cli::register_serve(app, exit_code);
    r1tune::cli::register_notebook(app, exit_code);
    r1tune::cli::register_doctor(app, exit_code);
    r1tune::cli::register_bench(app, exit_code);
    r1tune::cli::register_version(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success & e) {
        return app.exit(e); // --help, --version
    } catch (const CLI::ParseError & e) {
        // CLI11 reports a mistyped command as a missing one; name it instead.
        if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
            std::string known;
            for (const CLI::App * sub : app.get_subcommands({})) known += (known.empty() ? "" : ", ") + sub->get_name();
            return r1tune::cli::report_error(
                r1tune::Status::usage(std::string("unknown command '") + argv[1] + "' (known: " + known + ")"));
        }
        return r1tune::cli::report_error(r1tune::Status::usage(e.what()));
    } catch (const std::exception & e) {
        // A library throwing (out of memory, a parser's edge case) ends with one sentence, not
        // with std::terminate.
        return r1tune::cli::report_error(r1tune::Status::internal(std::string("internal error: ") + e.what()));
    }
    // A full disk or a closed pipe must not pass for success: what was printed is the result.
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
        return r1tune::cli::report_error(r1tune::Status::io("could not write the output (disk full or pipe closed?)"));
    }
    return exit_code;
}

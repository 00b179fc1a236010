// The sandbox that model-written Python runs in, for the code and program-output checks.
//
// The process is `python3 -I` in a throw-away folder under `temp_root` (its working directory,
// HOME and TMPDIR; removed afterwards, also after a timeout), with stdin on /dev/null, a minimal
// environment, its own process group (killed as a whole), and rlimits on CPU time, address
// space, file size and core dumps (a fork bomb ends with the time limit, its whole group killed).
// It gets no network in new user and network namespaces (only a loopback that is down), and
// with the user namespace a mount namespace in which every file system is read-only but the
// throw-away folder. Where the kernel refuses them, nothing runs: the code checks and the tool
// say so in their sentence (model-written code never runs with the network and files open). /run (a
// desktop's session bus, docker.sock) is hidden under an empty file system. Not closed yet: Unix
// sockets elsewhere on the file system can still be connected to.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "process/child_process.h"
#include "text/language.h"
#include "verify/verdict.h"

namespace r1tune::verify {

struct CodeRunLimits {
    // A name looked up on PATH, or a path. Shims (pyenv, asdf) are resolved to the real
    // interpreter first, so the limits apply to Python itself.
    std::string interpreter = "python3";
    std::chrono::milliseconds time_limit{10'000};        // wall clock; CPU time gets one second more
    std::size_t memory_limit = std::size_t{512} << 20;  // address space, bytes
    std::size_t file_size_limit = std::size_t{16} << 20; // largest file the code may write
    std::size_t output_limit = std::size_t{64} << 10;    // stdout/stderr bytes kept, each (the tail)
    std::filesystem::path temp_root; // empty: the system's temporary directory
    // Set from another thread (the request was cancelled): the run stops at once and counts as
    // not run.
    const std::atomic<bool> * cancel = nullptr;
};

// A run in the sandbox, or why there was none (an unknown verdict of `verifier`).
struct SandboxRun {
    std::optional<Verdict> could_not_run;
    process::ChildResult run;
    std::optional<std::string> report; // the runner's report file, when one was asked for and written
};

// Writes `files` (name, content) into a throw-away folder and runs `script` there with the
// resolved interpreter; reads `report_file` back when it is named. `could_not_run` is set, and
// nothing of a run is kept, when Python is missing, the sandbox cannot isolate the run, or the
// folder cannot be made.
SandboxRun run_in_sandbox(const std::vector<std::pair<std::string_view, std::string_view>> & files,
                          std::string_view script, std::string_view report_file, text::Language language,
                          const CodeRunLimits & limits, std::size_t offset, const std::string & verifier);

// The evidence line that says what the sandbox was: "sandbox: no network (…); 10 s wall clock, …".
std::string sandbox_text(const process::ChildResult & run, const CodeRunLimits & limits);

// The limits as sentences show them: "10" seconds, "512" MiB.
std::string seconds_text(std::chrono::milliseconds ms);
std::string mib_text(std::size_t bytes);

} // namespace r1tune::verify

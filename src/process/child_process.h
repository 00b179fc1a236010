// Running another program, for every place r1tune does: model-written code in the sandbox
// (verify/code_sandbox), bench's measuring workers and llama.cpp's tools, llama-server, and the
// tests' runs of the command line. One launcher, so that each of them reads both output pipes
// at once (a child that fills one while the parent waits on the other would block forever),
// learns why a program did not start, and never leaves a child running behind it.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/status.h"

namespace r1tune::process {

// What an isolated child got when it asked for no network.
enum class Network : char {
    kShared,               // not isolated, or neither namespace could be made
    kUserAndNetNamespaces, // new user and network namespaces: only a loopback that is down
    kNetNamespace,         // a new network namespace alone (user namespaces refused, but privileged)
};

struct ChildOptions {
    std::vector<std::string> argv; // argv[0] is a path: PATH is not searched
    // The child's whole environment ("NAME=value"); unset: this process's.
    std::optional<std::vector<std::string>> environment;
    std::vector<std::string> extra_environment; // added to either
    std::string working_directory;              // empty: this process's
    std::string input;                          // its standard input, then end of file
    // Set: standard output and error go to this file (a server's log) instead of being read.
    std::filesystem::path output_file;
    // Standard error goes where r1tune's goes, unread (a server that logs every request there
    // would otherwise fill a pipe that nobody reads while it runs, and stall).
    bool share_stderr = false;
    // The sandbox: the child leads a process group of its own (killed whole when it ends or
    // times out), dies with r1tune, asks for no network, inherits none of r1tune's files, and,
    // where it gets a user namespace, sees every file system read-only but its working directory
    // and runs in a PID namespace of its own.
    bool isolate = false;
    // With isolate: a child that got a network, writable files or no PID namespace does not
    // become the program;
    // starting it is an I/O error saying so (model-written code never runs without isolation).
    bool require_isolation = false;
    std::vector<std::pair<int, rlimit>> limits;          // set in the child before it starts
    // Wall clock, counted from wait(); then the child is killed (an isolated one with its whole
    // group, an ordinary one alone).
    std::optional<std::chrono::milliseconds> time_limit;
    // Set from another thread (a server's client hung up): the child is stopped as on a timeout,
    // within a tenth of a second, and ends as kCancelled.
    const std::atomic<bool> * cancel = nullptr;
    std::size_t output_limit = std::numeric_limits<std::size_t>::max(); // bytes kept of each stream (the tail)
};

struct ChildResult {
    enum class End { kExited, kSignaled, kTimedOut, kCancelled };
    End end = End::kExited;
    int code = 0; // the exit status, or the signal
    std::string out;
    std::string err;
    std::uint64_t peak_rss_bytes = 0; // the kernel's high-water mark of its resident memory
    Network network = Network::kShared;
    int network_errno = 0; // why the namespaces were refused, when they were
    bool files_read_only = false; // everything but its working directory was read-only to it
    // It ran as the first process of a PID namespace of its own: every process it made ended
    // with it, even one that left its process group.
    bool processes_contained = false;

    bool succeeded() const { return end == End::kExited && code == 0; }
    // How it ended and the last line it wrote on stderr: "exited with code 3: no model".
    std::string failure() const;
};

class Child {
public:
    // Starts the program. One that cannot start (missing, not executable, a setup step refused)
    // is an I/O error naming it and the reason, and leaves nothing running.
    static Status start(const ChildOptions & options, std::unique_ptr<Child> & out);
    Child(const Child &) = delete;
    Child & operator=(const Child &) = delete;
    // A child still running is stopped: SIGTERM, then SIGKILL after a grace period (an
    // isolated one's whole group at once).
    ~Child();

    pid_t pid() const { return pid_; }
    // Whether it has ended, without reaping it.
    bool ended() const;
    // The first line it writes on standard output (a server announcing its port), without the
    // newline; nothing when it writes none within `timeout`. Standard error is not read
    // meanwhile: a child that talks there before its first line wants share_stderr.
    std::optional<std::string> first_line(std::chrono::milliseconds timeout);
    // Reads its output until it ends or its time runs out, and reaps it.
    Status wait(ChildResult & out);

private:
    Child() = default;
    void stop();
    void kill_isolated();

    ChildOptions options_;
    pid_t pid_ = -1;
    bool reaped_ = false;
    Network network_ = Network::kShared;
    int network_errno_ = 0;
    bool files_read_only_ = false;
    bool processes_contained_ = false;
    int in_ = -1, out_ = -1, err_ = -1; // the parent's ends; -1 once closed
    std::size_t input_written_ = 0;
    std::string out_read_; // read by first_line before wait
};

// Starts the program and waits for it.
Status run_child(const ChildOptions & options, ChildResult & out);

} // namespace r1tune::process

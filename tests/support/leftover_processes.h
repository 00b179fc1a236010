// Finding what sandboxed code left running. Its pids and folders mean nothing outside the
// sandbox's PID and mount namespaces, so the tests find its processes by what they are: a name
// the program gives itself (the kernel's "comm", which every process it forks inherits), or an
// argument no other process runs with.
#pragma once

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

namespace r1tune::testing_support {

// A name or argument no other test process uses: `what` and this process's id, cut to the 15
// bytes the kernel keeps of a process's name (a longer one would never match its comm).
inline std::string own_process_name(const std::string & what) {
    const std::string pid = std::to_string(::getpid());
    return what.substr(0, 15 - pid.size()) + pid;
}

// Python that names its process `name` before it runs `program`.
inline std::string python_named(const std::string & name, const std::string & program) {
    return "import ctypes\nctypes.CDLL(None).prctl(15, b'" + name + "', 0, 0, 0)\n" + program;
}

// Whether the process of a /proc/PID folder runs, as opposed to gone or a zombie waiting for
// whoever adopted it to reap it.
inline bool process_runs(const std::filesystem::path & process) {
    std::ifstream stat(process / "stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    const std::size_t paren = line.rfind(')');
    return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z';
}

// How many running processes `is_one` picks out of the /proc/PID folders, after waiting up to
// ten seconds for them to go: hundreds of killed processes take a moment.
inline int processes_left(const std::function<bool(const std::filesystem::path &)> & is_one) {
    const auto count = [&] {
        int n = 0;
        for (const auto & entry : std::filesystem::directory_iterator("/proc")) {
            n += is_one(entry.path()) && process_runs(entry.path());
        }
        return n;
    };
    int left = count();
    for (int i = 0; i < 200 && left > 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        left = count();
    }
    return left;
}

inline int processes_left_named(const std::string & name) {
    return processes_left([&](const std::filesystem::path & process) {
        std::ifstream comm(process / "comm");
        std::string line;
        return std::getline(comm, line) && line == name;
    });
}

inline int processes_left_running_with(const std::string & argument) {
    return processes_left([&](const std::filesystem::path & process) {
        std::ifstream cmdline(process / "cmdline");
        for (std::string arg; std::getline(cmdline, arg, '\0');) {
            if (arg == argument) return true;
        }
        return false;
    });
}

} // namespace r1tune::testing_support

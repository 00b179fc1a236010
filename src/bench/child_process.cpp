#include "bench/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char ** environ;

namespace r1tune::bench {

namespace {

// Reads both pipes until both close: a child that fills one pipe while the parent waits on the
// other would block forever.
void drain(int out_fd, int err_fd, std::string & out, std::string & err) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    std::string * sinks[2] = {&out, &err};
    int open = 2;
    char buffer[65536];
    while (open > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
}

} // namespace

std::string ChildResult::failure() const {
    std::string what = signal != 0 ? "was killed by signal " + std::to_string(signal)
                                   : "exited with code " + std::to_string(exit_code);
    std::string last = err;
    while (!last.empty() && (last.back() == '\n' || last.back() == '\r' || last.back() == ' ')) last.pop_back();
    if (const std::size_t newline = last.find_last_of('\n'); newline != std::string::npos) last.erase(0, newline + 1);
    return last.empty() ? what : what + ": " + last;
}

Status run_child(const std::vector<std::string> & argv, ChildResult & out) {
    out = ChildResult{};
    int out_pipe[2], err_pipe[2];
    if (::pipe(out_pipe) != 0) return Status::io(std::string("cannot create a pipe: ") + std::strerror(errno));
    if (::pipe(err_pipe) != 0) {
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        return Status::io(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) posix_spawn_file_actions_addclose(&actions, fd);
    // The child reads nothing: a tool that asks for input sees end of file instead of hanging.
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);

    std::vector<char *> args;
    for (const auto & a : argv) args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (rc != 0) {
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        return Status::io("cannot start " + argv[0] + ": " + std::strerror(rc));
    }
    drain(out_pipe[0], err_pipe[0], out.out, out.err);

    int status = 0;
    rusage usage{};
    while (::wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) return Status::io("lost track of " + argv[0] + ": " + std::strerror(errno));
    }
    out.peak_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024; // Linux counts kilobytes
    if (WIFEXITED(status)) {
        out.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        out.signal = WTERMSIG(status);
    }
    return Status::ok();
}

} // namespace r1tune::bench

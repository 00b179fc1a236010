#include "process/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

extern char ** environ;

namespace r1tune::process {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kStopGrace = std::chrono::seconds(10);
// How long a contained program's watcher may take to kill its namespace: one kill and a wait.
constexpr auto kWatcherGrace = std::chrono::seconds(2);

enum class SetupStep : char { kNone, kProcessGroup, kIsolation, kPidNamespace, kStdio, kWorkingDirectory, kLimits, kExec };

// What the child tells the parent through a close-on-exec pipe before it becomes the program:
// the isolation it got, or the step that failed. The pipe closes at exec, so the parent reads
// until end of file and the last report counts.
struct ChildReport {
    Network network = Network::kShared;
    int network_errno = 0;
    bool files_read_only = false;
    bool processes_contained = false;
    SetupStep failed = SetupStep::kNone;
    int error = 0;
};

// Everything the child needs, prepared before fork: in the child of a multi-threaded process
// only async-signal-safe calls are allowed, so nothing is allocated there.
struct ChildPlan {
    std::vector<char *> argv;
    std::vector<char *> envp;
    const char * cwd = nullptr;
    int in_fd = -1; // -1: /dev/null
    int out_fd = -1;
    int err_fd = -1;
    int report_fd = -1;
    pid_t parent = 0;
    bool isolate = false;
    bool require_isolation = false;
    const std::vector<std::pair<int, rlimit>> * limits = nullptr;
};

std::string_view step_name(SetupStep step) {
    switch (step) {
    case SetupStep::kNone: break;
    case SetupStep::kProcessGroup: return "setsid";
    case SetupStep::kIsolation: return "no network, read-only files and a PID namespace could not be set up";
    case SetupStep::kPidNamespace: return "fork into a PID namespace";
    case SetupStep::kStdio: return "redirecting stdin/stdout/stderr";
    case SetupStep::kWorkingDirectory: return "chdir";
    case SetupStep::kLimits: return "setrlimit";
    case SetupStep::kExec: return "execve";
    }
    return "setup";
}

void send(int fd, const ChildReport & report) {
    const ssize_t ignored = ::write(fd, &report, sizeof report);
    (void)ignored; // the parent treats a missing report as a failed start
}

[[noreturn]] void fail_child(const ChildPlan & plan, ChildReport report, SetupStep step) {
    report.failed = step;
    report.error = errno;
    send(plan.report_fd, report);
    ::_exit(127);
}

// Whether `path` is `folder` or inside it (plain byte prefixes: both are absolute paths).
bool within(const char * path, const char * folder) {
    const std::size_t n = std::strlen(folder);
    return std::strncmp(path, folder, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

// In a new mount namespace: every mount read-only, then `folder` writable again through a bind
// mount of its own, and /run hidden under an empty read-only tmpfs. A read-only mount still lets
// a program connect to the Unix sockets on it, and /run holds the ones that matter (the session
// bus, docker.sock, systemd's); abstract sockets belong to the network namespace already. Only
// system calls: this runs in the child.
bool read_only_but(const char * folder) {
    if (::unshare(CLONE_NEWNS) != 0) return false;
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return false;
    if (::mount(folder, folder, nullptr, MS_BIND | MS_REC, nullptr) != 0) return false;
    mount_attr read_only{};
    read_only.attr_set = MOUNT_ATTR_RDONLY;
    if (::syscall(SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &read_only, sizeof read_only) != 0) return false;
    mount_attr writable{};
    writable.attr_clr = MOUNT_ATTR_RDONLY;
    if (::syscall(SYS_mount_setattr, AT_FDCWD, folder, 0, &writable, sizeof writable) != 0) return false;
    constexpr const char * kSockets = "/run";
    if (::access(kSockets, F_OK) != 0 || within(folder, kSockets)) return true;
    return ::mount("tmpfs", kSockets, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k") == 0;
}

// Closes every descriptor but `keep`: a process that never execs would otherwise hold the
// launcher's pipes (and whatever else r1tune has open) for as long as it lives.
void close_all_but(int keep) {
    if (keep > 0) ::close_range(0, static_cast<unsigned>(keep) - 1, 0);
    if (::close_range(static_cast<unsigned>(keep) + 1, ~0U, 0) != 0) {
        for (int fd = 0; fd < 65536; ++fd) {
            if (fd != keep) ::close(fd);
        }
    }
}

// Ends this process the way a wait status says: the same exit code, or the same signal (without
// a core dump, which a core-dump helper would otherwise file under r1tune's name).
[[noreturn]] void end_as(int status) {
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        const rlimit no_core{0, 0};
        ::setrlimit(RLIMIT_CORE, &no_core);
        ::prctl(PR_SET_DUMPABLE, 0);
        struct sigaction default_action {};
        default_action.sa_handler = SIG_DFL;
        ::sigaction(signal, &default_action, nullptr);
        sigset_t only;
        ::sigemptyset(&only);
        ::sigaddset(&only, signal);
        ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
        ::raise(signal);
    }
    ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 127);
}

// The namespace's first process, as the watcher outside sees it: SIGTERM from the launcher (a
// timeout, a stop) kills it, and with it everything in the namespace, whatever the program did
// to its own process group or parent-death signal.
pid_t namespace_init = 0;
void kill_namespace(int) { ::kill(namespace_init, SIGKILL); }

// After unshare(CLONE_NEWPID) three processes stand where one did:
//   the watcher (this one), outside the namespace: the launcher's child, which it waits for and
//     stops; it kills the namespace when told to, and ends as the program ended;
//   the namespace's first process: a minimal init that reaps what the program leaves and passes
//     on how the program ended; when it ends, the kernel kills everything left in the namespace,
//     a process that left the process group with setsid included;
//   the program, as the namespace's second process. Not the first: the first process of a
//     namespace ignores every signal it has no handler for (SIGXCPU at the CPU limit, a
//     program's own kill or abort), so the program would not die as a program does.
// Only the program returns from here; the others only wait, fork and exit (async-signal-safe
// calls: this is a child of a multi-threaded process).
void contain_processes(const ChildPlan & plan, const ChildReport & report) {
    int status_pipe[2];
    if (::pipe2(status_pipe, O_CLOEXEC) != 0) fail_child(plan, report, SetupStep::kPidNamespace);
    const pid_t init = ::fork();
    if (init < 0) fail_child(plan, report, SetupStep::kPidNamespace);
    if (init > 0) {
        // The watcher.
        namespace_init = init;
        struct sigaction on_term {};
        on_term.sa_handler = kill_namespace;
        ::sigaction(SIGTERM, &on_term, nullptr);
        sigset_t term;
        ::sigemptyset(&term);
        ::sigaddset(&term, SIGTERM);
        ::sigprocmask(SIG_UNBLOCK, &term, nullptr);
        close_all_but(status_pipe[0]);
        int init_status = 0;
        while (::waitpid(init, &init_status, 0) < 0) {
            if (errno != EINTR) ::_exit(127);
        }
        int program_status = 0;
        ssize_t n = 0;
        while ((n = ::read(status_pipe[0], &program_status, sizeof program_status)) < 0 && errno == EINTR) {}
        // Killed before it could tell (a timeout): the namespace's end is the program's.
        end_as(n == sizeof program_status ? program_status : init_status);
    }
    // The namespace's first process. It dies with the watcher (getppid() is 0 here, as the
    // parent is outside, so that cannot be checked), and the namespace with it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(status_pipe[0]);
    const pid_t program = ::fork();
    if (program < 0) fail_child(plan, report, SetupStep::kPidNamespace);
    if (program > 0) {
        close_all_but(status_pipe[1]);
        for (;;) {
            int status = 0;
            const pid_t ended = ::waitpid(-1, &status, 0);
            if (ended == program) {
                const ssize_t ignored = ::write(status_pipe[1], &status, sizeof status);
                (void)ignored; // the watcher then takes this process's own end
                ::_exit(0);
            }
            if (ended < 0 && errno != EINTR) ::_exit(127);
        }
    }
    // The program: it dies with the init (which takes the namespace with it anyway).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(status_pipe[1]);
}

[[noreturn]] void become_child(const ChildPlan & plan) {
    ChildReport report;
    if (plan.isolate) {
        // A session of its own: its own process group (killed whole), and no controlling
        // terminal to read from or type into.
        if (::setsid() < 0) fail_child(plan, report, SetupStep::kProcessGroup);
        // If r1tune dies, the code must not live on unsupervised.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != plan.parent) ::_exit(127);
        // A new user namespace lets an unprivileged process own a new network namespace, whose
        // only device is a loopback that is down. Without user namespaces, a privileged process
        // can still get the network namespace alone.
        if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0) {
            report.network = Network::kUserAndNetNamespaces;
            // Owning a user namespace also lets it own a mount namespace: there every file
            // system is made read-only but its own folder, which even a root user's code (whose
            // files it still owns) cannot get round.
            report.files_read_only = plan.cwd != nullptr && read_only_but(plan.cwd);
        } else {
            report.network_errno = errno;
            if (::unshare(CLONE_NEWNET) == 0) report.network = Network::kNetNamespace;
        }
        if (plan.require_isolation && (report.network == Network::kShared || !report.files_read_only)) {
            errno = report.network_errno != 0 ? report.network_errno : EPERM;
            fail_child(plan, report, SetupStep::kIsolation);
        }
        // Where a namespace could be made above, a PID namespace can be too: it holds every
        // process the program makes, so none outlives it.
        if (::unshare(CLONE_NEWPID) == 0) {
            report.processes_contained = true;
            contain_processes(plan, report);
        } else if (plan.require_isolation) {
            fail_child(plan, report, SetupStep::kIsolation);
        }
    }
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // The parent ignores SIGPIPE once it has fed a child; an ignored signal would stay ignored
    // across exec, so the program gets the default back.
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    ::sigaction(SIGPIPE, &default_action, nullptr);

    const int in_fd = plan.in_fd >= 0 ? plan.in_fd : ::open("/dev/null", O_RDONLY);
    if (in_fd < 0 || ::dup2(in_fd, 0) < 0 || ::dup2(plan.out_fd, 1) < 0 || ::dup2(plan.err_fd, 2) < 0) {
        fail_child(plan, report, SetupStep::kStdio);
    }
    if (plan.cwd != nullptr && ::chdir(plan.cwd) != 0) fail_child(plan, report, SetupStep::kWorkingDirectory);
    for (const auto & [resource, limit] : *plan.limits) {
        if (::setrlimit(resource, &limit) != 0) fail_child(plan, report, SetupStep::kLimits);
    }
    // Whatever r1tune has open (model files, sockets) stays out of the child.
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        rlimit files{};
        ::getrlimit(RLIMIT_NOFILE, &files);
        const int last = files.rlim_cur == RLIM_INFINITY ? 65536 : static_cast<int>(std::min<rlim_t>(files.rlim_cur, 1 << 20));
        for (int fd = 3; fd < last; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    send(plan.report_fd, report);
    ::execve(plan.argv[0], plan.argv.data(), plan.envp.data());
    fail_child(plan, report, SetupStep::kExec);
}

// Both ends close-on-exec: the child gets its end through dup2, which clears the flag.
bool make_pipe(int (&fds)[2]) { return ::pipe2(fds, O_CLOEXEC) == 0; }

void close_fd(int & fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// Reads what is there without blocking into `sink`, keeping its last `keep` bytes; false at
// end of file (or an error), true when the pipe is merely empty for now.
bool drain(int fd, std::string & sink, std::size_t keep) {
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            sink.append(buffer, static_cast<std::size_t>(n));
            if (sink.size() > keep && sink.size() - keep > keep) sink.erase(0, sink.size() - keep);
            continue;
        }
        if (n == 0) return false;
        if (errno == EINTR) continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
}

void keep_tail(std::string & s, std::size_t keep) {
    if (s.size() > keep) s.erase(0, s.size() - keep);
}

} // namespace

std::string ChildResult::failure() const {
    std::string what = end == End::kTimedOut    ? std::string("ran out of time")
                       : end == End::kCancelled ? std::string("was stopped: its run was cancelled")
                       : end == End::kSignaled  ? "was killed by signal " + std::to_string(code)
                                               : "exited with code " + std::to_string(code);
    std::string last = err;
    while (!last.empty() && (last.back() == '\n' || last.back() == '\r' || last.back() == ' ')) last.pop_back();
    if (const std::size_t newline = last.find_last_of('\n'); newline != std::string::npos) last.erase(0, newline + 1);
    return last.empty() ? what : what + ": " + last;
}

Status Child::start(const ChildOptions & options, std::unique_ptr<Child> & out) {
    if (options.argv.empty()) return Status::internal("a child process needs a program to run");
    const std::string & program = options.argv.front();
    std::unique_ptr<Child> child(new Child());
    child->options_ = options;
    const auto pipe_error = [&] { return Status::io("cannot start " + program + ": pipe: " + std::strerror(errno)); };

    int in[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, report[2] = {-1, -1};
    int log_fd = -1;
    const auto close_all = [&] {
        for (int * fd : {&in[0], &in[1], &out_pipe[0], &out_pipe[1], &err_pipe[0], &err_pipe[1], &report[0], &report[1], &log_fd}) {
            close_fd(*fd);
        }
    };
    if (!options.input.empty() && !make_pipe(in)) return pipe_error();
    if (options.output_file.empty()) {
        if (!make_pipe(out_pipe) || (!options.share_stderr && !make_pipe(err_pipe))) {
            const Status s = pipe_error();
            close_all();
            return s;
        }
    } else {
        log_fd = ::open(options.output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (log_fd < 0) {
            const Status s = Status::io("cannot start " + program + ": cannot write " + options.output_file.string() +
                                        ": " + std::strerror(errno));
            close_all();
            return s;
        }
    }
    if (!make_pipe(report)) {
        const Status s = pipe_error();
        close_all();
        return s;
    }

    std::vector<std::string> args = options.argv;
    std::vector<std::string> env;
    if (options.environment) {
        env = *options.environment;
    } else {
        for (char ** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
    }
    env.insert(env.end(), options.extra_environment.begin(), options.extra_environment.end());
    ChildPlan plan;
    for (std::string & a : args) plan.argv.push_back(a.data());
    plan.argv.push_back(nullptr);
    for (std::string & e : env) plan.envp.push_back(e.data());
    plan.envp.push_back(nullptr);
    plan.cwd = options.working_directory.empty() ? nullptr : options.working_directory.c_str();
    plan.in_fd = in[0];
    plan.out_fd = log_fd >= 0 ? log_fd : out_pipe[1];
    plan.err_fd = log_fd >= 0 ? log_fd : options.share_stderr ? STDERR_FILENO : err_pipe[1];
    plan.report_fd = report[1];
    plan.parent = ::getpid();
    plan.isolate = options.isolate;
    plan.require_isolation = options.require_isolation;
    plan.limits = &options.limits;

    const pid_t pid = ::fork();
    if (pid < 0) {
        const Status s = Status::io("cannot start " + program + ": fork: " + std::strerror(errno));
        close_all();
        return s;
    }
    if (pid == 0) become_child(plan);

    // An isolated child's group exists once its report arrives: it sends the report after setsid.
    close_fd(in[0]);
    close_fd(out_pipe[1]);
    close_fd(err_pipe[1]);
    close_fd(report[1]);
    close_fd(log_fd);

    char buffer[4 * sizeof(ChildReport)];
    std::size_t got = 0;
    for (;;) {
        const ssize_t n = ::read(report[0], buffer + got, sizeof buffer - got);
        if (n > 0) got += static_cast<std::size_t>(n);
        else if (n == 0 || errno != EINTR) break;
        if (got == sizeof buffer) got -= sizeof(ChildReport); // only the last report counts
    }
    close_fd(report[0]);
    ChildReport last;
    if (got >= sizeof(ChildReport)) {
        std::memcpy(&last, buffer + (got / sizeof(ChildReport) - 1) * sizeof(ChildReport), sizeof(ChildReport));
    }
    if (got < sizeof(ChildReport) || last.failed != SetupStep::kNone) {
        ::kill(pid, SIGKILL);
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {}
        close_all();
        return Status::io("cannot start " + program + ": " +
                          (got < sizeof(ChildReport) ? std::string("it ended during setup")
                                                     : std::string(step_name(last.failed)) + ": " + std::strerror(last.error)));
    }
    child->pid_ = pid;
    child->network_ = last.network;
    child->network_errno_ = last.network_errno;
    child->files_read_only_ = last.files_read_only;
    child->processes_contained_ = last.processes_contained;
    child->in_ = in[1];
    child->out_ = out_pipe[0];
    child->err_ = err_pipe[0];
    for (int fd : {child->in_, child->out_, child->err_}) {
        if (fd >= 0) ::fcntl(fd, F_SETFL, O_NONBLOCK);
    }
    // A child that stops reading its input must not kill r1tune with SIGPIPE.
    if (child->in_ >= 0) ::signal(SIGPIPE, SIG_IGN);
    out = std::move(child);
    return Status::ok();
}

bool Child::ended() const {
    if (reaped_) return true;
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid_;
}

std::optional<std::string> Child::first_line(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (const std::size_t newline = out_read_.find('\n'); newline != std::string::npos) {
            std::string line = out_read_.substr(0, newline);
            out_read_.erase(0, newline + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (out_ < 0 || left.count() <= 0) return std::nullopt;
        pollfd readable{out_, POLLIN, 0};
        if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
        if (!drain(out_, out_read_, options_.output_limit)) close_fd(out_);
    }
}

Status Child::wait(ChildResult & out) {
    out = ChildResult{};
    out.out = std::move(out_read_);
    out.network = network_;
    out.network_errno = network_errno_;
    out.files_read_only = files_read_only_;
    out.processes_contained = processes_contained_;
    const std::optional<Clock::time_point> deadline =
        options_.time_limit ? std::optional(Clock::now() + *options_.time_limit) : std::nullopt;
    bool timed_out = false;
    bool cancelled = false;
    for (;;) {
        // An isolated child's leftovers may hold its pipes open after it ended, so its end is
        // watched apart from the pipes (every 20 ms); an ordinary child's pipes close with it.
        if ((options_.isolate || (out_ < 0 && err_ < 0)) && ended()) break;
        if (options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed)) {
            cancelled = true;
            break;
        }
        int wait_ms = options_.isolate || (out_ < 0 && err_ < 0) ? 20 : -1;
        if (options_.cancel != nullptr) wait_ms = wait_ms < 0 ? 100 : std::min(wait_ms, 100);
        if (deadline) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now());
            if (left.count() <= 0) {
                timed_out = true;
                break;
            }
            wait_ms = wait_ms < 0 ? static_cast<int>(left.count()) : std::min<int>(wait_ms, static_cast<int>(left.count()) + 1);
        }
        pollfd fds[3] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}, {in_, POLLOUT, 0}};
        if (::poll(fds, 3, wait_ms) <= 0) continue;
        if (out_ >= 0 && fds[0].revents != 0 && !drain(out_, out.out, options_.output_limit)) close_fd(out_);
        if (err_ >= 0 && fds[1].revents != 0 && !drain(err_, out.err, options_.output_limit)) close_fd(err_);
        if (in_ >= 0 && fds[2].revents != 0) {
            const std::string & input = options_.input;
            const ssize_t n = ::write(in_, input.data() + input_written_, input.size() - input_written_);
            if (n > 0) input_written_ += static_cast<std::size_t>(n);
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || input_written_ == input.size()) close_fd(in_);
        }
    }
    close_fd(in_);
    // An isolated child's whole group goes, on a timeout and after its end alike (whatever the
    // code left running); an ordinary child is killed only when its time ran out.
    if (options_.isolate) {
        kill_isolated();
    } else if (timed_out || cancelled) {
        ::kill(pid_, SIGKILL);
    }
    int status = 0;
    rusage usage{};
    while (::wait4(pid_, &status, 0, &usage) < 0) {
        if (errno != EINTR) return Status::io("lost track of " + options_.argv.front() + ": " + std::strerror(errno));
    }
    reaped_ = true;
    for (int * fd : {&out_, &err_}) {
        if (*fd >= 0) drain(*fd, fd == &out_ ? out.out : out.err, options_.output_limit);
        close_fd(*fd);
    }
    keep_tail(out.out, options_.output_limit);
    keep_tail(out.err, options_.output_limit);
    out.peak_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024; // Linux counts kilobytes
    if (timed_out) {
        out.end = ChildResult::End::kTimedOut;
    } else if (cancelled) {
        out.end = ChildResult::End::kCancelled;
    } else if (WIFSIGNALED(status)) {
        out.end = ChildResult::End::kSignaled;
        out.code = WTERMSIG(status);
    } else {
        out.end = ChildResult::End::kExited;
        out.code = WEXITSTATUS(status);
    }
    return Status::ok();
}

void Child::kill_isolated() {
    // A contained program's watcher kills the namespace's first process when told (SIGTERM),
    // which reaches the program even where it left the process group and cleared its
    // parent-death signal; the group's kill then takes the watcher and anything else.
    if (processes_contained_ && !ended()) {
        ::kill(pid_, SIGTERM);
        const auto deadline = Clock::now() + kWatcherGrace;
        while (!ended() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::killpg(pid_, SIGKILL);
}

void Child::stop() {
    if (pid_ <= 0 || reaped_) return;
    if (options_.isolate) {
        kill_isolated();
    } else {
        ::kill(pid_, SIGTERM);
        const auto deadline = Clock::now() + kStopGrace;
        while (!ended() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (!ended()) ::kill(pid_, SIGKILL);
    }
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {}
    reaped_ = true;
}

Child::~Child() {
    stop();
    for (int * fd : {&in_, &out_, &err_}) close_fd(*fd);
}

Status run_child(const ChildOptions & options, ChildResult & out) {
    std::unique_ptr<Child> child;
    if (Status s = Child::start(options, child); !s) return s;
    return child->wait(out);
}

} // namespace r1tune::process

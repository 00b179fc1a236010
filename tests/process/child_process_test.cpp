#include "process/child_process.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <signal.h>
#include <unistd.h>

#include "support/leftover_processes.h"
#include "support/user_namespaces.h"

using namespace r1tune;
using process::ChildOptions;
using process::ChildResult;

namespace {

ChildResult run_shell(const std::string & script, ChildOptions options = {}) {
    options.argv = {"/bin/sh", "-c", script};
    ChildResult result;
    const Status s = process::run_child(options, result);
    EXPECT_TRUE(s) << s.message();
    return result;
}

// A sleep this test process alone runs: 29 seconds and a fraction made of its pid.
std::string own_sleep() { return "29." + std::to_string(::getpid()); }

} // namespace

TEST(ChildProcess, CapturesBothStreamsAndTheExitCode) {
    const ChildResult r = run_shell("echo out; echo err >&2; exit 3");
    EXPECT_EQ(r.end, ChildResult::End::kExited);
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(r.out, "out\n");
    EXPECT_EQ(r.err, "err\n");
    EXPECT_FALSE(r.succeeded());
    EXPECT_EQ(r.failure(), "exited with code 3: err");
}

TEST(ChildProcess, ReadsBothStreamsAtOnceSoALoudChildNeverStalls) {
    // A megabyte on each: far beyond a pipe's buffer.
    const ChildResult r = run_shell("head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2");
    EXPECT_TRUE(r.succeeded());
    EXPECT_EQ(r.out.size(), 1048576u);
    EXPECT_EQ(r.err.size(), 1048576u);
}

TEST(ChildProcess, GivesItsInputThenEndOfFile) {
    ChildOptions options;
    options.input = std::string(200000, 'x') + "\n";
    const ChildResult r = run_shell("wc -c", options);
    EXPECT_EQ(r.out, "200001\n");
    // Without input it reads end of file at once instead of waiting on the terminal.
    EXPECT_EQ(run_shell("cat").out, "");
}

TEST(ChildProcess, TheEnvironmentIsThisOnesPlusTheExtraOrExactlyTheGivenOne) {
    ChildOptions extra;
    extra.extra_environment = {"R1TUNE_TEST_VALUE=42"};
    EXPECT_EQ(run_shell("echo $R1TUNE_TEST_VALUE; test -n \"$PATH\" && echo path", extra).out, "42\npath\n");
    ChildOptions exact;
    exact.environment = std::vector<std::string>{"ONLY=1"};
    EXPECT_EQ(run_shell("echo \"$ONLY:$HOME\"", exact).out, "1:\n");
}

TEST(ChildProcess, ASignalAndATimeoutAreToldApart) {
    const ChildResult killed = run_shell("kill -9 $$");
    EXPECT_EQ(killed.end, ChildResult::End::kSignaled);
    EXPECT_EQ(killed.code, 9);
    ChildOptions options;
    options.time_limit = std::chrono::milliseconds(200);
    const ChildResult slow = run_shell("echo started; sleep 30", options);
    EXPECT_EQ(slow.end, ChildResult::End::kTimedOut);
    EXPECT_EQ(slow.out, "started\n");
    EXPECT_EQ(slow.failure(), "ran out of time");
}

TEST(ChildProcess, ACancelStopsTheChildAndIsToldFromATimeout) {
    std::atomic<bool> cancel{false};
    ChildOptions options;
    options.time_limit = std::chrono::seconds(30);
    options.cancel = &cancel;
    std::thread hang_up([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancel = true;
    });
    const ChildResult r = run_shell("echo started; sleep 30", options);
    hang_up.join();
    EXPECT_EQ(r.end, ChildResult::End::kCancelled);
    EXPECT_EQ(r.out, "started\n");
    EXPECT_EQ(r.failure(), "was stopped: its run was cancelled");
}

TEST(ChildProcess, KeepsOnlyTheTailOfALongOutput) {
    ChildOptions options;
    options.output_limit = 4;
    EXPECT_EQ(run_shell("printf 0123456789", options).out, "6789");
}

TEST(ChildProcess, AProgramThatCannotStartIsAnErrorNamingIt) {
    ChildOptions options;
    options.argv = {"/nonexistent/tool", "-x"};
    ChildResult r;
    const Status s = process::run_child(options, r);
    EXPECT_EQ(s.kind(), ErrorKind::kIo);
    EXPECT_EQ(s.message(), "cannot start /nonexistent/tool: execve: No such file or directory");
    options.argv = {"/bin/sh", "-c", "true"};
    options.working_directory = "/nonexistent/folder";
    EXPECT_EQ(process::run_child(options, r).message(), "cannot start /bin/sh: chdir: No such file or directory");
}

TEST(ChildProcess, AServerIsWatchedWhileItRunsAndStoppedWhenItsHandleGoes) {
    const std::filesystem::path log = std::filesystem::temp_directory_path() / "r1tune-child-process-test.log";
    ChildOptions options;
    options.argv = {"/bin/sh", "-c", "echo 8080; echo logged >&2; exec sleep 60"};
    std::unique_ptr<process::Child> server;
    ASSERT_TRUE(process::Child::start(options, server));
    EXPECT_EQ(server->first_line(std::chrono::seconds(10)), "8080");
    EXPECT_FALSE(server->ended());
    const pid_t pid = server->pid();
    server.reset(); // SIGTERM ends sleep at once, and the handle reaps it
    EXPECT_FALSE(testing_support::process_runs("/proc/" + std::to_string(pid)));

    options.argv = {"/bin/sh", "-c", "echo to the log; echo and this >&2"};
    options.output_file = log;
    ASSERT_TRUE(process::Child::start(options, server));
    ChildResult r;
    ASSERT_TRUE(server->wait(r));
    EXPECT_TRUE(r.out.empty());
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "to the log\nand this\n");
    std::filesystem::remove(log);
}

TEST(ChildProcess, AnIsolatedChildsLeftoversAreKilledWithIt) {
    ChildOptions options;
    options.isolate = true;
    options.time_limit = std::chrono::seconds(20);
    // The child ends at once, leaving a sleeper that holds its output pipe open: the wait ends
    // with the child (not at the time limit, which is shorter than the sleep), and the sleeper
    // does not outlive it.
    const ChildResult r = run_shell("sleep " + own_sleep() + " & echo started", options);
    EXPECT_EQ(r.end, ChildResult::End::kExited);
    EXPECT_EQ(r.out, "started\n");
    EXPECT_EQ(testing_support::processes_left_running_with(own_sleep()), 0);
}

TEST(ChildProcess, AnIsolatedChildsLeftoversGoWithItEvenOutOfItsProcessGroup) {
    if (!testing_support::user_namespaces_allowed()) GTEST_SKIP() << "no namespaces here";
    ChildOptions options;
    options.isolate = true;
    options.time_limit = std::chrono::seconds(20);
    // setsid takes the sleeper out of the child's process group, which is what the launcher
    // kills: only the PID namespace ends it. The child ends once the sleeper has left (its mark).
    const std::string mark = (std::filesystem::temp_directory_path() / ("r1tune-left-" + own_sleep())).string();
    const ChildResult r = run_shell("setsid sh -c 'touch " + mark + "; exec sleep " + own_sleep() + "' & while [ ! -e " +
                                        mark + " ]; do sleep 0.05; done; echo started",
                                    options);
    std::filesystem::remove(mark);
    EXPECT_TRUE(r.processes_contained);
    EXPECT_EQ(r.out, "started\n");
    EXPECT_EQ(testing_support::processes_left_running_with(own_sleep()), 0);
}

TEST(ChildProcess, AnIsolatedChildReadsItsInputToTheEnd) {
    ChildOptions options;
    options.isolate = true;
    options.time_limit = std::chrono::seconds(20);
    options.input = "hello";
    const ChildResult r = run_shell("wc -c", options);
    EXPECT_EQ(r.end, ChildResult::End::kExited);
    EXPECT_EQ(r.out, "5\n");
}

TEST(ChildProcess, AnIsolatedChildEndsAsItsProgramDoes) {
    ChildOptions options;
    options.isolate = true;
    // Behind a PID namespace a watching process stands between the launcher and the program:
    // the exit code and the killing signal must still be the program's.
    EXPECT_EQ(run_shell("exit 7", options).code, 7);
    // The program is not the namespace's first process, which would ignore these signals.
    const ChildResult killed = run_shell("kill -9 $$", options);
    EXPECT_EQ(killed.end, ChildResult::End::kSignaled);
    EXPECT_EQ(killed.code, SIGKILL);
    options.limits = {{RLIMIT_CPU, rlimit{1, 5}}};
    const ChildResult spinning = run_shell("while :; do :; done", options);
    EXPECT_EQ(spinning.end, ChildResult::End::kSignaled);
    EXPECT_EQ(spinning.code, SIGXCPU); // at the soft limit
}

// tests/CMakeLists.txt also runs this in a user namespace that may make no more of them
// (R1TUNE_EXPECT_NO_NAMESPACES set), as on a machine without user namespaces.
TEST(ChildProcessIsolation, AChildThatRequiresIsolationDoesNotStartWithoutIt) {
    if (testing_support::user_namespaces_allowed()) {
        if (std::getenv("R1TUNE_EXPECT_NO_NAMESPACES") != nullptr) FAIL() << "user namespaces were not refused";
        GTEST_SKIP() << "children can be isolated here";
    }
    const std::filesystem::path marker =
        std::filesystem::temp_directory_path() / ("r1tune-require-isolation-" + std::to_string(::getpid()));
    ChildOptions options;
    options.argv = {"/bin/sh", "-c", "touch '" + marker.string() + "'"};
    options.working_directory = std::filesystem::temp_directory_path().string();
    options.isolate = true;
    options.require_isolation = true;
    ChildResult result;
    const Status s = process::run_child(options, result);
    EXPECT_FALSE(s);
    EXPECT_NE(s.message().find("no network, read-only files and a PID namespace could not be set up"), std::string::npos) << s.message();
    EXPECT_FALSE(std::filesystem::exists(marker)) << "the program ran";
    // Without the requirement it runs, and the result says what it did not get.
    options.require_isolation = false;
    ASSERT_TRUE(process::run_child(options, result));
    EXPECT_FALSE(result.files_read_only);
    EXPECT_TRUE(std::filesystem::exists(marker));
    std::filesystem::remove(marker);
}

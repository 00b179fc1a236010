// Code execution while the model reasons: when a text has just opened an output block after a
// Python block, the program runs in the sandbox and its real output comes back with the
// closing fence; every way the program can misbehave ends in a readable line, never in r1tune.
#include "tools/python_tool.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "support/leftover_processes.h"

using namespace r1tune;
using tools::program_before_output;
using tools::PythonTool;
using tools::PythonToolOptions;

namespace {

std::string opened(const std::string & program) {
    return "Let me compute it.\n```python\n" + program + "\n```\n```output\n";
}

PythonToolOptions quick() {
    PythonToolOptions o;
    o.limits.time_limit = std::chrono::milliseconds(3000);
    return o;
}

// Whether programs can run isolated here (Python found, network and files isolated): the tool
// runs nothing otherwise (tests/verify's CodeSandboxIsolation checks that case).
bool runs_here() {
    const verify::SandboxRun probe = verify::run_in_sandbox({{"p.py", ""}}, "p.py", "", text::Language::kEnglish, {}, 0, "t");
    return !probe.could_not_run && probe.run.network != process::Network::kShared && probe.run.files_read_only &&
           probe.run.processes_contained;
}

#define SKIP_UNLESS_PROGRAMS_RUN_HERE() \
    if (!runs_here()) GTEST_SKIP() << "the sandbox cannot run isolated programs on this machine"

} // namespace

TEST(ProgramBeforeOutput, OnlyAnOutputBlockJustOpenedAfterAPythonBlock) {
    EXPECT_EQ(program_before_output(opened("print(6 * 7)")), "print(6 * 7)\n");
    EXPECT_EQ(program_before_output("```py\nx = 2\nprint(x)\n```\n\n```output\n"), "x = 2\nprint(x)\n");
    // Not yet: the fence's line has not ended, or the output block was already written.
    EXPECT_FALSE(program_before_output("```python\nprint(1)\n```\n```output"));
    EXPECT_FALSE(program_before_output("```python\nprint(1)\n```\n```output\n1\n```\n"));
    // Not a Python block, text between the program and its output, an unclosed program.
    EXPECT_FALSE(program_before_output("```bash\necho 1\n```\n```output\n"));
    EXPECT_FALSE(program_before_output("```python\nprint(1)\n```\nRunning it gives:\n```output\n"));
    EXPECT_FALSE(program_before_output("```python\nprint(1)\n```output\n"));
    EXPECT_FALSE(program_before_output("```output\n"));
}

TEST(PythonTool, TheRealOutputAndTheClosingFenceAreWrittenBack) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonTool tool(quick());
    const std::string text = opened("print(sum(range(1, 11)))");
    const std::string written = tool.after(text);
    EXPECT_EQ(written, "55\n```\n");
    // The trace of the answer: the run behind its output block.
    const std::vector<tools::ToolRun> runs = tool.runs_in(text + written + "So the answer is 55.");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].program, "print(sum(range(1, 11)))\n");
    EXPECT_EQ(runs[0].output, "55\n");
    EXPECT_TRUE(runs[0].note.empty());
    // Text that opened nothing runs nothing; an answer the tool never saw ran nothing.
    EXPECT_EQ(tool.after("So the answer is 55.\n"), "");
    EXPECT_TRUE(tool.runs_in("```python\nprint(2)\n```\n```output\n2\n```\n").empty());
    EXPECT_EQ(tool.programs_run(), 1);
}

TEST(PythonTool, AnErrorComesBackAsItsLastLine) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonTool tool(quick());
    const std::string written = tool.after(opened("print('partial')\nx = 1 / 0"));
    EXPECT_EQ(written, "partial\nZeroDivisionError: division by zero\n```\n");
}

TEST(PythonTool, AProgramThatNeverEndsIsStoppedWithANote) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonToolOptions o = quick();
    o.limits.time_limit = std::chrono::milliseconds(500);
    PythonTool tool(o);
    const std::string written = tool.after(opened("while True:\n    pass"));
    EXPECT_EQ(written, "(stopped: no result within the time limit)\n```\n");
}

TEST(PythonTool, AMemoryBombEndsInALine) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonTool tool(quick());
    EXPECT_NE(tool.after(opened("x = 'a' * (10 ** 10)")).find("MemoryError"), std::string::npos);
}

TEST(PythonTool, AForkBombIsStoppedWithEveryProcessItMade) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonToolOptions o = quick();
    o.limits.time_limit = std::chrono::milliseconds(500);
    PythonTool tool(o);
    const std::string name = testing_support::own_process_name("r1bomb");
    const std::string written = tool.after(opened(testing_support::python_named(name,
        "import os, time\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        time.sleep(0.01)")));
    EXPECT_EQ(written, "(stopped: no result within the time limit)\n```\n");
    // Every process of the bomb got SIGKILL with the program.
    EXPECT_EQ(testing_support::processes_left_named(name), 0);
}

TEST(PythonTool, AProcessThatLeavesItsGroupEndsWithTheProgram) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonTool tool(quick());
    // The child leaves the process group and the session, which the launcher kills, and clears
    // its parent-death signal; the program waits until it has, then ends, leaving it asleep.
    const std::string name = testing_support::own_process_name("r1setsid");
    const std::string written = tool.after(opened(testing_support::python_named(name,
        "import ctypes, os, time\n"
        "r, w = os.pipe()\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)\n"
        "    os.write(w, b'x')\n"
        "    time.sleep(30)\n"
        "else:\n"
        "    os.read(r, 1)\n"
        "    print('left it')")));
    EXPECT_EQ(written, "left it\n```\n");
    EXPECT_EQ(testing_support::processes_left_named(name), 0);
}

TEST(PythonTool, AnErrorAfterPartialOutputStartsOnALineOfItsOwn) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonTool tool(quick());
    EXPECT_EQ(tool.after(opened("print(1, end='')\nraise ValueError('bad')")), "1\nValueError: bad\n```\n");
}

TEST(PythonTool, NoNetworkAndNoWritingOutsideItsFolder) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonTool tool(quick());
    const std::string net = tool.after(opened(
        "import socket\ns = socket.create_connection(('1.1.1.1', 80), timeout=2)\nprint('connected')"));
    EXPECT_EQ(net.find("connected"), std::string::npos) << net;
    const std::string file = tool.after(opened("open('/etc/r1tune-tool-test', 'w').write('x')\nprint('wrote')"));
    EXPECT_EQ(file.find("wrote"), std::string::npos) << file;
}

TEST(PythonTool, NoUnixSocketOfTheMachineUnderRun) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    // A listening socket where the session bus and docker.sock live.
    const std::string path = "/run/r1tune-tool-test-" + std::to_string(::getpid()) + ".sock";
    const int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(listener, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    if (::bind(listener, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 || ::listen(listener, 4) != 0) {
        ::close(listener);
        GTEST_SKIP() << "cannot listen on " << path << " here";
    }
    PythonTool tool(quick());
    const std::string written = tool.after(opened("import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect('" + path +
                                                  "')\nprint('connected')"));
    ::close(listener);
    ::unlink(path.c_str());
    EXPECT_EQ(written.find("connected"), std::string::npos) << written;
    EXPECT_NE(written.find("Error"), std::string::npos) << written;
}

TEST(PythonTool, AnEnormousOrNonUtf8OutputIsCutAndMadeValid) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonTool tool(quick());
    const std::string big = tool.after(opened("print('鸡' * 100000)"));
    EXPECT_LE(big.size(), 400u + 16u);
    EXPECT_TRUE(big.ends_with("…\n```\n")) << big.substr(big.size() - 20);
    const std::string bytes = tool.after(opened("import sys\nsys.stdout.buffer.write(b'ok \\xff\\xfe done')"));
    EXPECT_EQ(bytes, "ok \xEF\xBF\xBD\xEF\xBF\xBD done\n```\n");
}

TEST(PythonTool, AnAnswerThatKeepsRunningCodeStopsGettingRuns) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonToolOptions o = quick();
    o.max_runs = 2;
    PythonTool tool(o);
    // One answer's text as it grows: its runs are its output blocks.
    std::string text = opened("print(1)");
    text += tool.after(text);
    text += "Again.\n```python\nprint(2)\n```\n```output\n";
    EXPECT_EQ(tool.after(text), "2\n```\n");
    text += "2\n```\nOnce more.\n```python\nprint(3)\n```\n```output\n";
    EXPECT_EQ(tool.after(text), "");
    text += "3\n```\n"; // the model wrote this output itself
    const std::vector<tools::ToolRun> runs = tool.runs_in(text);
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[2].note, "This answer had used its program runs; the model went on without one.");
    // A program it ran before gets no output past the limit either: a model that loops on one
    // program must stop.
    EXPECT_EQ(tool.after(text + "```python\nprint(1)\n```\n```output\n"), "");
    // Another answer (a vote's next sample, another beam) has runs of its own.
    EXPECT_EQ(tool.after(opened("print(4)")), "4\n```\n");
    EXPECT_EQ(tool.programs_run(), 3); // the refused run is not counted
}

TEST(PythonTool, AProgramAlreadyRunIsNotRunAgain) {
    SKIP_UNLESS_PROGRAMS_RUN_HERE();
    PythonTool tool(quick());
    // Beams share their programs: the second asks for the same one and gets the same output.
    const std::string program = "import random\nprint(random.random())";
    const std::string first = tool.after(opened(program));
    EXPECT_EQ(tool.after("Another beam.\n```python\n" + program + "\n```\n```output\n"), first);
    EXPECT_EQ(tool.programs_run(), 1);
}

TEST(PythonTool, WithoutPythonTheModelGoesOnAndTheNoteSaysWhy) {
    PythonToolOptions o = quick();
    o.limits.interpreter = "/nonexistent/python3";
    o.language = text::Language::kChinese;
    PythonTool tool(o);
    const std::string text = opened("print(1)");
    EXPECT_EQ(tool.after(text), "");
    const std::vector<tools::ToolRun> runs = tool.runs_in(text + "1\n```\n");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].note, "找不到 /nonexistent/python3，无法运行代码。");
    EXPECT_EQ(tool.programs_run(), 0);
}

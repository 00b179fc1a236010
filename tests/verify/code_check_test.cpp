#include "verify/code_check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "support/leftover_processes.h"
#include "support/user_namespaces.h"

using namespace std::chrono_literals;
using r1tune::text::Language;
using r1tune::verify::check_code;
using r1tune::verify::CodeRunLimits;
using r1tune::verify::extract_code;
using r1tune::verify::Outcome;
using r1tune::verify::Verdict;

namespace fs = std::filesystem;

namespace {

std::string python_answer(const std::string & code) {
    return "Here is the solution.\n\n```python\n" + code + "```\n\nIt runs in O(n).";
}

// A folder of the test's own: the temp root of the runs, and a place for code to leave pids.
class CodeCheck : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "r1tune-code-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        fs::create_directory(dir_ / "root");
        limits_.temp_root = dir_ / "root";
        const Verdict probe = check_code(python_answer("x = 1\n"), "assert x == 1\n", Language::kEnglish, limits_);
        if (probe.outcome == Outcome::kUnknown) GTEST_SKIP() << "Python cannot run here: " << probe.sentence;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    bool temp_root_is_empty() const { return fs::is_empty(dir_ / "root"); }

    fs::path dir_;
    CodeRunLimits limits_;
};

} // namespace

// ---- extraction ---------------------------------------------------------------------------------

TEST(ExtractCode, PicksThePythonBlockOverOtherLanguagesAndUnmarkedBlocks) {
    const std::string answer = "```cpp\nint main() {}\n```\n"
                               "```python\ndef f():\n    return 1\n```\n"
                               "```\nplain text\n```\n"
                               "```text\noutput\n```\n";
    EXPECT_EQ(extract_code(answer), "def f():\n    return 1\n");
}

TEST(ExtractCode, PicksTheLastPythonBlockOverAnEarlierDraft) {
    const std::string answer = "First attempt:\n```python\ndef f(n):\n    return n\n```\n"
                               "Wait, that misses the boundary. Corrected:\n"
                               "```py\ndef f(n):\n    return n + 1\n```\n";
    EXPECT_EQ(extract_code(answer), "def f(n):\n    return n + 1\n");
}

TEST(ExtractCode, AnExampleUsageBlockDoesNotDisplaceTheSolution) {
    const std::string answer = "```python3\ndef f(n):\n    return 2 * n\n```\n"
                               "Example usage:\n```python\nprint(f(3))  # 6\n```\n";
    EXPECT_EQ(extract_code(answer), "def f(n):\n    return 2 * n\n");
}

TEST(ExtractCode, FallsBackToTheLastUnmarkedBlock) {
    const std::string answer = "```\nfirst = 1\n```\n```json\n{}\n```\n```\nsecond = 2\n```\n";
    EXPECT_EQ(extract_code(answer), "second = 2\n");
}

TEST(ExtractCode, SkipsABlockThatWasNeverClosed) {
    EXPECT_EQ(extract_code("```python\nx = 1\n```\n```python\ndef f(n):\n    return"), "x = 1\n");
    EXPECT_EQ(extract_code("```python\ndef f(n):\n    return"), std::nullopt);
}

TEST(ExtractCode, NothingWithoutAFencedBlock) {
    EXPECT_EQ(extract_code("The answer is 42. Use `print(42)`."), std::nullopt);
    EXPECT_EQ(extract_code(""), std::nullopt);
}

TEST(ExtractCode, AcceptsCarriageReturnsAndLongerFences) {
    EXPECT_EQ(extract_code("````Python\r\nx = '```'\r\n````\r\n"), "x = '```'\r\n");
}

// ---- verdicts without running anything ---------------------------------------------------------

TEST(CheckCode, AnAnswerWithoutCodeIsUnknown) {
    const Verdict v = check_code("The function should return n + 1.", "assert f(1) == 2\n", Language::kEnglish);
    EXPECT_EQ(v.verifier, "code");
    EXPECT_EQ(v.outcome, Outcome::kUnknown);
    EXPECT_EQ(v.sentence, "The answer contains no complete code block, so there is no code to run.");
    EXPECT_EQ(check_code("答案是 n+1。", "assert f(1) == 2\n", Language::kChinese).sentence,
              "回答中没有完整的代码块，没有可运行的代码。");
}

TEST(CheckCode, AMissingInterpreterIsUnknownWithASentence) {
    CodeRunLimits limits;
    limits.interpreter = "/nonexistent/bin/python3";
    const Verdict by_path = check_code(python_answer("x = 1\n"), "assert x == 1\n", Language::kEnglish, limits);
    EXPECT_EQ(by_path.outcome, Outcome::kUnknown);
    EXPECT_EQ(by_path.sentence, "/nonexistent/bin/python3 was not found, so the code could not be run.");

    const char * saved = std::getenv("PATH");
    const std::string old_path = saved != nullptr ? saved : "";
    ::setenv("PATH", "/nonexistent/bin", 1);
    const Verdict en = check_code(python_answer("x = 1\n"), "assert x == 1\n", Language::kEnglish);
    const Verdict zh = check_code(python_answer("x = 1\n"), "assert x == 1\n", Language::kChinese);
    ::setenv("PATH", old_path.c_str(), 1);
    EXPECT_EQ(en.outcome, Outcome::kUnknown);
    EXPECT_EQ(en.sentence, "python3 was not found on PATH, so the code could not be run.");
    EXPECT_EQ(zh.sentence, "在 PATH 中找不到 python3，无法运行代码。");
}

TEST(CheckCode, AnInterpreterThatIsNotPythonIsUnknown) {
    if (::access("/bin/false", X_OK) != 0) GTEST_SKIP() << "no /bin/false";
    CodeRunLimits limits;
    limits.interpreter = "/bin/false";
    const Verdict v = check_code(python_answer("x = 1\n"), "assert x == 1\n", Language::kEnglish, limits);
    EXPECT_EQ(v.outcome, Outcome::kUnknown);
    EXPECT_EQ(v.sentence, "/bin/false did not start Python, so the code could not be run.");
}

TEST(CheckCode, NoTestsIsUnknown) {
    const Verdict v = check_code(python_answer("x = 1\n"), "  \n", Language::kEnglish);
    EXPECT_EQ(v.outcome, Outcome::kUnknown);
    EXPECT_EQ(v.sentence, "No tests were given, so the code was not run.");
}

// ---- running code ------------------------------------------------------------------------------

constexpr const char * kIsPrimeTests = "assert is_prime(2) == True\n"
                                       "assert is_prime(1) == False\n"
                                       "assert is_prime(9) == False\n"
                                       "assert is_prime(97) == True\n";

TEST_F(CodeCheck, CorrectCodePasses) {
    const std::string code = "def is_prime(n):\n"
                             "    if n < 2:\n"
                             "        return False\n"
                             "    return all(n % d for d in range(2, int(n ** 0.5) + 1))\n";
    const Verdict v = check_code(python_answer(code), kIsPrimeTests, Language::kEnglish, limits_);
    EXPECT_EQ(v.verifier, "code");
    EXPECT_EQ(v.outcome, Outcome::kPass) << v.evidence;
    EXPECT_EQ(v.sentence, "The code passed the tests.");
    EXPECT_NE(v.evidence.find("sandbox: "), std::string::npos);
    EXPECT_NE(v.offset, std::string::npos);
    EXPECT_TRUE(temp_root_is_empty());
}

TEST_F(CodeCheck, AMissedBoundaryCaseFailsNamingTheAssert) {
    const std::string code = "def is_prime(n):\n"
                             "    return all(n % d for d in range(2, n))\n"; // says 1 is prime
    const Verdict en = check_code(python_answer(code), kIsPrimeTests, Language::kEnglish, limits_);
    EXPECT_EQ(en.outcome, Outcome::kFail);
    EXPECT_EQ(en.sentence, "The test `assert is_prime(1) == False` failed: AssertionError.");
    const Verdict zh = check_code(python_answer(code), kIsPrimeTests, Language::kChinese, limits_);
    EXPECT_EQ(zh.sentence, "测试 assert is_prime(1) == False 没有通过：AssertionError。");
}

TEST_F(CodeCheck, AnOffByOneFailsNamingTheFirstFailingAssert) {
    const std::string code = "def factorial(n):\n"
                             "    result = 1\n"
                             "    for i in range(1, n):\n"
                             "        result *= i\n"
                             "    return result\n";
    const std::string tests = "assert factorial(0) == 1\nassert factorial(1) == 1\n"
                              "assert factorial(5) == 120\nassert factorial(6) == 720\n";
    const Verdict v = check_code(python_answer(code), tests, Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.sentence, "The test `assert factorial(5) == 120` failed: AssertionError.");
}

TEST_F(CodeCheck, AnExceptionInsideTheCodeNamesTheTestAndTheCodeLine) {
    const std::string code = "def largest(xs):\n"
                             "    return max(xs)\n";
    const std::string tests = "assert largest([3, 1, 2]) == 3\nassert largest([]) is None\n";
    const Verdict v = check_code(python_answer(code), tests, Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.sentence,
              "The test `assert largest([]) is None` failed: ValueError: max() arg is an empty sequence (line 2 of the code).");
}

TEST_F(CodeCheck, AssertsInsideACheckFunctionNameTheAssertLine) {
    const std::string code = "def add(a, b):\n    return a - b\n";
    const std::string tests = "def check(candidate):\n"
                              "    assert candidate(0, 0) == 0\n"
                              "    assert candidate(2, 3) == 5, 'two plus three'\n"
                              "\n"
                              "check(add)\n";
    const Verdict v = check_code(python_answer(code), tests, Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.sentence, "The test `assert candidate(2, 3) == 5, 'two plus three'` failed: AssertionError: two plus three.");
}

TEST_F(CodeCheck, TestsThatImportTheSolutionModuleOrUseUnittestWork) {
    const std::string code = "def double(n):\n    return 2 * n\n\nif __name__ == '__main__':\n    print(double(int(input())))\n";
    const std::string tests = "import unittest\n"
                              "from solution import double\n"
                              "class T(unittest.TestCase):\n"
                              "    def test_double(self):\n"
                              "        self.assertEqual(double(4), 8)\n"
                              "unittest.main()\n";
    const Verdict v = check_code(python_answer(code), tests, Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kPass) << v.evidence;
}

TEST_F(CodeCheck, ASyntaxErrorNamesItsLine) {
    const std::string code = "def f(n):\n    return (n + 1\n\nx = 2\n";
    const Verdict v = check_code(python_answer(code), "assert f(1) == 2\n", Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_TRUE(v.sentence.starts_with("The code has a syntax error at line 2: ")) << v.sentence;
    const Verdict zh = check_code(python_answer(code), "assert f(1) == 2\n", Language::kChinese, limits_);
    EXPECT_TRUE(zh.sentence.starts_with("代码第 2 行有语法错误：")) << zh.sentence;
}

TEST_F(CodeCheck, CodeThatReadsStdinFailsBeforeTheTests) {
    const std::string code = "n = int(input())\ndef f(x):\n    return x\n";
    const Verdict v = check_code(python_answer(code), "assert f(1) == 1\n", Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.sentence, "Running the code raised EOFError: EOF when reading a line at line 1, before any test ran.");
}

TEST_F(CodeCheck, CodeThatEndsTheProcessEarlyDoesNotPass) {
    for (const char * exit : {"import sys\nsys.exit(0)\n", "import os\nos._exit(0)\n"}) {
        const Verdict v = check_code(python_answer(exit), "assert False\n", Language::kEnglish, limits_);
        EXPECT_EQ(v.outcome, Outcome::kFail) << exit;
        EXPECT_EQ(v.sentence, "The code ended the process before the tests finished.");
    }
}

TEST_F(CodeCheck, AnInfiniteLoopTimesOutAndItsProcessesAreGone) {
    limits_.time_limit = 1500ms;
    // A helper process asleep, and the program looping: both bear the program's name.
    const std::string name = r1tune::testing_support::own_process_name("r1loop");
    const std::string code = r1tune::testing_support::python_named(name, "import os, time\n"
                                                                 "if os.fork() == 0:\n"
                                                                 "    time.sleep(1000)\n"
                                                                 "while True:\n"
                                                                 "    pass\n");
    const Verdict v = check_code(python_answer(code), "assert True\n", Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.sentence, "The code timed out after 1.5 s.");
    EXPECT_EQ(check_code(python_answer("while True:\n    pass\n"), "assert True\n", Language::kChinese, limits_).sentence,
              "代码运行超时（超过 1.5 秒）。");
    EXPECT_EQ(r1tune::testing_support::processes_left_named(name), 0);
    EXPECT_TRUE(temp_root_is_empty());
}

TEST_F(CodeCheck, ACancelledRequestStopsItsProgramAtOnceAndLeavesNothing) {
    // A server's client hung up while its answer's program ran: the run stops well before its
    // time limit, with its processes, and the check says it was not run.
    limits_.time_limit = 20s;
    std::atomic<bool> cancel{false};
    limits_.cancel = &cancel;
    const std::string name = r1tune::testing_support::own_process_name("r1cancel");
    const std::string code = r1tune::testing_support::python_named(name, "while True:\n    pass\n");
    std::thread hang_up([&] {
        std::this_thread::sleep_for(300ms);
        cancel = true;
    });
    const auto start = std::chrono::steady_clock::now();
    const Verdict v = check_code(python_answer(code), "assert True\n", Language::kEnglish, limits_);
    const auto took = std::chrono::steady_clock::now() - start;
    hang_up.join();
    EXPECT_EQ(v.outcome, Outcome::kUnknown);
    EXPECT_EQ(v.sentence, "The code's run was stopped: the request was cancelled.");
    EXPECT_LT(took, 10s); // the time limit is 20 s: only the cancel can have ended it
    EXPECT_EQ(r1tune::testing_support::processes_left_named(name), 0);
    EXPECT_TRUE(temp_root_is_empty());
}

TEST_F(CodeCheck, CodeCanWriteOnlyInItsOwnFolder) {
    const fs::path outside = dir_ / "outside.txt";
    const std::string code = "open('inside.txt', 'w').write('ok')\n"
                             "try:\n"
                             "    open('" + outside.string() + "', 'w').write('escaped')\n"
                             "    escaped = True\n"
                             "except OSError:\n"
                             "    escaped = False\n";
    const Verdict v = check_code(python_answer(code), "assert not escaped\n", Language::kEnglish, limits_);
    if (v.evidence.find("files not isolated") != std::string::npos) GTEST_SKIP() << "no mount namespace here";
    EXPECT_EQ(v.outcome, Outcome::kPass) << v.sentence << "\n" << v.evidence;
    EXPECT_FALSE(fs::exists(outside));
    EXPECT_NE(v.evidence.find("files read-only outside its folder"), std::string::npos) << v.evidence;
}

TEST_F(CodeCheck, AMemoryBombIsStopped) {
    limits_.memory_limit = std::size_t{256} << 20;
    const std::string code = "def grow():\n"
                             "    blocks = []\n"
                             "    while True:\n"
                             "        blocks.append(bytearray(16 * 1024 * 1024))\n";
    const Verdict v = check_code(python_answer(code), "grow()\n", Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.sentence, "The code ran out of memory (limit 256 MiB).");
    EXPECT_TRUE(temp_root_is_empty());
}

TEST_F(CodeCheck, CodeCannotReachTheNetwork) {
    // A listener of the test's own: without isolation the code would reach it.
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(listener, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(listener, 4), 0);
    ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length), 0);
    const std::string port = std::to_string(ntohs(address.sin_port));

    const std::string code = "import socket\n"
                             "def fetch(host, port):\n"
                             "    with socket.create_connection((host, port), timeout=3) as s:\n"
                             "        return True\n";
    const Verdict local = check_code(python_answer(code), "assert fetch('127.0.0.1', " + port + ")\n",
                                     Language::kEnglish, limits_);
    const int accepted = ::accept(listener, nullptr, nullptr);
    if (accepted >= 0) ::close(accepted);
    ::close(listener);
    if (local.evidence.find("network not isolated") != std::string::npos) {
        GTEST_SKIP() << "the kernel refuses network namespaces here: " << local.evidence;
    }
    EXPECT_LT(accepted, 0) << "the code connected to the test's listener";
    EXPECT_EQ(local.outcome, Outcome::kFail);
    EXPECT_TRUE(local.sentence.starts_with("The test `assert fetch('127.0.0.1', " + port + ")` failed: ")) << local.sentence;

    const Verdict remote = check_code(python_answer(code), "assert fetch('1.1.1.1', 80)\n", Language::kEnglish, limits_);
    EXPECT_EQ(remote.outcome, Outcome::kFail);
    EXPECT_NE(remote.sentence.find("OSError"), std::string::npos) << remote.sentence;
}

TEST_F(CodeCheck, FilesTheCodeWritesAreRemoved) {
    const std::string code = "import os, tempfile\n"
                             "def work():\n"
                             "    with open('notes.txt', 'w') as f:\n"
                             "        f.write('x' * 1000)\n"
                             "    os.makedirs('deep/er')\n"
                             "    with open('deep/er/file', 'w') as f:\n"
                             "        f.write('y')\n"
                             "    os.chmod('deep', 0)\n"
                             "    fd, path = tempfile.mkstemp()\n"
                             "    os.close(fd)\n"
                             "    os.symlink('/etc', 'etc-link')\n"
                             "    return True\n";
    const Verdict v = check_code(python_answer(code), "assert work()\n", Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kPass) << v.evidence;
    EXPECT_TRUE(temp_root_is_empty());
    EXPECT_TRUE(fs::exists("/etc"));
}

TEST_F(CodeCheck, AFileBeyondTheSizeLimitCannotBeWritten) {
    limits_.file_size_limit = std::size_t{1} << 20;
    const std::string code = "def fill():\n"
                             "    with open('big', 'wb') as f:\n"
                             "        f.write(b'x' * (2 << 20))\n";
    const Verdict v = check_code(python_answer(code), "fill()\n", Language::kEnglish, limits_);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_NE(v.sentence.find("File too large"), std::string::npos) << v.sentence;
    EXPECT_TRUE(temp_root_is_empty());
}

// ---- the program-output check -------------------------------------------------------------------

using r1tune::verify::check_program_output;
using r1tune::verify::shows_program_output;

namespace {

// The shape Qwen2.5-Coder answers GSM8K in: a program, then the output it says it printed.
std::string program_answer(const std::string & code, const std::string & output) {
    return "Let's compute it in Python.\n```python\n" + code + "```\n```output\n" + output +
           "\n```\nSo the answer is \\(\\boxed{" + output + "}\\).";
}

const std::string kFlowers = "yellow = 10\n"
                             "purple = yellow * 1.80\n"
                             "green = (yellow + purple) * 0.25\n"
                             "print(yellow + purple + green)\n";

} // namespace

TEST_F(CodeCheck, AnInventedProgramOutputFailsSayingWhatTheProgramPrints) {
    // The program prints 35.0; an answer that says 85.0 rests on an output the model made up.
    const Verdict v = check_program_output(program_answer(kFlowers, "85.0"), Language::kEnglish, limits_);
    EXPECT_EQ(v.verifier, "program");
    EXPECT_EQ(v.outcome, Outcome::kFail) << v.evidence;
    EXPECT_EQ(v.sentence, "Running the answer's program prints 35.0, not 85.0 as the answer says.");
    const Verdict zh = check_program_output(program_answer(kFlowers, "85"), Language::kChinese, limits_);
    EXPECT_EQ(zh.outcome, Outcome::kFail);
    EXPECT_NE(zh.sentence.find("35.0"), std::string::npos) << zh.sentence;
    EXPECT_TRUE(temp_root_is_empty());
}

TEST_F(CodeCheck, AProgramOutputThatMatchesPassesNumbersToFloatPrecision) {
    for (const char * claimed : {"35.0", "35", "35.000000000001"}) {
        const Verdict v = check_program_output(program_answer(kFlowers, claimed), Language::kEnglish, limits_);
        EXPECT_EQ(v.outcome, Outcome::kPass) << claimed << ": " << v.sentence;
    }
    // Several lines and lists compare word by word.
    const Verdict list = check_program_output(program_answer("print([1, 2.5])\nprint('done', 3)\n", "[1, 2.5]\ndone 3"),
                                              Language::kEnglish, limits_);
    EXPECT_EQ(list.outcome, Outcome::kPass) << list.sentence;
    const Verdict wrong = check_program_output(program_answer("print([1, 2.5])\n", "[1, 3.5]"), Language::kEnglish, limits_);
    EXPECT_EQ(wrong.outcome, Outcome::kFail) << wrong.sentence;
}

TEST_F(CodeCheck, AProgramThatDoesNotRunToItsEndRefutesNothing) {
    for (const char * code : {"print(undefined_name)\n", "import numpy_that_is_not_here\nprint(1)\n", "def f(:\n"}) {
        const Verdict v = check_program_output(program_answer(code, "4"), Language::kEnglish, limits_);
        EXPECT_EQ(v.outcome, Outcome::kUnknown) << code << ": " << v.sentence;
    }
    // A definition whose call is missing prints nothing: a slip, not an invented output.
    const Verdict silent = check_program_output(program_answer("def f():\n    return 4\n", "4"), Language::kEnglish, limits_);
    EXPECT_EQ(silent.outcome, Outcome::kUnknown) << silent.sentence;
    // The call in a second block uses what the first defined: alone it raises, which refutes nothing.
    const std::string two_blocks = "```python\ndef solve():\n    return 6 * 7\n```\n```python\nprint(solve())\n```\n"
                                   "```output\n42\n```\nThe answer is 42.";
    const Verdict split = check_program_output(two_blocks, Language::kEnglish, limits_);
    EXPECT_EQ(split.outcome, Outcome::kUnknown) << split.sentence;
}

TEST_F(CodeCheck, WholeNumbersCompareExactlyAndFloatsToTheirPrecision) {
    const Verdict million = check_program_output(program_answer("print(1000001)\n", "1000000"), Language::kEnglish, limits_);
    EXPECT_EQ(million.outcome, Outcome::kFail) << million.sentence;
    const Verdict exponent = check_program_output(program_answer("print(1e-07)\n", "0.0000001"), Language::kEnglish, limits_);
    EXPECT_EQ(exponent.outcome, Outcome::kPass) << exponent.sentence;
    const Verdict near = check_program_output(program_answer("print(0.1 + 0.2)\n", "0.3"), Language::kEnglish, limits_);
    EXPECT_EQ(near.outcome, Outcome::kPass) << near.sentence;
    const Verdict off = check_program_output(program_answer("print(0.1 + 0.2)\n", "0.31"), Language::kEnglish, limits_);
    EXPECT_EQ(off.outcome, Outcome::kFail) << off.sentence;
}

TEST(ProgramOutput, OnlyAProgramFollowedByAnOutputBlockIsChecked) {
    EXPECT_TRUE(shows_program_output(program_answer(kFlowers, "35.0")));
    EXPECT_FALSE(shows_program_output(python_answer(kFlowers)));                 // no output block
    EXPECT_FALSE(shows_program_output("```output\n4\n```\n```python\nprint(4)\n```")); // the output comes first
    EXPECT_FALSE(shows_program_output("```python\nprint(4)\n```\nThen:\n```text\n4\n```")); // not an output block
    const Verdict v = check_program_output("The answer is 4.", Language::kEnglish);
    EXPECT_EQ(v.outcome, Outcome::kUnknown);
    EXPECT_EQ(v.verifier, "program");
}

// ---- where the kernel refuses the sandbox's namespaces ------------------------------------------

// tests/verify/CMakeLists.txt also runs this in a user namespace that may make no more of them
// (R1TUNE_EXPECT_NO_NAMESPACES set): there the sandbox could cut the network off (a namespace's
// root may still make a network namespace) but not keep the files read-only, and the code, which
// would leave a file behind, must not run at all.
TEST(CodeSandboxIsolation, WhereTheKernelRefusesNamespacesModelCodeDoesNotRun) {
    if (r1tune::testing_support::user_namespaces_allowed()) {
        if (std::getenv("R1TUNE_EXPECT_NO_NAMESPACES") != nullptr) FAIL() << "user namespaces were not refused";
        GTEST_SKIP() << "the sandbox can isolate code here";
    }
    if (std::system("command -v python3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3 here";
    const fs::path marker = fs::temp_directory_path() / ("r1tune-isolation-marker-" + std::to_string(::getpid()));
    const std::string leaves_a_file = "open('" + marker.string() + "', 'w').write('ran')\n";
    const Verdict code = check_code(python_answer("def f():\n    return 1\n" + leaves_a_file), "assert f() == 1\n",
                                    Language::kEnglish, {});
    EXPECT_EQ(code.outcome, Outcome::kUnknown);
    EXPECT_EQ(code.sentence, "The sandbox cannot cut the network off or keep the files read-only here, so the "
                             "code was not run.");
    const Verdict program = r1tune::verify::check_program_output(
        "```python\n" + leaves_a_file + "print(2)\n```\n```output\n3\n```\n", Language::kChinese, {});
    EXPECT_EQ(program.outcome, Outcome::kUnknown);
    EXPECT_EQ(program.sentence, "这里的沙箱无法断开网络或保护文件，因此没有运行代码。");
    EXPECT_FALSE(fs::exists(marker));
    fs::remove(marker);
}

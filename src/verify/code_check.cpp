#include "verify/code_check.h"

#include "process/child_process.h"
#include "text/characters.h"
#include "text/utf8.h"
#include "verify/number.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

extern char ** environ;

namespace r1tune::verify {

namespace {

namespace fs = std::filesystem;
using text::Language;

constexpr std::size_t npos = std::string_view::npos;

std::string say(Language language, std::string english, std::string chinese) {
    return language == Language::kChinese ? std::move(chinese) : std::move(english);
}

std::string_view trim(std::string_view s) {
    const std::size_t first = s.find_first_not_of(" \t\r\n");
    if (first == npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char & c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// ---- extraction -------------------------------------------------------------------------------

struct FencedBlock {
    std::string info;          // the first word after the opening fence, lowercased
    std::string_view content;
    std::size_t offset = 0;    // of the content in the answer
};

// Complete blocks only: a block the answer never closed was cut off, and running half a
// program says nothing about the model's solution.
std::vector<FencedBlock> complete_fenced_blocks(std::string_view text) {
    std::vector<FencedBlock> blocks;
    std::size_t fence = 0; // backticks of the open fence; 0 outside a block
    FencedBlock open;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view line = text.substr(pos, end - pos);
        const std::size_t next = end < text.size() ? end + 1 : end;
        const std::size_t indent = line.find_first_not_of(' ');
        if (indent != npos && indent <= 3 && line[indent] == '`') {
            const std::size_t ticks = std::min(line.find_first_not_of('`', indent), line.size()) - indent;
            const std::string_view rest = trim(line.substr(indent + ticks));
            if (fence == 0 && ticks >= 3 && rest.find('`') == npos) {
                fence = ticks;
                open.info = lowercase(rest.substr(0, std::min(rest.find_first_of(" \t{"), rest.size())));
                open.offset = next;
            } else if (fence != 0 && ticks >= fence && rest.empty()) {
                open.content = text.substr(open.offset, pos - open.offset);
                blocks.push_back(open);
                fence = 0;
            }
        }
        pos = next;
    }
    return blocks;
}

// A top-level def or class: the block is a solution rather than an example call of one.
bool defines_something(std::string_view code) {
    for (std::size_t pos = 0; pos < code.size();) {
        const std::size_t end = std::min(code.find('\n', pos), code.size());
        const std::string_view line = code.substr(pos, end - pos);
        if (line.starts_with("def ") || line.starts_with("class ") || line.starts_with("async def ")) {
            return true;
        }
        pos = end + 1;
    }
    return false;
}

const FencedBlock * pick(const std::vector<const FencedBlock *> & candidates) {
    if (candidates.empty()) return nullptr;
    for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
        if (defines_something((*it)->content)) return *it;
    }
    return candidates.back();
}

std::optional<FencedBlock> find_code(std::string_view answer) {
    const std::vector<FencedBlock> blocks = complete_fenced_blocks(answer);
    std::vector<const FencedBlock *> python, unmarked;
    for (const FencedBlock & block : blocks) {
        if (block.info == "python" || block.info == "py" || block.info == "python3") {
            python.push_back(&block);
        } else if (block.info.empty()) {
            unmarked.push_back(&block);
        }
    }
    const FencedBlock * chosen = python.empty() ? pick(unmarked) : pick(python);
    if (chosen == nullptr || trim(chosen->content).empty()) return std::nullopt;
    return *chosen;
}

// ---- the sandboxed process --------------------------------------------------------------------

std::string errno_text(int error) { return std::strerror(error); }

rlim_t cpu_seconds(const CodeRunLimits & limits) {
    return static_cast<rlim_t>((limits.time_limit.count() + 999) / 1000) + 1;
}

// Runs `args` isolated and limited as the header says: the process launcher does the isolating.
Status run_sandboxed(const std::vector<std::string> & args, const std::vector<std::string> & env, const std::string & cwd,
                     const CodeRunLimits & limits, process::ChildResult & out) {
    process::ChildOptions options;
    options.argv = args;
    options.environment = env;
    options.working_directory = cwd;
    options.isolate = true;
    // The CPU limit is a backstop for the wall clock: SIGXCPU one second later, then SIGKILL.
    const rlim_t cpu = cpu_seconds(limits);
    options.limits = {
        {RLIMIT_AS, {limits.memory_limit, limits.memory_limit}},
        {RLIMIT_CPU, {cpu, cpu + 1}},
        {RLIMIT_FSIZE, {limits.file_size_limit, limits.file_size_limit}},
        {RLIMIT_CORE, {0, 0}},
    };
    options.time_limit = limits.time_limit;
    options.output_limit = limits.output_limit;
    return process::run_child(options, out);
}

// ---- the throw-away folder --------------------------------------------------------------------

// Removes a tree the code may have written, even where it took its own permissions away.
void remove_tree(const fs::path & dir) {
    std::error_code ec;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->symlink_status(ec).type() == fs::file_type::directory) remove_tree(it->path());
    }
    fs::remove_all(dir, ec);
}

class TempDir {
public:
    explicit TempDir(const fs::path & root) {
        std::string pattern = (root / "r1tune-code-XXXXXX").string();
        if (::mkdtemp(pattern.data()) != nullptr) {
            path_ = pattern;
        } else {
            error_ = "mkdtemp in " + root.string() + ": " + errno_text(errno);
        }
    }
    TempDir(const TempDir &) = delete;
    TempDir & operator=(const TempDir &) = delete;
    ~TempDir() {
        if (!path_.empty()) remove_tree(path_);
    }
    const fs::path & path() const { return path_; }
    const std::string & error() const { return error_; }

private:
    fs::path path_;
    std::string error_;
};

bool write_file(const fs::path & path, std::string_view content) {
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return static_cast<bool>(out);
}

std::optional<std::string> read_file(const fs::path & path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

// ---- the interpreter --------------------------------------------------------------------------

std::optional<std::string> find_executable(const std::string & name) {
    const auto runnable = [](const std::string & path) {
        struct stat st{};
        return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
    };
    if (name.find('/') != std::string::npos) {
        if (runnable(name)) return name;
        return std::nullopt;
    }
    const char * path = std::getenv("PATH");
    const std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
    for (std::size_t pos = 0; pos <= dirs.size();) {
        const std::size_t end = std::min(dirs.find(':', pos), dirs.size());
        const std::string_view dir = dirs.substr(pos, end - pos);
        const std::string candidate = (dir.empty() ? std::string(".") : std::string(dir)) + "/" + name;
        if (runnable(candidate)) return candidate;
        pos = end + 1;
    }
    return std::nullopt;
}

// The interpreter behind a PATH entry. Version-manager shims are shell scripts that need the
// user's environment, which the sandbox does not pass on; asking Python for sys.executable once,
// with that environment, gives the binary the sandbox then runs directly.
struct Resolved {
    std::string path;     // empty when the interpreter did not start
    std::string problem;  // what happened instead
};

Resolved resolve_interpreter(const std::string & found, const fs::path & cwd, const CodeRunLimits & limits) {
    static std::mutex mutex;
    static std::map<std::string, std::string> cache;
    {
        std::lock_guard lock(mutex);
        if (const auto it = cache.find(found); it != cache.end()) return {it->second, {}};
    }
    std::vector<std::string> env;
    for (char ** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
    process::ChildResult probe;
    const Status started =
        run_sandboxed({found, "-I", "-c", "import sys; sys.stdout.write(sys.executable)"}, env, cwd.string(), limits, probe);
    if (!started || !probe.succeeded()) {
        std::string problem = !started ? started.message() : std::string(trim(probe.err));
        if (problem.empty()) problem = "it did not answer the sys.executable probe";
        return {{}, problem};
    }
    const std::string executable(trim(probe.out));
    const std::string path = find_executable(executable).value_or(found);
    std::lock_guard lock(mutex);
    cache.emplace(found, path);
    return {path, {}};
}

// ---- the runner -------------------------------------------------------------------------------

constexpr std::string_view kCodeFile = "solution.py";
constexpr std::string_view kTestsFile = "tests.py";
constexpr std::string_view kRunnerFile = "r1tune_runner.py";
constexpr std::string_view kReportFile = "r1tune_report.txt";

// Runs the code as the module `solution` (so `if __name__ == "__main__":` demos stay quiet),
// then the tests in a copy of its namespace, and writes one report line per field: the outcome,
// and for an exception the stage, its type, the innermost line in the tests and in the code,
// which of the two is innermost, and its message. The report, not the exit status, decides a
// pass: code that ends the process early exits 0 without one.
constexpr std::string_view kRunner = R"py(import os
import sys
import traceback
import types

REPORT = os.path.abspath("r1tune_report.txt")


def report(*fields):
    with open(REPORT, "w", encoding="utf-8", errors="backslashreplace") as out:
        out.write("\n".join(str(f).replace("\r", " ").replace("\n", " ") for f in fields))


def compiled(filename, stage):
    with open(filename, encoding="utf-8", errors="replace") as source:
        text = source.read()
    try:
        return compile(text, filename, "exec")
    except (SyntaxError, ValueError) as error:
        report("syntax", stage, getattr(error, "lineno", 0) or 0, getattr(error, "msg", str(error)))
        sys.exit(1)


def lines(error):
    tests_line = code_line = 0
    innermost = ""
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == "tests.py":
            tests_line, innermost = frame.lineno, "tests"
        elif frame.filename == "solution.py":
            code_line, innermost = frame.lineno, "code"
    return (tests_line, code_line, innermost)


code = compiled("solution.py", "code")
tests = compiled("tests.py", "tests")
solution = types.ModuleType("solution")
sys.modules["solution"] = solution
namespace = {}
stage = "code"
try:
    exec(code, solution.__dict__)
    stage = "tests"
    namespace.update(solution.__dict__)
    namespace["__name__"] = "__main__"
    exec(tests, namespace)
    result = ("pass",)
except MemoryError:
    result = ("memory", stage)
except BaseException as error:
    try:
        message = str(error)
    except Exception:
        message = ""
    result = ("raised", stage, type(error).__name__) + lines(error) + (message,)
# Whatever the code allocated goes first, so a report after a MemoryError has room.
solution.__dict__.clear()
namespace.clear()
report(*result)
sys.exit(0 if result[0] == "pass" else 1)
)py";

struct Report {
    std::string kind;          // pass, memory, syntax, raised
    std::string stage;         // code, tests
    std::string type;          // the exception's type
    long tests_line = 0;
    long code_line = 0;
    std::string innermost;     // code, tests
    std::string message;
};

Report parse_report(const std::string & content) {
    std::vector<std::string> fields;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t end = content.find('\n', pos);
        fields.push_back(content.substr(pos, end == npos ? npos : end - pos));
        if (end == npos) break;
        pos = end + 1;
    }
    fields.resize(7);
    Report r;
    r.kind = fields[0];
    r.stage = fields[1];
    if (r.kind == "syntax") {
        (r.stage == "tests" ? r.tests_line : r.code_line) = std::atol(fields[2].c_str());
        r.message = fields[3];
    } else if (r.kind == "raised") {
        r.type = fields[2];
        r.tests_line = std::atol(fields[3].c_str());
        r.code_line = std::atol(fields[4].c_str());
        r.innermost = fields[5];
        r.message = fields[6];
    }
    return r;
}

// ---- sentences --------------------------------------------------------------------------------

std::string seconds_text(std::chrono::milliseconds ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(ms.count()) / 1000.0);
    return buffer;
}

std::string mib_text(std::size_t bytes) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(bytes) / (1 << 20));
    return buffer;
}

// A message short enough for one sentence, cut on a UTF-8 character boundary, without a final
// full stop (the sentence adds its own).
std::string short_message(std::string_view message) {
    std::string_view m = trim(message);
    if (m.size() > 200) return std::string(text::cut_to_bytes(m, 200)) + "…";
    while (!m.empty() && m.back() == '.') m.remove_suffix(1);
    return std::string(m);
}

std::string exception_text(const Report & r) {
    const std::string message = short_message(r.message);
    return message.empty() ? r.type : r.type + ": " + message;
}

// The code's output goes into the evidence, which must stay UTF-8 (it may be written as JSON):
// bytes that do not belong to a character, including one cut by the tail, become '?'.
std::string printable(std::string_view s) {
    std::string out;
    std::size_t bad = 0;
    while (!text::is_valid_utf8(s, &bad)) {
        out.append(s.substr(0, bad));
        out += '?';
        s.remove_prefix(bad + 1);
    }
    out.append(s);
    return out;
}

std::string line_of(std::string_view source, long number) {
    std::size_t pos = 0;
    for (long i = 1; i < number && pos != npos; ++i) {
        pos = source.find('\n', pos);
        if (pos != npos) ++pos;
    }
    if (number < 1 || pos == npos) return {};
    return std::string(trim(source.substr(pos, source.find('\n', pos) - pos)));
}

std::string sandbox_text(const process::ChildResult & child, const CodeRunLimits & limits) {
    std::string network;
    switch (child.network) {
    case process::Network::kUserAndNetNamespaces: network = "no network (new user and network namespaces)"; break;
    case process::Network::kNetNamespace:
        network = "no network (new network namespace; user namespaces refused: " + errno_text(child.network_errno) + ")";
        break;
    case process::Network::kShared:
        network = "network not isolated (unshare of user and network namespaces failed: " + errno_text(child.network_errno) + ")";
        break;
    }
    return "sandbox: " + network + "; " + seconds_text(limits.time_limit) + " s wall clock, " +
           std::to_string(cpu_seconds(limits)) + " s CPU, " + mib_text(limits.memory_limit) + " MiB address space, " +
           mib_text(limits.file_size_limit) + " MiB per file";
}

Verdict make(Outcome outcome, std::string sentence, std::string evidence, std::size_t offset,
             std::string verifier = "code") {
    Verdict v;
    v.verifier = std::move(verifier);
    v.outcome = outcome;
    v.sentence = std::move(sentence);
    v.evidence = std::move(evidence);
    v.offset = offset;
    return v;
}

Verdict judge(const process::ChildResult & run, const std::optional<std::string> & report_text, std::string_view tests,
              Language language, const CodeRunLimits & limits, std::size_t offset) {
    const std::string sandbox = sandbox_text(run, limits);
    const std::string stderr_tail = printable(std::string_view(run.err).substr(run.err.size() - std::min<std::size_t>(run.err.size(), 2000)));
    const auto fail = [&](std::string sentence, const std::string & detail) {
        std::string evidence = detail;
        if (!trim(stderr_tail).empty()) evidence += "\nstderr:\n" + std::string(trim(stderr_tail));
        return make(Outcome::kFail, std::move(sentence), evidence + "\n" + sandbox, offset);
    };
    const std::string limit_s = seconds_text(limits.time_limit);
    const std::string limit_mib = mib_text(limits.memory_limit);
    const auto timed_out = [&] {
        return fail(say(language, "The code timed out after " + limit_s + " s.", "代码运行超时（超过 " + limit_s + " 秒）。"),
                    "killed after " + limit_s + " s");
    };
    const auto out_of_memory = [&] {
        return fail(say(language, "The code ran out of memory (limit " + limit_mib + " MiB).",
                        "代码内存不足（上限 " + limit_mib + " MiB）。"),
                    "MemoryError");
    };
    const auto ended_early = [&](const std::string & detail) {
        return fail(say(language, "The code ended the process before the tests finished.", "代码在测试结束之前就退出了进程。"),
                    detail);
    };

    if (run.end == process::ChildResult::End::kTimedOut || (run.end == process::ChildResult::End::kSignaled && run.code == SIGXCPU)) {
        return timed_out();
    }
    if (report_text) {
        const Report r = parse_report(*report_text);
        const std::string line = std::to_string(r.code_line);
        const std::string tests_line = std::to_string(r.tests_line);
        if (r.kind == "pass" && run.end == process::ChildResult::End::kExited && run.code == 0) {
            return make(Outcome::kPass, say(language, "The code passed the tests.", "代码通过了测试。"), sandbox, offset);
        }
        if (r.kind == "memory") return out_of_memory();
        if (r.kind == "syntax" && r.stage == "tests") {
            return make(Outcome::kUnknown,
                        say(language, "The tests have a syntax error at line " + tests_line + ", so the code could not be checked.",
                            "测试第 " + tests_line + " 行有语法错误，无法检查代码。"),
                        r.message + "\n" + sandbox, offset);
        }
        if (r.kind == "syntax") {
            const std::string message = short_message(r.message);
            return fail(say(language, "The code has a syntax error at line " + line + ": " + message + ".",
                            "代码第 " + line + " 行有语法错误：" + message + "。"),
                        "SyntaxError at line " + line + ": " + r.message);
        }
        if (r.kind == "raised" && r.type == "MemoryError") return out_of_memory();
        if (r.kind == "raised" && r.type == "SystemExit") {
            if (r.stage == "code" || r.innermost == "code") return ended_early("SystemExit(" + r.message + ")");
            if (r.message.empty() || r.message == "0" || r.message == "None" || r.message == "False") {
                return make(Outcome::kPass, say(language, "The code passed the tests.", "代码通过了测试。"), sandbox, offset);
            }
            return fail(say(language, "The tests exited with status " + r.message + ".", "测试以退出码 " + r.message + " 结束。"),
                        "SystemExit(" + r.message + ") in the tests");
        }
        if (r.kind == "raised" && r.stage == "code") {
            const std::string exception = exception_text(r);
            return fail(say(language, "Running the code raised " + exception + " at line " + line + ", before any test ran.",
                            "代码在运行测试之前就出错了（第 " + line + " 行）：" + exception + "。"),
                        exception + " at line " + line + " of the code");
        }
        if (r.kind == "raised") {
            const std::string test = line_of(tests, r.tests_line);
            const std::string exception = exception_text(r);
            const bool in_code = r.innermost == "code";
            const std::string where_en = in_code ? " (line " + line + " of the code)" : "";
            const std::string where_zh = in_code ? "（代码第 " + line + " 行）" : "";
            const std::string detail = test + " → " + exception + (in_code ? " at line " + line + " of the code" : "");
            if (test.empty()) {
                return fail(say(language, "The tests failed: " + exception + where_en + ".",
                                "测试没有通过：" + exception + where_zh + "。"),
                            detail);
            }
            return fail(say(language, "The test `" + test + "` failed: " + exception + where_en + ".",
                            "测试 " + test + " 没有通过：" + exception + where_zh + "。"),
                        detail);
        }
    }
    // No report: the process ended before the runner could write one.
    if (run.err.find("MemoryError") != std::string::npos) return out_of_memory();
    if (run.end == process::ChildResult::End::kSignaled) {
        const char * abbrev = ::sigabbrev_np(run.code);
        const std::string name = abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(run.code);
        return fail(say(language, "The code crashed with " + name + ".", "代码因 " + name + " 崩溃。"), "killed by " + name);
    }
    if (run.code == 0) return ended_early("exit status 0 without a test report");
    const std::string status = std::to_string(run.code);
    return fail(say(language, "The code stopped with exit status " + status + " before the tests finished.",
                    "代码在测试结束之前以退出码 " + status + " 停止。"),
                "exit status " + status + " without a test report");
}

// A run in the sandbox, or why there was none (an unknown verdict of `verifier`).
struct SandboxRun {
    std::optional<Verdict> could_not_run;
    process::ChildResult run;
    std::optional<std::string> report; // the runner's report file, when one was asked for and written
};

// Writes `files` into a throw-away folder and runs `script` there with the resolved interpreter,
// isolated and limited as the header says.
SandboxRun run_in_sandbox(const std::vector<std::pair<std::string_view, std::string_view>> & files,
                          std::string_view script, std::string_view report_file, Language language,
                          const CodeRunLimits & limits, std::size_t offset, const std::string & verifier) {
    SandboxRun out;
    const std::optional<std::string> found = find_executable(limits.interpreter);
    if (!found) {
        const bool bare = limits.interpreter.find('/') == std::string::npos;
        out.could_not_run = make(Outcome::kUnknown,
                                 bare ? say(language, limits.interpreter + " was not found on PATH, so the code could not be run.",
                                            "在 PATH 中找不到 " + limits.interpreter + "，无法运行代码。")
                                      : say(language, limits.interpreter + " was not found, so the code could not be run.",
                                            "找不到 " + limits.interpreter + "，无法运行代码。"),
                                 "no executable " + limits.interpreter, offset, verifier);
        return out;
    }
    const auto cannot_run = [&](const std::string & why) {
        out.could_not_run = make(Outcome::kUnknown, say(language, "The code could not be run: " + why + ".", "无法运行代码：" + why + "。"),
                                 why, offset, verifier);
        return out;
    };
    std::error_code ec;
    const fs::path root = limits.temp_root.empty() ? fs::temp_directory_path(ec) : limits.temp_root;
    if (ec) return cannot_run("no temporary directory (" + ec.message() + ")");
    const TempDir dir(root);
    if (dir.path().empty()) return cannot_run(dir.error());

    const Resolved interpreter = resolve_interpreter(*found, dir.path(), limits);
    if (interpreter.path.empty()) {
        out.could_not_run = make(Outcome::kUnknown,
                                 say(language, limits.interpreter + " did not start Python, so the code could not be run.",
                                     limits.interpreter + " 无法启动 Python，无法运行代码。"),
                                 interpreter.problem, offset, verifier);
        return out;
    }
    for (const auto & [name, content] : files) {
        if (!write_file(dir.path() / name, content)) return cannot_run("writing to " + dir.path().string() + " failed");
    }
    const std::string home = dir.path().string();
    if (Status s = run_sandboxed({interpreter.path, "-I", "-X", "utf8", std::string(script)},
                                 {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home, "TMPDIR=" + home, "LANG=C.UTF-8"},
                                 home, limits, out.run);
        !s) {
        return cannot_run(s.message());
    }
    if (!report_file.empty()) out.report = read_file(dir.path() / report_file);
    return out;
}

// A program and the output the answer says it printed: the last complete ```output block and
// the Python block right before it (models trained on tool use write such pairs, and small ones
// invent what is in the output). Only that block runs: one that uses what an earlier block
// defined raises NameError alone, which refutes nothing.
struct ProgramAndOutput {
    FencedBlock program;
    FencedBlock output;
};

std::optional<ProgramAndOutput> program_and_output(std::string_view answer) {
    const std::vector<FencedBlock> blocks = complete_fenced_blocks(answer);
    for (std::size_t i = blocks.size(); i-- > 1;) {
        const FencedBlock & before = blocks[i - 1];
        const bool python = before.info == "python" || before.info == "py" || before.info == "python3";
        if (blocks[i].info == "output" && python && !trim(before.content).empty()) return ProgramAndOutput{before, blocks[i]};
    }
    return std::nullopt;
}

// The words of a program's output, numbers as exact values where they read as one.
std::vector<std::string> output_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '[' || c == ']' || c == '(' || c == ')' ||
            c == '\'' || c == '"') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

// A word as Python prints a number: 42, -3, 18.000000000000004, 1e-07, 2.5E+10.
std::optional<double> float_word(const std::string & word) {
    if (word.empty()) return std::nullopt;
    char * end = nullptr;
    errno = 0;
    const double value = std::strtod(word.c_str(), &end);
    if (end != word.c_str() + word.size() || errno == ERANGE || !std::isfinite(value)) return std::nullopt;
    return value;
}

// Equal words: the same text; whole numbers exactly (1000000 is not 1000001); other numbers to
// float precision (18.000000000000004 is 18.0, 1e-07 is 0.0000001).
bool same_word(const std::string & printed, const std::string & claimed) {
    if (printed == claimed) return true;
    const auto a = parse_number(printed), b = parse_number(claimed);
    if (a && b && a->length == printed.size() && b->length == claimed.size() && !a->decimal && !b->decimal) {
        return a->value == b->value;
    }
    const auto x = float_word(printed), y = float_word(claimed);
    if (!x || !y) return false;
    return std::fabs(*x - *y) <= 1e-9 * std::max({1.0, std::fabs(*x), std::fabs(*y)});
}

bool same_output(std::string_view printed, std::string_view claimed) {
    const std::vector<std::string> p = output_words(printed), c = output_words(claimed);
    if (p.size() != c.size() || p.empty()) return false;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (!same_word(p[i], c[i])) return false;
    }
    return true;
}

// The output as one line for a sentence: at most 80 bytes, cut on a character boundary.
std::string shown_output(std::string_view text) {
    std::string line;
    for (const std::string & word : output_words(text)) line += (line.empty() ? "" : " ") + word;
    if (line.size() <= 80) return printable(line);
    return printable(text::cut_to_bytes(line, 80)) + "…";
}

} // namespace

std::optional<std::string> extract_code(std::string_view answer_text) {
    if (const auto block = find_code(answer_text)) return std::string(block->content);
    return std::nullopt;
}

Verdict check_code(std::string_view answer_text, std::string_view tests, Language language, const CodeRunLimits & limits) {
    const auto block = find_code(answer_text);
    if (!block) {
        return make(Outcome::kUnknown,
                    say(language, "The answer contains no complete code block, so there is no code to run.",
                        "回答中没有完整的代码块，没有可运行的代码。"),
                    "no ```python block and no unmarked ``` block", npos);
    }
    if (trim(tests).empty()) {
        return make(Outcome::kUnknown, say(language, "No tests were given, so the code was not run.", "没有给出测试，代码未运行。"),
                    "empty tests", block->offset);
    }
    const SandboxRun sandboxed = run_in_sandbox(
        {{kCodeFile, block->content}, {kTestsFile, tests}, {kRunnerFile, kRunner}}, kRunnerFile, kReportFile, language,
        limits, block->offset, "code");
    if (sandboxed.could_not_run) return *sandboxed.could_not_run;
    return judge(sandboxed.run, sandboxed.report, tests, language, limits, block->offset);
}

bool shows_program_output(std::string_view answer_text) { return program_and_output(answer_text).has_value(); }

Verdict check_program_output(std::string_view answer_text, Language language, const CodeRunLimits & limits) {
    const std::string verifier = "program";
    const auto pair = program_and_output(answer_text);
    if (!pair) {
        return make(Outcome::kUnknown,
                    say(language, "The answer shows no program together with its output, so there is nothing to rerun.",
                        "回答中没有程序及其输出，无需重新运行。"),
                    "no ```python block followed by an ```output block", npos, verifier);
    }
    const FencedBlock & block = pair->program;
    const FencedBlock & claimed = pair->output;
    const SandboxRun sandboxed =
        run_in_sandbox({{kCodeFile, block.content}}, kCodeFile, "", language, limits, block.offset, verifier);
    if (sandboxed.could_not_run) return *sandboxed.could_not_run;
    const process::ChildResult & run = sandboxed.run;
    const std::string sandbox = sandbox_text(run, limits);
    const std::string printed = shown_output(run.out), written = shown_output(claimed.content);
    // A program that does not run to its end proves nothing about the answer: perhaps the model
    // ran a fixed version in its head. Only a clean run that prints something else refutes it.
    if (run.end != process::ChildResult::End::kExited || run.code != 0) {
        const std::string stderr_tail(trim(std::string_view(run.err).substr(run.err.size() - std::min<std::size_t>(run.err.size(), 600))));
        return make(Outcome::kUnknown,
                    say(language, "The answer's program did not run to its end here, so the output it shows was not confirmed.",
                        "回答中的程序在这里没有正常运行完，其输出未得到确认。"),
                    printable(stderr_tail) + "\n" + sandbox, block.offset, verifier);
    }
    // A program that prints nothing was not the one the output came from (a definition whose
    // call is missing): a slip of presentation, not an invented result.
    if (output_words(run.out).empty()) {
        return make(Outcome::kUnknown,
                    say(language, "The answer's program prints nothing here, so the output it shows was not confirmed.",
                        "回答中的程序在这里没有输出，其输出未得到确认。"),
                    sandbox, block.offset, verifier);
    }
    if (same_output(run.out, claimed.content)) {
        return make(Outcome::kPass,
                    say(language, "Running the answer's program prints " + printed + ", as the answer says.",
                        "运行回答中的程序输出 " + printed + "，与回答所写一致。"),
                    "printed: " + printed + "\n" + sandbox, block.offset, verifier);
    }
    return make(Outcome::kFail,
                say(language, "Running the answer's program prints " + printed + ", not " + written + " as the answer says.",
                    "运行回答中的程序输出的是 " + printed + "，而不是回答所写的 " + written + "。"),
                "printed: " + printed + "\nclaimed: " + written + "\n" + sandbox, claimed.offset, verifier);
}

} // namespace r1tune::verify

#include "verify/code_check.h"

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "text/ascii_text.h"
#include "text/characters.h"
#include "text/utf8.h"
#include "verify/number.h"

namespace r1tune::verify {

namespace {

using text::Language;

constexpr std::size_t npos = std::string_view::npos;

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

// A message short enough for one sentence, cut on a UTF-8 character boundary, without a final
// full stop (the sentence adds its own).
std::string short_message(std::string_view message) {
    std::string_view m = text::trim(message);
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
    return std::string(text::trim(source.substr(pos, source.find('\n', pos) - pos)));
}

Verdict judge(const process::ChildResult & run, const std::optional<std::string> & report_text, std::string_view tests,
              Language language, const CodeRunLimits & limits, std::size_t offset) {
    const std::string sandbox = sandbox_text(run, limits);
    const std::string stderr_tail = printable(std::string_view(run.err).substr(run.err.size() - std::min<std::size_t>(run.err.size(), 2000)));
    const auto fail = [&](std::string sentence, const std::string & detail) {
        std::string evidence = detail;
        if (!text::trim(stderr_tail).empty()) evidence += "\nstderr:\n" + std::string(text::trim(stderr_tail));
        return make_verdict("code", Outcome::kFail, std::move(sentence), evidence + "\n" + sandbox, offset);
    };
    const std::string limit_s = seconds_text(limits.time_limit);
    const std::string limit_mib = mib_text(limits.memory_limit);
    const auto timed_out = [&] {
        return fail(text::in_language(language, "The code timed out after " + limit_s + " s.", "代码运行超时（超过 " + limit_s + " 秒）。"),
                    "killed after " + limit_s + " s");
    };
    const auto out_of_memory = [&] {
        return fail(text::in_language(language, "The code ran out of memory (limit " + limit_mib + " MiB).",
                        "代码内存不足（上限 " + limit_mib + " MiB）。"),
                    "MemoryError");
    };
    const auto ended_early = [&](const std::string & detail) {
        return fail(text::in_language(language, "The code ended the process before the tests finished.", "代码在测试结束之前就退出了进程。"),
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
            return make_verdict("code",
                                Outcome::kPass,
                                text::in_language(language, "The code passed the tests.", "代码通过了测试。"),
                                sandbox,
                                offset);
        }
        if (r.kind == "memory") return out_of_memory();
        if (r.kind == "syntax" && r.stage == "tests") {
            return make_verdict("code",
                                Outcome::kUnknown,
                                text::in_language(language, "The tests have a syntax error at line " + tests_line + ", so the code could not be checked.",
                                    "测试第 " + tests_line + " 行有语法错误，无法检查代码。"),
                                r.message + "\n" + sandbox,
                                offset);
        }
        if (r.kind == "syntax") {
            const std::string message = short_message(r.message);
            return fail(text::in_language(language, "The code has a syntax error at line " + line + ": " + message + ".",
                            "代码第 " + line + " 行有语法错误：" + message + "。"),
                        "SyntaxError at line " + line + ": " + r.message);
        }
        if (r.kind == "raised" && r.type == "MemoryError") return out_of_memory();
        if (r.kind == "raised" && r.type == "SystemExit") {
            if (r.stage == "code" || r.innermost == "code") return ended_early("SystemExit(" + r.message + ")");
            if (r.message.empty() || r.message == "0" || r.message == "None" || r.message == "False") {
                return make_verdict("code",
                                    Outcome::kPass,
                                    text::in_language(language, "The code passed the tests.", "代码通过了测试。"),
                                    sandbox,
                                    offset);
            }
            return fail(text::in_language(language, "The tests exited with status " + r.message + ".", "测试以退出码 " + r.message + " 结束。"),
                        "SystemExit(" + r.message + ") in the tests");
        }
        if (r.kind == "raised" && r.stage == "code") {
            const std::string exception = exception_text(r);
            return fail(text::in_language(language, "Running the code raised " + exception + " at line " + line + ", before any test ran.",
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
                return fail(text::in_language(language, "The tests failed: " + exception + where_en + ".",
                                "测试没有通过：" + exception + where_zh + "。"),
                            detail);
            }
            return fail(text::in_language(language, "The test `" + test + "` failed: " + exception + where_en + ".",
                            "测试 " + test + " 没有通过：" + exception + where_zh + "。"),
                        detail);
        }
    }
    // No report: the process ended before the runner could write one.
    if (run.err.find("MemoryError") != std::string::npos) return out_of_memory();
    if (run.end == process::ChildResult::End::kSignaled) {
        const char * abbrev = ::sigabbrev_np(run.code);
        const std::string name = abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(run.code);
        return fail(text::in_language(language, "The code crashed with " + name + ".", "代码因 " + name + " 崩溃。"), "killed by " + name);
    }
    if (run.code == 0) return ended_early("exit status 0 without a test report");
    const std::string status = std::to_string(run.code);
    return fail(text::in_language(language, "The code stopped with exit status " + status + " before the tests finished.",
                    "代码在测试结束之前以退出码 " + status + " 停止。"),
                "exit status " + status + " without a test report");
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

Verdict check_code(std::string_view answer_text, std::string_view tests, Language language, const CodeRunLimits & limits) {
    const auto block = find_code(answer_text);
    if (!block) {
        return make_verdict("code",
                            Outcome::kUnknown,
                            text::in_language(language, "The answer contains no complete code block, so there is no code to run.",
                                "回答中没有完整的代码块，没有可运行的代码。"),
                            "no ```python block and no unmarked ``` block",
                            npos);
    }
    if (text::trim(tests).empty()) {
        return make_verdict("code",
                            Outcome::kUnknown,
                            text::in_language(language, "No tests were given, so the code was not run.", "没有给出测试，代码未运行。"),
                            "empty tests",
                            block->offset);
    }
    const SandboxRun sandboxed = run_in_sandbox(
        {{kCodeFile, block->content}, {kTestsFile, tests}, {kRunnerFile, kRunner}}, kRunnerFile, kReportFile, language,
        limits, block->offset, "code");
    if (sandboxed.could_not_run) return *sandboxed.could_not_run;
    return judge(sandboxed.run, sandboxed.report, tests, language, limits, block->offset);
}

Verdict check_program_output(std::string_view answer_text, Language language, const CodeRunLimits & limits) {
    const std::string verifier = "program";
    const auto pair = program_and_output(answer_text);
    if (!pair) {
        return make_verdict(verifier,
                            Outcome::kUnknown,
                            text::in_language(language, "The answer shows no program together with its output, so there is nothing to rerun.",
                                "回答中没有程序及其输出，无需重新运行。"),
                            "no ```python block followed by an ```output block",
                            npos);
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
        const std::string stderr_tail(text::trim(std::string_view(run.err).substr(run.err.size() - std::min<std::size_t>(run.err.size(), 600))));
        return make_verdict(verifier,
                            Outcome::kUnknown,
                            text::in_language(language, "The answer's program did not run to its end here, so the output it shows was not confirmed.",
                                "回答中的程序在这里没有正常运行完，其输出未得到确认。"),
                            printable(stderr_tail) + "\n" + sandbox,
                            block.offset);
    }
    // A program that prints nothing was not the one the output came from (a definition whose
    // call is missing): a slip of presentation, not an invented result.
    if (output_words(run.out).empty()) {
        return make_verdict(verifier,
                            Outcome::kUnknown,
                            text::in_language(language, "The answer's program prints nothing here, so the output it shows was not confirmed.",
                                "回答中的程序在这里没有输出，其输出未得到确认。"),
                            sandbox,
                            block.offset);
    }
    if (same_output(run.out, claimed.content)) {
        return make_verdict(verifier,
                            Outcome::kPass,
                            text::in_language(language, "Running the answer's program prints " + printed + ", as the answer says.",
                                "运行回答中的程序输出 " + printed + "，与回答所写一致。"),
                            "printed: " + printed + "\n" + sandbox,
                            block.offset);
    }
    return make_verdict(verifier,
                        Outcome::kFail,
                        text::in_language(language, "Running the answer's program prints " + printed + ", not " + written + " as the answer says.",
                            "运行回答中的程序输出的是 " + printed + "，而不是回答所写的 " + written + "。"),
                        "printed: " + printed + "\nclaimed: " + written + "\n" + sandbox,
                        claimed.offset);
}

} // namespace r1tune::verify

// The code verifier: takes the Python program out of a model's answer and runs it against given
// tests in a separate, limited process, then says in one sentence what happened.
//
// The process is `python3 -I` in a throw-away folder under `temp_root` (its working directory,
// HOME and TMPDIR; removed afterwards, also after a timeout), with stdin on /dev/null, a minimal
// environment, its own process group (killed as a whole), and rlimits on CPU time, address
// space, file size and core dumps. It gets no network when the kernel lets it enter new user and
// network namespaces (only a loopback that is down); when it does not, the verdict's evidence
// says so rather than claim an isolation it did not get. The file system is not isolated beyond
// that: code could still write elsewhere where its user may.
#pragma once

#include "text/language.h"
#include "verify/verdict.h"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

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
};

// The code of an answer: the last complete fenced block marked python, py or python3 (R1
// distills often write a draft, then a corrected version), else the last complete unmarked
// block. A later block that defines nothing (no `def` or `class`, e.g. an "example usage"
// snippet) does not displace an earlier one that does. Nothing when no block qualifies.
std::optional<std::string> extract_code(std::string_view answer_text);

// Runs the answer's code as the module `solution` (so an `if __name__ == "__main__":` demo does
// not run), then `tests` (Python source: asserts, statements that call the code, or unittest)
// in a copy of its namespace; `from solution import f` works too. Pass when the tests ran to
// their end; fail naming the first failing test line and its exception, a timeout, running out
// of memory, a syntax error or a crash; unknown when the answer has no code, there are no tests,
// or the interpreter could not be started. The sentence is in `language`; the evidence ends with
// a line describing the sandbox ("sandbox: ...").
Verdict check_code(std::string_view answer_text, std::string_view tests, text::Language language,
                   const CodeRunLimits & limits = {});

// The program-output check (verifier "program"): small models often answer with a program and
// an ```output block that they wrote themselves instead of running the program. The Python block
// right before the last output block is run here (as __main__, in the same sandbox) and what it
// prints is compared with that block, word by word, whole numbers exactly and other numbers to
// float precision. Fail only when it ran cleanly and printed something else (the answer rests on
// an invented output); pass when it printed the same; unknown when there is no such pair, or the
// program did not run to its end or printed nothing. A pass shows that the
// working holds together, not that the program models the question: it never verifies an answer.
Verdict check_program_output(std::string_view answer_text, text::Language language, const CodeRunLimits & limits = {});

// Whether the answer shows a Python block with an ```output block right after it (what
// check_program_output reruns), found without running anything.
bool shows_program_output(std::string_view answer_text);

} // namespace r1tune::verify

// The code verifiers: take the Python program out of a model's answer (verify/code_blocks), run
// it in the sandbox (verify/code_sandbox) against given tests, or rerun the program whose output
// the answer shows, then say in one sentence what happened.
#pragma once

#include <string_view>

#include "text/language.h"
#include "verify/code_blocks.h"
#include "verify/code_sandbox.h"
#include "verify/verdict.h"

namespace r1tune::verify {

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

} // namespace r1tune::verify

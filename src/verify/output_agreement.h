// Whether the final answer is the result of the program it rests on. A model that ran its
// program (tools/python_tool), or copied an output block it wrote itself, usually states that
// result as its answer; when it states another number instead, the answer contradicts its own
// working, even where the program was right.
#pragma once

#include <string_view>

#include "text/language.h"
#include "verify/answer_extraction.h"
#include "verify/verdict.h"

namespace r1tune::verify {

// Verifier "result". Looks at the last program-and-output pair of `answer_text` (verify/code_blocks)
// and the final answer read from it (`answer`). Fail, with one sentence, when the output is one
// number, the answer is one number stated after it, nothing is worked out between them (no "="
// and no other number after the output: a later calculation may rightly turn the program's
// result into another number), and the answer is not that number: not up to a float's last
// digits, not rounded up or down to the places it is written with, not as a percentage. Pass when
// it is; unknown in every other case. Nothing is run: the rerun is check_program_output's.
Verdict check_answer_follows_output(std::string_view answer_text, const ExtractedAnswer & answer,
                                    text::Language language);

} // namespace r1tune::verify

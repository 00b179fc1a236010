// Recomputes the arithmetic in a model's reasoning. Every claim "expression = value" in the text
// (Chinese or English prose with LaTeX-ish bits such as \times, \div, \frac{a}{b}, \cdot),
// every link of a chain "a = b = c", and equation steps in one variable such as
// "(b+2)+b+(b−1)=12 → 3b+1=12 → b=11/3" are checked exactly with GMP rationals.
//
// A false "fail" is fed back to the model as a correction, so it is worse than a missed error:
// whatever could be read two ways (dates, ratios, list numbers, "x = 5" alone, rounded
// decimals, a claim the model itself takes back, a product like "3 x 4" whose operator is a
// word) is skipped rather than judged.
#pragma once

#include "text/language.h"
#include "verify/verdict.h"

#include <string_view>

namespace r1tune::verify {

// Fail at the first wrong step (offset = its byte offset in `text`, evidence such as
// "2×23+4×12 = 98 (it is 94)", one sentence in `language`); pass when at least one claim was
// checked and every checked claim is right; unknown when nothing could be checked.
// Verifier name "arithmetic".
Verdict check_arithmetic(std::string_view text, text::Language language);

} // namespace r1tune::verify

// Whether a model's answer is the expected one, compared as values, never as text: 12, 12.0,
// 24/2 and 十二 are one answer; 1/3 and 0.33 are two.
//
// Decisions:
//   - A percentage is its value: 50% is 1/2, so 50%, 0.5, 1/2 and 百分之五十 are equal and 50 is
//     not. Only when the question asks for a rate or a percentage (百分之几, 增长率, "what
//     percent") does a bare 50 also stand for 50%, since models often drop the sign there.
//   - Units are not compared: 23只 equals 23, and 1.5 km does not equal 1500 m.
//   - Several quantities compare by name when every name on one side pairs with exactly one on
//     the other (鸡=23, 兔=12 equals 兔12只鸡23只, and does not equal 鸡12只, 兔23只); otherwise
//     as multisets of values (x=23, y=12 equals 鸡23只, 兔12只: the letters name nothing we know).
//   - "No solution" equals "no solution" only.
#pragma once

#include "text/language.h"
#include "verify/answer_extraction.h"
#include "verify/verdict.h"

#include <string>
#include <string_view>

namespace r1tune::verify {

// True when the question asks for a rate or a percentage: 百分之几, 百分比, 出勤率, "what
// percent", "growth rate".
bool asks_for_rate(std::string_view question);

// True when both answers say the same. An empty answer (nothing extracted) equals nothing.
bool same_answer(const ExtractedAnswer & a, const ExtractedAnswer & b, bool rate_question = false);

// The answer as a verdict sentence shows it: "鸡=23，兔=12", "50%", "无解" / "no solution".
std::string describe_answer(const ExtractedAnswer & answer, text::Language language);

// The "reference" verifier for the evaluation harness: compares `answer` with a dataset's
// expected answer, read by the same extractor, so "23", "#### 23", "鸡23只，兔12只" and "无解"
// all work. Unknown when nothing could be extracted from either side. `question` (optional)
// decides whether a bare number may stand for a percentage.
Verdict check_reference(const ExtractedAnswer & answer, std::string_view expected_answer_text,
                        text::Language language, std::string_view question = {});

} // namespace r1tune::verify

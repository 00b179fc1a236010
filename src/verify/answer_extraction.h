// The final answer in a model's output: the quantities it concludes with, or its statement that
// no solution exists. Verifiers and the evaluation harness compare these, never raw text.
//
// Rules, first match wins, in the answer text and then (when the answer is empty or yields
// nothing) in the thinking text:
//   1. \boxed{…}: the last box, with the boxes on its line that list along with it ("\boxed{23}
//      chickens and \boxed{12} rabbits"); a box holding what is no rational number (\sqrt{2},
//      \pi, a letter answer) ends extraction with nothing rather than fall back to a worse rule;
//   2. an answer marker: 最终答案, 答案是/为/：, 答：, "Final answer", "Answer:", "the answer is";
//      the last marker followed by a value (or by the lines below it, for a marker ending its
//      line);
//   3. assignments (x = 5; c = 23, r = 12; x = 35 - 12 = 23) and
//   4. named quantities (鸡23只, 鸡有23只, 23只鸡, 兔有24÷2=12只, 23 chickens, chickens: 23) share
//      a tier: the last statement holding either concludes; its last list of values is the
//      answer (named quantities in the lines just above join it), reported as an assignment
//      when it holds one. A later statement saying no solution exists (无解, 不存在, no
//      solution) concludes instead, and so does a later unnamed value in a statement that
//      concludes in words (所以, therefore), reported as the last number;
//   5. the last number.
// Everywhere, numbers that are intermediate work are passed over when a better candidate exists:
// operands of a calculation (23×2 + 12×4), step numbers ("1.", "2)", 第1步, Step 1), digit counts
// (三位数), statements that verify (验证, Check), totals beside the answer (共35只), and values
// that restate the question's numbers.
#pragma once

#include "verify/number.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace r1tune::verify {

struct Quantity {
    std::string name;      // "鸡", "x", "chicken" (ASCII lower-cased, English plural -s removed);
                           // empty when unnamed
    Rational value;        // a percentage already divided by 100
    bool percent = false;  // written as a percentage: 50%, 百分之五十
    std::string unit;      // "只", "km", "cm²", "$"; empty when none ("%" is `percent`, not a unit)
    std::string text;      // the source text the quantity was read from, e.g. "鸡有23只"
    std::size_t offset = 0; // byte offset of `text` in the text it was read from
};

enum class AnswerRule { kNone, kBoxed, kMarker, kAssignment, kNamedQuantity, kNoSolution, kLastNumber };
std::string_view to_string(AnswerRule rule); // "none", "boxed", "marker", "assignment", ...

struct ExtractedAnswer {
    std::vector<Quantity> quantities; // in the order written; empty when no_solution
    bool no_solution = false;         // the answer is that no solution exists
    AnswerRule rule = AnswerRule::kNone;
    bool from_thinking = false;       // read from the thinking text, not the answer text

    bool empty() const { return quantities.empty() && !no_solution; }
};

// Extracts the final answer. `question`, when given, lets numbers that merely restate it yield
// to other candidates. All texts must be valid UTF-8.
ExtractedAnswer extract_answer(std::string_view answer, std::string_view thinking = {},
                               std::string_view question = {});

} // namespace r1tune::verify

// What the verifiers made of one response, and how far its answer can be trusted: the feedback
// loop feeds a failed check back, strategies rank their samples by it, and the result says
// verified, consistent, unverified or failed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feedback/responder.h"
#include "verify/answer_extraction.h"
#include "verify/verdict.h"

namespace r1tune::feedback {

// What the verifiers made of one response.
struct Check {
    verify::ExtractedAnswer answer;
    std::string answer_summary; // the extracted answer as text ("鸡=23，兔=12", "无解"); empty if none
    std::vector<verify::Verdict> verdicts;
};

class Checker {
public:
    virtual ~Checker() = default;
    virtual Check check(const Response & response) = 0;
    // Whether a check can verify an answer to this question (pin it), not only refute it.
    virtual bool can_verify() const { return false; }
};

// How far the final answer can be trusted. Only a check that pins the answer itself earns
// kVerified: the constraints of the problem hold for it, an exhaustive search agrees that there
// is no solution, it matches a reference, or its code passes the tests. An answer whose working
// merely adds up (every `expression = value` recomputes) may still answer the wrong question or
// rest on a value the model invented, so that is kConsistent, never a ✓; so is a program whose
// rerun prints what the answer says.
enum class Verification {
    kVerified,   // a check that pins the final answer passed, and no check failed
    kConsistent, // only the arithmetic of the working was checked, and it holds
    kUnverified, // nothing could be checked (every verdict unknown, or no verifier applied)
    kFailed,     // a check still failed when the budget ran out
};
std::string_view to_string(Verification verification); // "verified", "consistent", "unverified", "failed"
// Failed if any verdict fails; verified if a verdict that pins the answer passes; consistent if
// only the arithmetic passes; unverified otherwise.
Verification judge(const Check & check);
// Whether a passing verdict of this verifier pins the final answer: constraints, no_solution,
// reference and code do; arithmetic and program (the working holds together) do not.
bool pins_answer(const verify::Verdict & verdict);

// The first failing verdict of a check, or nullptr.
const verify::Verdict * first_failure(const Check & check);

} // namespace r1tune::feedback

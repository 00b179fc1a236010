#include "feedback/check.h"

namespace r1tune::feedback {

std::string_view to_string(Verification verification) {
    switch (verification) {
    case Verification::kVerified: return "verified";
    case Verification::kConsistent: return "consistent";
    case Verification::kUnverified: return "unverified";
    case Verification::kFailed: return "failed";
    }
    return "unverified";
}

const verify::Verdict * first_failure(const Check & check) {
    for (const auto & v : check.verdicts) {
        if (v.outcome == verify::Outcome::kFail) return &v;
    }
    return nullptr;
}

bool pins_answer(const verify::Verdict & verdict) {
    return verdict.verifier == "constraints" || verdict.verifier == "no_solution" || verdict.verifier == "reference" ||
           verdict.verifier == "code";
}

Verification judge(const Check & check) {
    if (first_failure(check)) return Verification::kFailed;
    bool consistent = false;
    for (const auto & v : check.verdicts) {
        if (v.outcome != verify::Outcome::kPass) continue;
        if (pins_answer(v)) return Verification::kVerified;
        consistent = true;
    }
    return consistent ? Verification::kConsistent : Verification::kUnverified;
}

} // namespace r1tune::feedback

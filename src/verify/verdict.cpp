#include "verify/verdict.h"

#include <utility>

namespace r1tune::verify {

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
    case Outcome::kPass: return "pass";
    case Outcome::kFail: return "fail";
    case Outcome::kUnknown: return "unknown";
    }
    return "unknown";
}

Verdict make_verdict(std::string_view verifier, Outcome outcome, std::string sentence, std::string evidence,
                     std::size_t offset) {
    return Verdict{std::string(verifier), outcome, std::move(sentence), std::move(evidence), offset};
}

} // namespace r1tune::verify

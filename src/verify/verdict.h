// What a verifier says about a model's output: pass, fail or unknown, as one sentence in the
// question's language, with the evidence behind it. Verifiers are pure functions from text to
// a Verdict; the pipeline turns a failing verdict's sentence into the model's next prompt.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace r1tune::verify {

enum class Outcome { kPass, kFail, kUnknown };
std::string_view to_string(Outcome outcome); // "pass", "fail", "unknown"

struct Verdict {
    std::string verifier;     // "arithmetic", "constraints", "no_solution", "reference", "code"
    Outcome outcome = Outcome::kUnknown;
    std::string sentence;     // one sentence for the user and for the feedback turn
    std::string evidence;     // the checked claim, e.g. "2×23+4×12 = 98 (it is 94)"
    std::size_t offset = std::string::npos; // where in the checked text, when it has a place
};

// A verdict of `verifier`, in one call.
Verdict make_verdict(std::string_view verifier, Outcome outcome, std::string sentence, std::string evidence = {},
                     std::size_t offset = std::string::npos);

} // namespace r1tune::verify

// The feedback loop: ask, check the answer, and when a check fails, tell the model exactly what
// failed in the next turn of the same conversation, up to a budget of rounds; stop at the first
// attempt that no check fails.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pipeline/responder.h"
#include "text/language.h"
#include "verify/answer_extraction.h"
#include "verify/verdict.h"

namespace r1tune::pipeline {

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

struct Attempt {
    std::string user_turn; // what the model was asked in this round
    std::string nudge;     // RetryMode::kWait: what was written into its thinking instead
    Response response;
    Check check;
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

// How a failed check is given back to the model.
enum class RetryMode {
    kNewTurn, // a new user turn quoting the failure; the model answers afresh
    kWait,    // the model's own thinking goes on after "Wait, <the failure>"; it answers again
};
std::string_view to_string(RetryMode mode);                  // "turn", "wait"
Status parse_retry_mode(std::string_view text, RetryMode & out); // usage error otherwise

struct LoopOptions {
    int max_feedback_rounds = 2; // retries after the first attempt
    RetryMode retry = RetryMode::kNewTurn;
    text::Language language = text::Language::kEnglish;
};

struct LoopResult {
    std::vector<Attempt> attempts;
    Verification verification = Verification::kUnverified;
    std::string stopped_early; // why a retry could not run (e.g. the conversation outgrew the context)
};

// Called after each attempt has been checked, before any retry (for progress output).
using AttemptCallback = std::function<void(const Attempt &, int round)>;

// `conversation` holds the first turn (a system turn, if any, and the user's turn). An error in
// the first attempt is returned; one in a retry ends the loop with the attempts so far, and the
// reason in `stopped_early`: the model did answer.
Status run_feedback_loop(Responder & responder, std::vector<engine::ChatMessage> conversation, Checker & checker,
                         const LoopOptions & options, LoopResult & result, const AttemptCallback & on_attempt = {});

// The first failing verdict of a check, or nullptr.
const verify::Verdict * first_failure(const Check & check);

} // namespace r1tune::pipeline

// The feedback loop: ask, check the answer, and when a check fails, tell the model exactly what
// failed in the next turn of the same conversation, up to a budget of rounds; stop at the first
// attempt that no check fails.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "feedback/check.h"
#include "feedback/responder.h"
#include "text/language.h"

namespace r1tune::feedback {

struct Attempt {
    std::string user_turn; // what the model was asked in this round
    std::string nudge;     // RetryMode::kWait: what was written into its thinking instead
    Response response;
    Check check;
};

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

} // namespace r1tune::feedback

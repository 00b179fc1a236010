#include "feedback/loop.h"

#include "feedback/message.h"

namespace r1tune::feedback {

std::string_view to_string(RetryMode mode) { return mode == RetryMode::kWait ? "wait" : "turn"; }

Status parse_retry_mode(std::string_view text, RetryMode & out) {
    if (text == "turn") out = RetryMode::kNewTurn;
    else if (text == "wait") out = RetryMode::kWait;
    else return Status::usage("retry mode must be \"turn\" or \"wait\", not \"" + std::string(text) + "\"");
    return Status::ok();
}

Status run_feedback_loop(Responder & responder, std::vector<engine::ChatMessage> conversation, Checker & checker,
                         const LoopOptions & options, LoopResult & result, const AttemptCallback & on_attempt) {
    result = LoopResult{};
    if (conversation.empty() || conversation.back().role != "user") {
        return Status::internal("the feedback loop needs a conversation that ends with the user's turn");
    }
    std::string nudge; // set when the next round extends the thinking
    for (int round = 0;; ++round) {
        Attempt attempt;
        attempt.user_turn = conversation.back().content;
        attempt.nudge = nudge;
        const Status s = nudge.empty()
                             ? responder.respond(conversation, attempt.response)
                             : responder.extend_thinking(conversation, result.attempts.back().response, nudge,
                                                         attempt.response);
        if (!s) {
            // A cancelled request ends whatever round it is in: its earlier answers failed a check.
            if (round == 0 || s.kind() == ErrorKind::kCancelled) return s;
            result.stopped_early = s.message();
            return Status::ok();
        }
        attempt.check = checker.check(attempt.response);
        result.verification = judge(attempt.check);
        result.attempts.push_back(attempt);
        if (on_attempt) on_attempt(result.attempts.back(), round);

        const verify::Verdict * failure = first_failure(attempt.check);
        if (!failure || round >= options.max_feedback_rounds) return Status::ok();
        if (options.retry == RetryMode::kWait) {
            nudge = wait_nudge(options.language, attempt.check.answer_summary, *failure);
            continue;
        }
        // The same conversation goes on: the model sees its own answer and what was wrong with it.
        conversation.push_back({"assistant", attempt.response.answer});
        conversation.push_back(
            {"user", feedback_message(options.language, attempt.check.answer_summary, *failure)});
    }
}

} // namespace r1tune::feedback

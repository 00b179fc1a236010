#include "feedback/loop.h"

#include "feedback/message.h"
#include "pipeline/answer_checker.h"

#include <gtest/gtest.h>

#include <deque>

using r1tune::Status;
using r1tune::engine::ChatMessage;
using r1tune::feedback::Check;
using r1tune::feedback::Checker;
using r1tune::feedback::LoopOptions;
using r1tune::feedback::LoopResult;
using r1tune::feedback::Responder;
using r1tune::feedback::Response;
using r1tune::feedback::Verification;
using r1tune::verify::Outcome;
using r1tune::verify::Verdict;

namespace {

// Stands in for the engine: replies with the scripted answers in order and records every
// conversation it was shown.
class ScriptedModel : public Responder {
public:
    explicit ScriptedModel(std::deque<std::string> answers) : answers_(std::move(answers)) {}
    Status respond(const std::vector<ChatMessage> & conversation, Response & out) override {
        seen.push_back(conversation);
        if (answers_.empty()) return Status::internal("the script ran out of answers");
        out.answer = answers_.front();
        out.thinking = "thought " + std::to_string(seen.size());
        answers_.pop_front();
        return Status::ok();
    }
    // Extending: the thinking so far, the nudge, and one more thought.
    Status extend_thinking(const std::vector<ChatMessage> & conversation, const Response & previous,
                           const std::string & nudge, Response & out) override {
        nudges.push_back(nudge);
        if (Status s = respond(conversation, out); !s) return s;
        out.thinking = previous.thinking + " | " + nudge + " | " + out.thinking;
        return Status::ok();
    }
    std::vector<std::vector<ChatMessage>> seen;
    std::vector<std::string> nudges;

private:
    std::deque<std::string> answers_;
};

// Passes exactly the answers in `right`, fails the others with a fixed sentence.
class ExactAnswerChecker : public Checker {
public:
    explicit ExactAnswerChecker(std::string right) : right_(std::move(right)) {}
    Check check(const Response & r) override {
        Check c;
        c.answer_summary = r.answer;
        Verdict v;
        v.verifier = "constraints";
        v.outcome = r.answer == right_ ? Outcome::kPass : Outcome::kFail;
        v.sentence = "2×" + r.answer + " ≠ 94.";
        c.verdicts.push_back(v);
        return c;
    }

private:
    std::string right_;
};

} // namespace

TEST(FeedbackLoop, StopsAtTheFirstAttemptThatPasses) {
    ScriptedModel model({"23", "24"});
    ExactAnswerChecker checker("23");
    LoopResult result;
    ASSERT_TRUE(run_feedback_loop(model, {{"user", "q"}}, checker, {}, result));
    EXPECT_EQ(result.attempts.size(), 1u);
    EXPECT_EQ(result.verification, Verification::kVerified);
}

TEST(FeedbackLoop, TheFailureGoesBackInTheSameConversation) {
    ScriptedModel model({"22", "23"});
    ExactAnswerChecker checker("23");
    LoopResult result;
    LoopOptions options;
    options.language = r1tune::text::Language::kChinese;
    ASSERT_TRUE(run_feedback_loop(model, {{"user", "鸡兔同笼"}}, checker, options, result));
    ASSERT_EQ(result.attempts.size(), 2u);
    EXPECT_EQ(result.verification, Verification::kVerified);
    const auto & second = model.seen[1];
    ASSERT_EQ(second.size(), 3u);
    EXPECT_EQ(second[0].content, "鸡兔同笼");
    EXPECT_EQ(second[1].role, "assistant");
    EXPECT_EQ(second[1].content, "22");
    EXPECT_EQ(second[2].role, "user");
    // The model is told its own answer and the verifier's exact sentence, in Chinese.
    EXPECT_NE(second[2].content.find("你上次的答案是 22"), std::string::npos) << second[2].content;
    EXPECT_NE(second[2].content.find("2×22 ≠ 94."), std::string::npos) << second[2].content;
    EXPECT_EQ(result.attempts[1].user_turn, second[2].content);
}

TEST(FeedbackLoop, TheBudgetOfRoundsIsRespected) {
    ScriptedModel model({"1", "2", "3", "4", "5"});
    ExactAnswerChecker checker("never");
    LoopResult result;
    LoopOptions options;
    options.max_feedback_rounds = 2;
    ASSERT_TRUE(run_feedback_loop(model, {{"user", "q"}}, checker, options, result));
    EXPECT_EQ(result.attempts.size(), 3u); // the first attempt and two retries
    EXPECT_EQ(model.seen.size(), 3u);
    EXPECT_EQ(result.verification, Verification::kFailed);

    ScriptedModel once({"1", "2"});
    options.max_feedback_rounds = 0;
    ASSERT_TRUE(run_feedback_loop(once, {{"user", "q"}}, checker, options, result));
    EXPECT_EQ(result.attempts.size(), 1u);
}

TEST(FeedbackLoop, NothingCheckableIsUnverifiedAndNotRetried) {
    class NothingToCheck : public Checker {
        Check check(const Response &) override { return {}; }
    } checker;
    ScriptedModel model({"hello", "again"});
    LoopResult result;
    ASSERT_TRUE(run_feedback_loop(model, {{"user", "hi"}}, checker, {}, result));
    EXPECT_EQ(result.attempts.size(), 1u);
    EXPECT_EQ(result.verification, Verification::kUnverified);
}

TEST(FeedbackLoop, ArithmeticThatHoldsIsConsistentButOnlyAPinningCheckVerifies) {
    auto verdict = [](std::string verifier, Outcome outcome) {
        Verdict v;
        v.verifier = std::move(verifier);
        v.outcome = outcome;
        return v;
    };
    Check check;
    check.verdicts = {verdict("arithmetic", Outcome::kPass), verdict("constraints", Outcome::kUnknown)};
    EXPECT_EQ(judge(check), Verification::kConsistent); // the working adds up; the answer is not pinned
    check.verdicts.push_back(verdict("reference", Outcome::kPass));
    EXPECT_EQ(judge(check), Verification::kVerified);
    check.verdicts.push_back(verdict("arithmetic", Outcome::kFail));
    EXPECT_EQ(judge(check), Verification::kFailed);
    for (const char * pinning : {"constraints", "no_solution", "reference", "code"}) {
        check.verdicts = {verdict(pinning, Outcome::kPass)};
        EXPECT_EQ(judge(check), Verification::kVerified) << pinning;
    }
    check.verdicts = {verdict("arithmetic", Outcome::kUnknown)};
    EXPECT_EQ(judge(check), Verification::kUnverified);
    EXPECT_EQ(to_string(Verification::kConsistent), "consistent");
}

TEST(FeedbackLoop, AnErrorInTheFirstAttemptIsReturned) {
    ScriptedModel model({});
    ExactAnswerChecker checker("23");
    LoopResult result;
    Status s = run_feedback_loop(model, {{"user", "q"}}, checker, {}, result);
    EXPECT_FALSE(s);
    EXPECT_EQ(s.message(), "the script ran out of answers");
}

TEST(FeedbackLoop, AnErrorInARetryKeepsTheAttemptsSoFar) {
    ScriptedModel model({"22"}); // no second answer: the retry fails
    ExactAnswerChecker checker("23");
    LoopResult result;
    ASSERT_TRUE(run_feedback_loop(model, {{"user", "q"}}, checker, {}, result));
    EXPECT_EQ(result.attempts.size(), 1u);
    EXPECT_EQ(result.verification, Verification::kFailed);
    EXPECT_EQ(result.stopped_early, "the script ran out of answers");
}

TEST(FeedbackLoopWithTheRealChecker, AWrongAnswerGetsTheConstraintSentenceBackAndIsFixed) {
    r1tune::pipeline::CheckPlan plan;
    ASSERT_TRUE(r1tune::pipeline::plan_checks("笼子里有35个头，94只脚，问鸡兔各几只？", r1tune::text::Language::kChinese,
                                              true, true, std::nullopt, std::nullopt, std::nullopt, plan));
    r1tune::pipeline::AnswerChecker checker(plan);
    ScriptedModel model({"所以鸡有22只，兔有13只。\\boxed{鸡22只，兔13只}", "鸡有23只，兔有12只。\\boxed{鸡23只，兔12只}"});
    LoopResult result;
    LoopOptions options;
    options.language = r1tune::text::Language::kChinese;
    ASSERT_TRUE(run_feedback_loop(model, {{"user", "笼子里有35个头，94只脚，问鸡兔各几只？"}}, checker, options, result));
    ASSERT_EQ(result.attempts.size(), 2u);
    EXPECT_EQ(result.verification, Verification::kVerified);
    const std::string & feedback = model.seen[1].back().content;
    EXPECT_NE(feedback.find("你上次的答案是 鸡=22，兔=13"), std::string::npos) << feedback;
    EXPECT_NE(feedback.find("2*鸡 + 4*兔 == 94"), std::string::npos) << feedback; // the violated condition
    EXPECT_NE(feedback.find("方程"), std::string::npos) << feedback;              // where to look
}

TEST(FeedbackLoopWithTheRealChecker, AFailedReferenceDoesNotGiveAwayTheAnswer) {
    r1tune::pipeline::CheckPlan plan;
    ASSERT_TRUE(r1tune::pipeline::plan_checks("What is 6 times 7?", r1tune::text::Language::kEnglish, false, false,
                                              std::nullopt, std::string("42"), std::nullopt, plan));
    r1tune::pipeline::AnswerChecker checker(plan);
    ScriptedModel model({"\\boxed{48}", "\\boxed{42}"});
    LoopResult result;
    ASSERT_TRUE(run_feedback_loop(model, {{"user", "What is 6 times 7?"}}, checker, {}, result));
    const std::string & feedback = model.seen[1].back().content;
    EXPECT_EQ(feedback.find("42"), std::string::npos) << feedback;
    EXPECT_NE(feedback.find("does not match"), std::string::npos) << feedback;
}

TEST(FeedbackLoop, WaitModeContinuesTheThinkingInsteadOfANewTurn) {
    ScriptedModel model({"22", "24", "23"});
    ExactAnswerChecker checker("23");
    LoopResult result;
    LoopOptions options;
    options.retry = r1tune::feedback::RetryMode::kWait;
    ASSERT_TRUE(run_feedback_loop(model, {{"user", "q"}}, checker, options, result));
    ASSERT_EQ(result.attempts.size(), 3u);
    EXPECT_EQ(result.verification, Verification::kVerified);
    // The conversation never grew: each retry continued the same answer's thinking.
    for (const auto & conversation : model.seen) EXPECT_EQ(conversation.size(), 1u);
    ASSERT_EQ(model.nudges.size(), 2u);
    EXPECT_EQ(model.nudges[0], "Wait, I got 22, but a check found: 2×22 ≠ 94. Let me go through that step again.");
    EXPECT_EQ(result.attempts[1].nudge, model.nudges[0]);
    EXPECT_TRUE(result.attempts[0].nudge.empty());
    // The second extension carries the first one's thinking with it.
    EXPECT_EQ(result.attempts[2].response.thinking.rfind("thought 1 | Wait, I got 22", 0), 0u)
        << result.attempts[2].response.thinking;
}

TEST(FeedbackLoop, AResponderThatCannotExtendEndsTheRoundsWithItsReason) {
    class PlainModel : public Responder {
    public:
        Status respond(const std::vector<ChatMessage> &, Response & out) override {
            out.answer = "22";
            return Status::ok();
        }
    } model;
    ExactAnswerChecker checker("23");
    LoopResult result;
    LoopOptions options;
    options.retry = r1tune::feedback::RetryMode::kWait;
    ASSERT_TRUE(run_feedback_loop(model, {{"user", "q"}}, checker, options, result));
    EXPECT_EQ(result.attempts.size(), 1u);
    EXPECT_NE(result.stopped_early.find("<think>"), std::string::npos) << result.stopped_early;
}

TEST(FeedbackLoop, RetryModesParse) {
    r1tune::feedback::RetryMode mode;
    ASSERT_TRUE(r1tune::feedback::parse_retry_mode("wait", mode));
    EXPECT_EQ(r1tune::feedback::to_string(mode), "wait");
    EXPECT_FALSE(r1tune::feedback::parse_retry_mode("again", mode));
}

TEST(WaitNudge, ChineseAndNeverTheReference) {
    Verdict failure;
    failure.verifier = "reference";
    failure.outcome = Outcome::kFail;
    failure.sentence = "The expected answer is 23.";
    const std::string zh = r1tune::feedback::wait_nudge(r1tune::text::Language::kChinese, "鸡=22", failure);
    EXPECT_EQ(zh.rfind("等等，", 0), 0u);
    EXPECT_NE(zh.find("鸡=22"), std::string::npos);
    EXPECT_EQ(zh.find("23"), std::string::npos) << zh;
    const std::string en = r1tune::feedback::wait_nudge(r1tune::text::Language::kEnglish, "", failure);
    EXPECT_EQ(en.find("23"), std::string::npos) << en;
}

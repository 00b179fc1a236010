// What solve --learn takes from a question's feedback rounds: a failed check corrected by an
// answer that a pinning check verified, and nothing from a loop that only ended consistent.
#include "pipeline/notebook_consult.h"

#include <gtest/gtest.h>

using namespace r1tune;

namespace {

feedback::Attempt attempt(std::string answer, std::string summary, std::vector<verify::Verdict> verdicts) {
    feedback::Attempt a;
    a.response.answer = std::move(answer);
    a.check.answer_summary = std::move(summary);
    a.check.verdicts = std::move(verdicts);
    return a;
}

pipeline::SolvePlan plan_of(std::string question) {
    pipeline::SolvePlan plan;
    plan.question = std::move(question);
    return plan;
}

} // namespace

TEST(CorrectedMistake, AFailedCheckThenAVerifiedAnswer) {
    feedback::LoopResult loop;
    loop.attempts.push_back(attempt("……所以鸡有 13 只，兔 22 只。", "鸡=13，兔=22",
                                    {verify::make_verdict("arithmetic", verify::Outcome::kPass, "ok"),
                                     verify::make_verdict("constraints", verify::Outcome::kFail, "答案不满足 鸡 + 兔 == 35。")}));
    loop.attempts.push_back(attempt("鸡 23 只，兔 12 只。", "鸡=23，兔=12",
                                    {verify::make_verdict("constraints", verify::Outcome::kPass, "满足所有条件。")}));
    loop.verification = feedback::Verification::kVerified;
    const auto m = pipeline::corrected_mistake(plan_of("笼子里有35个头，94只脚，问鸡兔各几只？"), loop, "model.gguf");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->failure, "答案不满足 鸡 + 兔 == 35。");
    EXPECT_EQ(m->wrong_response, "……所以鸡有 13 只，兔 22 只。");
    EXPECT_EQ(m->wrong_answer, "鸡=13，兔=22");
    EXPECT_EQ(m->correction, "鸡 23 只，兔 12 只。");
    EXPECT_EQ(m->verified_by, "constraints");
    EXPECT_EQ(m->model, "model.gguf");
}

TEST(CorrectedMistake, NothingWithoutBothHalves) {
    feedback::LoopResult loop;
    loop.attempts.push_back(attempt("13", "13", {verify::make_verdict("arithmetic", verify::Outcome::kFail, "2+2 is 4.")}));
    // Corrected only as far as the arithmetic: consistent, not verified.
    loop.attempts.push_back(attempt("4", "4", {verify::make_verdict("arithmetic", verify::Outcome::kPass, "ok")}));
    loop.verification = feedback::Verification::kConsistent;
    EXPECT_FALSE(pipeline::corrected_mistake(plan_of("2+2?"), loop, "m"));
    // Verified at once: there was no mistake.
    loop.attempts.erase(loop.attempts.begin());
    loop.attempts[0].check.verdicts = {verify::make_verdict("reference", verify::Outcome::kPass, "matches")};
    loop.verification = feedback::Verification::kVerified;
    EXPECT_FALSE(pipeline::corrected_mistake(plan_of("2+2?"), loop, "m"));
}

TEST(CorrectedMistake, ASampleTheChecksRefutedNextToTheVerifiedOne) {
    feedback::LoopResult loop;
    loop.attempts.push_back(attempt("鸡 23 只，兔 12 只。", "鸡=23，兔=12",
                                    {verify::make_verdict("constraints", verify::Outcome::kPass, "满足所有条件。")}));
    feedback::StrategySummary vote;
    feedback::Candidate refuted;
    refuted.answer_summary = "鸡=25，兔=10";
    refuted.verdict = "fail";
    refuted.failure = "答案不满足 2×鸡 + 4×兔 == 94。";
    refuted.answer = "所以鸡 25 只，兔 10 只。";
    feedback::Candidate unchecked = refuted;
    unchecked.verdict = "unknown";
    unchecked.failure.clear();
    vote.candidates = {unchecked, refuted};
    loop.attempts[0].response.strategy = vote;
    loop.verification = feedback::Verification::kVerified;
    const auto m = pipeline::corrected_mistake(plan_of("笼子里有35个头，94只脚，问鸡兔各几只？"), loop, "m");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->wrong_response, "所以鸡 25 只，兔 10 只。");
    EXPECT_EQ(m->failure, "答案不满足 2×鸡 + 4×兔 == 94。");
    EXPECT_EQ(m->correction, "鸡 23 只，兔 12 只。");
    EXPECT_EQ(m->verified_by, "constraints");
}

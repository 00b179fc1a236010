#include "pipeline/answer_checker.h"

#include <gtest/gtest.h>

#include <deque>

using r1tune::pipeline::AnswerChecker;
using r1tune::feedback::Check;
using r1tune::pipeline::CheckPlan;
using r1tune::feedback::Response;
using r1tune::text::Language;
using r1tune::verify::Outcome;

namespace {

const char * kChickenRabbit = "笼子里有35个头，94只脚，问鸡兔各几只？";

CheckPlan plan_for(const std::string & question, Language language, std::optional<std::string> constraints = {},
                   std::optional<std::string> expected = {}) {
    CheckPlan plan;
    auto s = r1tune::pipeline::plan_checks(question, language, true, true, std::move(constraints), std::move(expected),
                                           std::nullopt, plan);
    EXPECT_TRUE(s) << s.message();
    return plan;
}

// The outcome of the verifier named `verifier` in a check of `answer`, or "absent".
std::string outcome_of(AnswerChecker & checker, const std::string & answer, const std::string & verifier) {
    Response r;
    r.answer = answer;
    const Check c = checker.check(r);
    for (const auto & v : c.verdicts) {
        if (v.verifier == verifier) return std::string(r1tune::verify::to_string(v.outcome));
    }
    return "absent";
}

} // namespace

TEST(AnswerChecker, DerivedChickenRabbitConstraintsBindByNameOrOrder) {
    AnswerChecker checker(plan_for(kChickenRabbit, Language::kChinese));
    EXPECT_EQ(outcome_of(checker, "所以鸡有23只，兔有12只。", "constraints"), "pass");
    EXPECT_EQ(outcome_of(checker, "兔有12只，鸡有23只。", "constraints"), "pass"); // by name, not order
    EXPECT_EQ(outcome_of(checker, "所以鸡有22只，兔有13只。", "constraints"), "fail");
    EXPECT_EQ(outcome_of(checker, "\\boxed{23, 12}", "constraints"), "pass"); // unnamed: in order
    EXPECT_EQ(outcome_of(checker, "\\boxed{12, 23}", "constraints"), "fail");
    // Restating the question is no answer: its names match no variable.
    EXPECT_EQ(outcome_of(checker, "笼子里有35个头，94只脚。", "constraints"), "unknown");
}

TEST(AnswerChecker, EnglishNamesMatchTheirVariables) {
    AnswerChecker checker(plan_for("A cage holds 35 heads and 94 feet of chickens and rabbits. How many of each?",
                                   Language::kEnglish));
    EXPECT_EQ(outcome_of(checker, "There are 23 chickens and 12 rabbits.", "constraints"), "pass");
    EXPECT_EQ(outcome_of(checker, "There are 12 chickens and 23 rabbits.", "constraints"), "fail");
}

TEST(AnswerChecker, DigitPuzzlesBindTheDigitsAndCheckNoSolution) {
    const std::string puzzle = "一个三位数，各位数字之和是12，百位数字比十位数字大2，个位数字比十位数字小1，求这个数";
    AnswerChecker checker(plan_for(puzzle, Language::kChinese));
    EXPECT_EQ(outcome_of(checker, "答案：无解", "no_solution"), "pass");
    EXPECT_EQ(outcome_of(checker, "\\boxed{543}", "constraints"), "fail"); // 5+4+3 = 12, but 3 is not 4−1
    EXPECT_EQ(outcome_of(checker, "\\boxed{57}", "constraints"), "fail");  // not three digits
}

TEST(AnswerChecker, UserConstraintsAndReference) {
    AnswerChecker checker(plan_for("How many?", Language::kEnglish, "c + r == 35 && 2*c + 4*r == 94", "c=23, r=12"));
    EXPECT_EQ(outcome_of(checker, "c = 23, r = 12", "constraints"), "pass");
    EXPECT_EQ(outcome_of(checker, "c = 23, r = 12", "reference"), "pass");
    EXPECT_EQ(outcome_of(checker, "c = 24, r = 11", "constraints"), "fail");
    EXPECT_EQ(outcome_of(checker, "c = 24, r = 11", "reference"), "fail");
}

TEST(AnswerChecker, AConstraintThatDoesNotParseIsAUsageError) {
    CheckPlan plan;
    auto s = r1tune::pipeline::plan_checks("q", Language::kEnglish, true, true, std::string("c + == 3"), std::nullopt,
                                           std::nullopt, plan);
    EXPECT_EQ(s.kind(), r1tune::ErrorKind::kUsage);
    s = r1tune::pipeline::plan_checks("q", Language::kEnglish, true, true, std::string("c + 3"), std::nullopt,
                                      std::nullopt, plan);
    EXPECT_EQ(s.kind(), r1tune::ErrorKind::kUsage) << "a number is not a condition";
}

TEST(AnswerChecker, ArithmeticReadsTheAnswerNotTheAbandonedThinking) {
    AnswerChecker checker(plan_for("What is 12 × 13?", Language::kEnglish));
    Response r;
    r.thinking = "12 × 13 = 146? No wait, let me redo it.";
    r.answer = "12 × 13 = 156, so \\boxed{156}.";
    const Check c = checker.check(r);
    ASSERT_FALSE(c.verdicts.empty());
    EXPECT_EQ(c.verdicts.front().verifier, "arithmetic");
    EXPECT_EQ(c.verdicts.front().outcome, Outcome::kPass);
    r.answer = "12 × 13 = 146, so \\boxed{146}.";
    EXPECT_EQ(checker.check(r).verdicts.front().outcome, Outcome::kFail);
}

TEST(AnswerChecker, SingleLetterVariablesNeverMatchInsideWordsOrTwice) {
    // Both `a` and `b` occur in "rabbit"; neither may bind to it, and no quantity binds twice.
    AnswerChecker checker(plan_for("How many?", Language::kEnglish, "a + b == 35 && 2*a + 4*b == 94"));
    EXPECT_EQ(outcome_of(checker, "There are 23 chickens and 12 rabbits.", "constraints"), "unknown");
    EXPECT_EQ(outcome_of(checker, "\\boxed{23, 12}", "constraints"), "pass");
}

TEST(AnswerChecker, AnUnreadableDigitAnswerIsUnknownNotWrong) {
    const std::string puzzle = "一个三位数，各位数字之和是13，百位数字比十位数字大2，个位数字比十位数字小1，求这个数";
    AnswerChecker checker(plan_for(puzzle, Language::kChinese));
    EXPECT_EQ(outcome_of(checker, "h=6, t=4, u=3", "constraints"), "unknown"); // three values, not one number
    EXPECT_EQ(outcome_of(checker, "\\boxed{643}", "constraints"), "pass");
}

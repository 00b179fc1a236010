#include "verify/answer_compare.h"

#include <gtest/gtest.h>

using r1tune::text::Language;
using r1tune::verify::asks_for_rate;
using r1tune::verify::check_reference;
using r1tune::verify::extract_answer;
using r1tune::verify::Outcome;
using r1tune::verify::same_answer;

namespace {

bool same(std::string_view a, std::string_view b, std::string_view question = {}) {
    return same_answer(extract_answer(a), extract_answer(b), asks_for_rate(question));
}

} // namespace

TEST(AnswerCompare, OneValueWrittenManyWays) {
    EXPECT_TRUE(same("12", "12.0"));
    EXPECT_TRUE(same("12", "24/2"));
    EXPECT_TRUE(same("12", "十二"));
    EXPECT_TRUE(same("\\boxed{12}", "答案是12只。"));
    EXPECT_TRUE(same("0.5", "\\frac{1}{2}"));
    EXPECT_TRUE(same("50%", "0.5"));
    EXPECT_TRUE(same("百分之五十", "1/2"));
    EXPECT_TRUE(same("１２", "12"));
    EXPECT_TRUE(same("1,200", "1200"));
    EXPECT_TRUE(same("x = 3", "3"));
    EXPECT_TRUE(same("23只", "23"));
}

TEST(AnswerCompare, DifferentValuesDiffer) {
    EXPECT_FALSE(same("23", "32"));
    EXPECT_FALSE(same("0.5", "5"));
    EXPECT_FALSE(same("1/3", "0.33"));
    EXPECT_FALSE(same("-3", "3"));
    EXPECT_FALSE(same("23", "23, 12"));
}

TEST(AnswerCompare, BareNumberStandsForAPercentOnlyWhenTheQuestionAsksForOne) {
    EXPECT_FALSE(same("50", "50%"));
    EXPECT_TRUE(same("50", "50%", "合格率是百分之几？"));
    EXPECT_TRUE(same("50", "百分之五十", "What percent of the class passed?"));
    EXPECT_TRUE(same("0.5", "50%", "What percent of the class passed?"));
    EXPECT_FALSE(same("0.5", "50", "What percent of the class passed?"));
    EXPECT_TRUE(asks_for_rate("今年的增长率是多少？"));
    EXPECT_TRUE(asks_for_rate("What is the growth rate?"));
    EXPECT_FALSE(asks_for_rate("How accurate is it?"));
    EXPECT_FALSE(asks_for_rate("鸡兔各几只？"));
}

TEST(AnswerCompare, SeveralAnswersCompareByNameOrAsMultisets) {
    EXPECT_TRUE(same("鸡23只，兔12只", "兔12只鸡23只"));
    EXPECT_TRUE(same("鸡=23, 兔=12", "因此，鸡有23只，兔子有12只。"));
    EXPECT_FALSE(same("鸡12只，兔23只", "鸡23只，兔12只")); // swapped names
    EXPECT_FALSE(same("There are 12 chickens and 23 rabbits.", "chickens: 23, rabbits: 12"));
    EXPECT_TRUE(same("\\boxed{23, 12}", "\\boxed{12, 23}"));
    EXPECT_TRUE(same("x = 23, y = 12", "鸡23只，兔12只")); // letters name nothing to pair
    EXPECT_FALSE(same("23, 12", "23, 13"));
    EXPECT_FALSE(same("23, 23", "23, 12"));
}

TEST(AnswerCompare, NoSolutionEqualsOnlyNoSolution) {
    EXPECT_TRUE(same("无解", "There is no solution."));
    EXPECT_TRUE(same("\\boxed{无解}", "所以这样的数不存在。"));
    EXPECT_FALSE(same("无解", "0"));
    EXPECT_FALSE(same("0", "no solution"));
    EXPECT_FALSE(same("", ""));
}

TEST(CheckReference, PassesAndFailsWithASentenceInTheQuestionsLanguage) {
    auto pass = check_reference(extract_answer("因此，鸡有23只，兔有12只。"), "鸡23只，兔12只", Language::kChinese);
    EXPECT_EQ(pass.verifier, "reference");
    EXPECT_EQ(pass.outcome, Outcome::kPass);
    EXPECT_EQ(pass.sentence, "答案 鸡=23，兔=12 与参考答案一致。");

    auto fail = check_reference(extract_answer("\\boxed{23}"), "24", Language::kChinese);
    EXPECT_EQ(fail.outcome, Outcome::kFail);
    EXPECT_EQ(fail.sentence, "答案 23 与参考答案 24 不符。");
    EXPECT_EQ(fail.evidence, "23 vs 24");

    auto english = check_reference(extract_answer("The answer is 23."), "#### 24", Language::kEnglish);
    EXPECT_EQ(english.outcome, Outcome::kFail);
    EXPECT_EQ(english.sentence, "The answer 23 does not match the reference 24.");
    EXPECT_EQ(english.offset, std::string("The answer is ").size());

    auto gsm = check_reference(extract_answer("So he pays $1,200."), "#### 1200", Language::kEnglish);
    EXPECT_EQ(gsm.outcome, Outcome::kPass);
    EXPECT_EQ(gsm.sentence, "The answer 1200 matches the reference.");

    auto none = check_reference(extract_answer("所以这样的三位数不存在，答案是无解。"), "无解", Language::kChinese);
    EXPECT_EQ(none.outcome, Outcome::kPass);
    EXPECT_EQ(none.sentence, "答案 无解 与参考答案一致。");

    auto rate = check_reference(extract_answer("The answer is 50."), "50%", Language::kEnglish,
                                "What percent of the apples are red?");
    EXPECT_EQ(rate.outcome, Outcome::kPass);
}

TEST(CheckReference, UnknownWhenNothingCanBeRead) {
    auto empty = check_reference(extract_answer("I am not sure."), "23", Language::kEnglish);
    EXPECT_EQ(empty.outcome, Outcome::kUnknown);
    EXPECT_EQ(empty.sentence, "No final answer could be found in the response.");

    auto zh = check_reference(extract_answer(""), "23", Language::kChinese);
    EXPECT_EQ(zh.outcome, Outcome::kUnknown);
    EXPECT_EQ(zh.sentence, "未能从回答中找到最终答案。");

    auto bad_reference = check_reference(extract_answer("23"), "see above", Language::kEnglish);
    EXPECT_EQ(bad_reference.outcome, Outcome::kUnknown);
}

TEST(CheckReference, AReferenceWrittenAsACalculationIsItsExactValue) {
    // The extractor alone read "2^10" as 2 and "1/0" as 0, giving false verdicts.
    EXPECT_EQ(check_reference(extract_answer("\\boxed{1024}"), "2^10", Language::kEnglish).outcome, Outcome::kPass);
    EXPECT_EQ(check_reference(extract_answer("\\boxed{2}"), "2^10", Language::kEnglish).outcome, Outcome::kFail);
    EXPECT_EQ(check_reference(extract_answer("\\boxed{6}"), "3/4 * 8", Language::kEnglish).outcome, Outcome::kPass);
    EXPECT_EQ(check_reference(extract_answer("\\boxed{-5}"), "-5", Language::kEnglish).outcome, Outcome::kPass);
    auto no_value = check_reference(extract_answer("\\boxed{0}"), "1/0", Language::kEnglish);
    EXPECT_EQ(no_value.outcome, Outcome::kUnknown);
    EXPECT_NE(no_value.sentence.find("no exact value"), std::string::npos) << no_value.sentence;
    EXPECT_EQ(check_reference(extract_answer("\\boxed{10}"), "10^999999", Language::kEnglish).outcome, Outcome::kUnknown);
}

// The final answer against the program result it rests on: the answer that states another
// number than the program printed is caught, with the numbers in the sentence; an answer that
// is the result (or the result rounded, or as a percentage) passes; anything that is not such a
// pair is left alone.
#include "verify/output_agreement.h"

#include <gtest/gtest.h>

using namespace r1tune::verify;
using r1tune::text::Language;

namespace {

// A program, its output, then the sentence that states the answer.
std::string answer_text(const std::string & output, const std::string & after) {
    return "Let me compute it.\n```python\nprint(yellow + purple + green)\n```\n```output\n" + output + "\n```\n" + after;
}

Verdict check(const std::string & text, Language language = Language::kEnglish) {
    return check_answer_follows_output(text, extract_answer(text), language);
}

} // namespace

TEST(OutputAgreement, AnAnswerThatIsNotTheProgramsResultFails) {
    const Verdict v = check(answer_text("73.0", "Mark has \\(\\boxed{85}\\) flowers in his garden."));
    EXPECT_EQ(v.verifier, "result");
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.sentence, "The program printed 73.0, but the final answer is 85, which is not the result the answer relies on.");
    const Verdict zh = check(answer_text("35", "所以鸡有 \\(\\boxed{23}\\) 只。"), Language::kChinese);
    EXPECT_EQ(zh.outcome, Outcome::kFail);
    EXPECT_EQ(zh.sentence, "程序输出的是 35，但最终答案是 23，与所依据的结果不符。");
    // A fraction is rounded to a whole number at most: 12.5 is neither 14 nor 11.
    EXPECT_EQ(check(answer_text("12.5", "So \\(\\boxed{14}\\) buses.")).outcome, Outcome::kFail);
    EXPECT_EQ(check(answer_text("-3", "The answer is \\(\\boxed{3}\\).")).outcome, Outcome::kFail);
    // 3.35 is 3.3333… neither rounded up nor down.
    EXPECT_EQ(check(answer_text("3.3333333333333335", "Each gets \\(\\boxed{3.35}\\) dollars.")).outcome, Outcome::kFail);
    const Verdict share = check(answer_text("0.4", "So \\(\\boxed{25\\%}\\) of the class."));
    EXPECT_EQ(share.outcome, Outcome::kFail);
    EXPECT_EQ(share.sentence, "The program printed 0.4, but the final answer is 25%, which is not the result the answer relies on.");
}

TEST(OutputAgreement, TheProgramsResultAsAPersonWritesItPasses) {
    EXPECT_EQ(check(answer_text("73.0", "Mark has \\(\\boxed{73}\\) flowers.")).outcome, Outcome::kPass);
    EXPECT_EQ(check(answer_text("1000.00000000000", "Her income was \\(\\boxed{1000}\\).")).outcome, Outcome::kPass);
    EXPECT_EQ(check(answer_text("12.5", "They need \\(\\boxed{13}\\) buses.")).outcome, Outcome::kPass);
    EXPECT_EQ(check(answer_text("16.666666666666668", "About \\(\\boxed{17}\\) pages a day.")).outcome, Outcome::kPass);
    EXPECT_EQ(check(answer_text("25", "The discount is \\(\\boxed{25\\%}\\).")).outcome, Outcome::kPass);
    EXPECT_EQ(check(answer_text("0.25", "The discount is \\(\\boxed{25\\%}\\).")).outcome, Outcome::kPass);
    // A float's last digits, and rounding to the places the answer is written with.
    EXPECT_EQ(check(answer_text("3.3000000000000003", "It weighs \\(\\boxed{3.3}\\) kg.")).outcome, Outcome::kPass);
    EXPECT_EQ(check(answer_text("3.3333333333333335", "Each gets \\(\\boxed{3.33}\\) dollars.")).outcome, Outcome::kPass);
    EXPECT_EQ(check(answer_text("33.333333333333336", "That is \\(\\boxed{33\\%}\\) of them.")).outcome, Outcome::kPass);
}

TEST(OutputAgreement, WhatIsNotAnAnswerRestingOnOneNumberIsLeftAlone) {
    // Worked out further after the output: 24 clips in May, 48 + 24 = 72 in all.
    EXPECT_EQ(check(answer_text("24", "So in all she sold 48 + 24 = \\(\\boxed{72}\\) clips.")).outcome, Outcome::kUnknown);
    EXPECT_EQ(check(answer_text("24", "所以共卖出 48＋24＝\\(\\boxed{72}\\) 个。"), Language::kChinese).outcome,
              Outcome::kUnknown);
    EXPECT_EQ(check(answer_text("24", "That is 24 per box, and with 3 boxes \\(\\boxed{72}\\) in all.")).outcome,
              Outcome::kUnknown);
    // An output of several numbers, or of words.
    EXPECT_EQ(check(answer_text("23 12", "So there are \\(\\boxed{23}\\) chickens.")).outcome, Outcome::kUnknown);
    EXPECT_EQ(check(answer_text("NameError: name 'yellow' is not defined", "So \\(\\boxed{35}\\).")).outcome,
              Outcome::kUnknown);
    // No output block at all; an answer of two quantities; an answer stated before the program.
    EXPECT_EQ(check("The answer is \\(\\boxed{85}\\).").outcome, Outcome::kUnknown);
    EXPECT_EQ(check(answer_text("35", "So 鸡=23, 兔=12.")).outcome, Outcome::kUnknown);
    const std::string before = "The answer is \\(\\boxed{85}\\).\n```python\nprint(73)\n```\n```output\n73\n```\n";
    EXPECT_EQ(check(before).outcome, Outcome::kUnknown);
}

#include "verify/constraint_check.h"

#include <gtest/gtest.h>

using r1tune::text::Language;
using r1tune::verify::Bindings;
using r1tune::verify::check_constraints;
using r1tune::verify::check_no_solution;
using r1tune::verify::Domain;
using r1tune::verify::Outcome;
using r1tune::verify::Rational;

// The tuning guide claims 23 chickens and 12 rabbits fail "98≠94"; they do not: 2×23+4×12 = 94.
TEST(CheckConstraints, ChickensAndRabbitsFromTheGuidePass) {
    const auto en = check_constraints("c + r == 35 && 2*c + 4*r == 94", {{"c", 23}, {"r", 12}}, Language::kEnglish);
    EXPECT_EQ(en.outcome, Outcome::kPass) << en.sentence;
    EXPECT_EQ(en.verifier, "constraints");
    EXPECT_EQ(en.sentence, "Your answer c=23, r=12 satisfies every constraint.");

    const auto zh = check_constraints("鸡 + 兔 == 35 && 2*鸡 + 4*兔 == 94", {{"鸡", 23}, {"兔", 12}}, Language::kChinese);
    EXPECT_EQ(zh.outcome, Outcome::kPass) << zh.sentence;
    EXPECT_EQ(zh.sentence, "你的答案 鸡=23、兔=12 满足全部约束。");
}

TEST(CheckConstraints, WrongAnswerNamesTheFirstViolatedClause) {
    const auto zh = check_constraints("鸡 + 兔 == 35 且 2*鸡 + 4*兔 == 94", {{"鸡", 24}, {"兔", 11}}, Language::kChinese);
    EXPECT_EQ(zh.outcome, Outcome::kFail);
    EXPECT_EQ(zh.sentence, "你的答案 鸡=24、兔=11 不满足 2*鸡 + 4*兔 == 94：左边是 92。");
    EXPECT_EQ(zh.evidence, "2*鸡 + 4*兔 == 94 (left 92, right 94)");

    // A constraint that 23/12 violates, worded as the brief's example.
    const auto wrong98 = check_constraints("2*鸡+4*兔 == 98", {{"鸡", 23}, {"兔", 12}}, Language::kChinese);
    EXPECT_EQ(wrong98.outcome, Outcome::kFail);
    EXPECT_EQ(wrong98.sentence, "你的答案 鸡=23、兔=12 不满足 2*鸡+4*兔 == 98：左边是 94。");

    const auto en = check_constraints("c + r == 35 && 2*c + 4*r == 94", {{"c", 20}, {"r", 10}}, Language::kEnglish);
    EXPECT_EQ(en.outcome, Outcome::kFail);
    EXPECT_EQ(en.sentence, "Your answer c=20, r=10 does not satisfy c + r == 35: the left side is 30.");
    EXPECT_EQ(en.offset, 0u);
}

TEST(CheckConstraints, BothSidesWhenTheRightIsComputedAndChainsNameTheirLink) {
    const auto both = check_constraints("a * 2 == b + 1", {{"a", 3}, {"b", 7}}, Language::kEnglish);
    EXPECT_EQ(both.outcome, Outcome::kFail);
    EXPECT_EQ(both.sentence, "Your answer a=3, b=7 does not satisfy a * 2 == b + 1: the left side is 6 and the right side is 8.");

    const auto chain = check_constraints("0 < x < 10", {{"x", 12}}, Language::kEnglish);
    EXPECT_EQ(chain.outcome, Outcome::kFail);
    EXPECT_EQ(chain.sentence, "Your answer x=12 does not satisfy x < 10: the left side is 12.");

    const auto either = check_constraints("x == 1 || x == 2", {{"x", 3}}, Language::kEnglish);
    EXPECT_EQ(either.outcome, Outcome::kFail);
    EXPECT_EQ(either.sentence, "Your answer x=3 does not satisfy x == 1 || x == 2.");

    const auto fraction = check_constraints("3*b + 1 == 12", {{"b", Rational(11, 3)}}, Language::kEnglish);
    EXPECT_EQ(fraction.outcome, Outcome::kPass);
}

TEST(CheckConstraints, UnboundVariablesAndBadConstraintsAreUnknown) {
    const auto missing = check_constraints("鸡 + 兔 == 35", {{"鸡", 23}}, Language::kChinese);
    EXPECT_EQ(missing.outcome, Outcome::kUnknown);
    EXPECT_EQ(missing.sentence, "约束用到变量 兔，但答案里没有它的值。");

    const auto missing_en = check_constraints("c + r == 35", {{"c", 23}}, Language::kEnglish);
    EXPECT_EQ(missing_en.sentence, "The constraints use the variable r, but the answer gives no value for it.");

    const auto bad = check_constraints("c + == 35", {{"c", 23}}, Language::kEnglish);
    EXPECT_EQ(bad.outcome, Outcome::kUnknown);
    EXPECT_NE(bad.sentence.find("do not parse"), std::string::npos) << bad.sentence;

    EXPECT_EQ(check_constraints("c + 1", {{"c", 1}}, Language::kEnglish).outcome, Outcome::kUnknown);
    EXPECT_EQ(check_constraints("1 / c == 2", {{"c", 0}}, Language::kEnglish).outcome, Outcome::kUnknown);
    EXPECT_EQ(check_constraints("", {}, Language::kEnglish).outcome, Outcome::kUnknown);
}

// The tuning guide's three-digit puzzle: digit sum 12, hundreds = tens + 2, units = tens − 1.
// 3t + 1 = 12 has no integer root, so "无解" is right.
TEST(CheckNoSolution, TheGuidesDigitPuzzleHasNoSolution) {
    const std::vector<Domain> digits = {{"h", 1, 9}, {"t", 0, 9}, {"u", 0, 9}};
    const auto zh = check_no_solution("h + t + u == 12 && h == t + 2 && u == t - 1", digits, Language::kChinese);
    EXPECT_EQ(zh.outcome, Outcome::kPass) << zh.sentence;
    EXPECT_EQ(zh.verifier, "no_solution");
    EXPECT_EQ(zh.sentence, "给定范围内的全部 900 种取值都不满足约束，确实无解。");

    const std::vector<Domain> named = {{"百", 1, 9}, {"十", 0, 9}, {"个", 0, 9}};
    EXPECT_EQ(check_no_solution("百 + 十 + 个 == 12 且 百 == 十 + 2 且 个 == 十 - 1", named, Language::kChinese).outcome,
              Outcome::kPass);
}

// Digit sum 13 with the same relations: 3t + 1 = 13, t = 4, the number 643.
TEST(CheckNoSolution, AVariantWithASolutionFails) {
    const std::vector<Domain> digits = {{"h", 1, 9}, {"t", 0, 9}, {"u", 0, 9}};
    const auto en = check_no_solution("h + t + u == 13 && h == t + 2 && u == t - 1", digits, Language::kEnglish);
    EXPECT_EQ(en.outcome, Outcome::kFail);
    EXPECT_EQ(en.evidence, "h=6, t=4, u=3");
    EXPECT_EQ(en.sentence, "\"No solution\" is wrong: h=6, t=4, u=3 satisfies every constraint.");

    const std::vector<Domain> named = {{"百", 1, 9}, {"十", 0, 9}, {"个", 0, 9}};
    const auto zh = check_no_solution("百 + 十 + 个 == 13 且 百 == 十 + 2 且 个 == 十 - 1", named, Language::kChinese);
    EXPECT_EQ(zh.outcome, Outcome::kFail);
    EXPECT_EQ(zh.sentence, "“无解”不对：百=6、十=4、个=3 满足全部约束。");
}

TEST(CheckNoSolution, RefusesWhatItCannotSearch) {
    const std::vector<Domain> huge = {{"a", 0, 9999}, {"b", 0, 9999}};
    EXPECT_EQ(check_no_solution("a + b == 3", huge, Language::kEnglish).outcome, Outcome::kUnknown);
    const std::vector<Domain> extreme = {{"a", INT64_MIN, INT64_MAX}};
    EXPECT_EQ(check_no_solution("a == 3", extreme, Language::kEnglish).outcome, Outcome::kUnknown);
    EXPECT_EQ(check_no_solution("a + b == 3", {{"a", 0, 9}}, Language::kEnglish).outcome, Outcome::kUnknown);
    EXPECT_EQ(check_no_solution("a == 3", {{"a", 5, 1}}, Language::kEnglish).outcome, Outcome::kUnknown);
    EXPECT_EQ(check_no_solution("a ==", {{"a", 0, 9}}, Language::kEnglish).outcome, Outcome::kUnknown);
}

TEST(CheckNoSolution, DivisionByZeroIsNotASolutionAndNegativeRangesWork) {
    // At x = 0 the clause is undefined; no other x in range satisfies it.
    EXPECT_EQ(check_no_solution("1/x == 0", {{"x", -3, 3}}, Language::kEnglish).outcome, Outcome::kPass);
    const auto found = check_no_solution("x*x == 4 && x < 0", {{"x", -5, 5}}, Language::kEnglish);
    EXPECT_EQ(found.outcome, Outcome::kFail);
    EXPECT_EQ(found.evidence, "x=-2");
    // Ten million assignments are allowed; pruning keeps this one fast.
    const std::vector<Domain> wide = {{"a", 0, 999}, {"b", 0, 9999}};
    EXPECT_EQ(check_no_solution("a == 1000 && a + b == 5", wide, Language::kEnglish).outcome, Outcome::kPass);
}

#include "verify/expression.h"

#include <gtest/gtest.h>

using r1tune::verify::Bindings;
using r1tune::verify::EvalError;
using r1tune::verify::evaluate;
using r1tune::verify::Expression;
using r1tune::verify::is_condition;
using r1tune::verify::parse_expression;
using r1tune::verify::ParseOptions;
using r1tune::verify::Rational;
using r1tune::verify::to_canonical;
using r1tune::verify::variables_of;

namespace {

// The canonical value of `text` with `bindings`, or "parse error" / "eval error".
std::string value_of(std::string_view text, const Bindings & bindings = {}) {
    auto parsed = parse_expression(text);
    if (!parsed.expression) return "parse error";
    auto result = evaluate(*parsed.expression, bindings);
    if (!result.ok()) return "eval error";
    return to_canonical(result.value);
}

} // namespace

TEST(Expression, OperatorsAndPrecedence) {
    EXPECT_EQ(value_of("2×23+4×12"), "94");
    EXPECT_EQ(value_of("2*23 + 4*12"), "94");
    EXPECT_EQ(value_of("7 ÷ 2"), "7/2");
    EXPECT_EQ(value_of("1/2/2"), "1/4");
    EXPECT_EQ(value_of("10 - 3 - 2"), "5");
    EXPECT_EQ(value_of("2·3⋅4"), "24");
    EXPECT_EQ(value_of("0.1 + 0.2"), "3/10");
    EXPECT_EQ(value_of("50% × 40"), "20");
    EXPECT_EQ(value_of("1,234 + 1"), "1235");
}

TEST(Expression, PowersAndSuperscripts) {
    EXPECT_EQ(value_of("2^10"), "1024");
    EXPECT_EQ(value_of("2^3^2"), "512"); // right-associative
    EXPECT_EQ(value_of("-2^2"), "-4");   // the power binds tighter than the sign
    EXPECT_EQ(value_of("(-2)^2"), "4");
    EXPECT_EQ(value_of("2^-2"), "1/4");
    EXPECT_EQ(value_of("3²+4²"), "25");
    EXPECT_EQ(value_of("2³"), "8");
    EXPECT_EQ(value_of("10⁻³"), "1/1000");
    EXPECT_EQ(value_of("2**5"), "32");
    EXPECT_EQ(value_of("√16 + √(9/4)"), "11/2");
    EXPECT_EQ(value_of("√2"), "eval error"); // no exact value
    EXPECT_EQ(value_of("4^(1/2)"), "eval error");
    EXPECT_EQ(value_of("9^99999999"), "eval error"); // refused, not computed
}

TEST(Expression, FullWidthAndUnicodeForms) {
    EXPECT_EQ(value_of("（１＋２）×３"), "9");
    EXPECT_EQ(value_of("10 − 4"), "6");   // U+2212
    EXPECT_EQ(value_of("10 － 4"), "6");  // full-width hyphen-minus
    EXPECT_EQ(value_of("8 ／ 2"), "4");
    EXPECT_EQ(value_of("１２ ＝ １２"), "1");
}

TEST(Expression, ImplicitMultiplicationNeedsTouchingFactors) {
    const Bindings b = {{"b", 2}, {"c", 5}, {"x", 3}};
    EXPECT_EQ(value_of("2c", b), "10");
    EXPECT_EQ(value_of("3(b+1)", b), "9");
    EXPECT_EQ(value_of("(b+2)(b-1)", b), "4");
    EXPECT_EQ(value_of("2x²", b), "18");
    EXPECT_EQ(value_of("x(x+1)", b), "12");
    EXPECT_EQ(value_of("2 c", b), "parse error"); // a space is no multiplication
    EXPECT_EQ(value_of("2-3", b), "-1");
}

TEST(Expression, NamesAsciiAndChinese) {
    const Bindings b = {{"鸡", 23}, {"兔", 12}, {"chickens", 23}, {"x1", 4}};
    EXPECT_EQ(value_of("2*鸡 + 4*兔", b), "94");
    EXPECT_EQ(value_of("2鸡+4兔", b), "94");
    EXPECT_EQ(value_of("chickens + x1", b), "27");
    auto parsed = parse_expression("鸡 + 兔 == 35 且 2*鸡 + 4*兔 == 94");
    ASSERT_TRUE(parsed.expression);
    EXPECT_EQ(variables_of(*parsed.expression), (std::vector<std::string>{"鸡", "兔"}));
}

TEST(Expression, ComparisonsAndLogic) {
    const Bindings b = {{"c", 23}, {"r", 12}};
    EXPECT_EQ(value_of("c + r == 35 && 2*c + 4*r == 94", b), "1");
    EXPECT_EQ(value_of("c + r = 35 and 2*c + 4*r = 98", b), "0");
    EXPECT_EQ(value_of("c < r || r < c", b), "1");
    EXPECT_EQ(value_of("c ≠ r 且 c ≥ 23 且 r ≤ 12", b), "1");
    EXPECT_EQ(value_of("c != r or c > 100", b), "1");
    EXPECT_EQ(value_of("0 < r < 10", b), "0"); // a chain: every link must hold
    EXPECT_EQ(value_of("0 <= r <= 12", b), "1");
    EXPECT_EQ(value_of("(c == 1) || (r == 12)", b), "1");
    EXPECT_EQ(value_of("c ＜ r", b), "0");
}

TEST(Expression, ConditionsAndNumbersDoNotMix) {
    EXPECT_EQ(value_of("(1 < 2) + 1"), "parse error");
    EXPECT_EQ(value_of("1 && 2"), "parse error");
    auto parsed = parse_expression("x == 1");
    ASSERT_TRUE(parsed.expression);
    EXPECT_TRUE(is_condition(*parsed.expression));
}

TEST(Expression, ErrorsAreValuesNotCrashes) {
    auto zero = parse_expression("1/(3-3)");
    ASSERT_TRUE(zero.expression);
    EXPECT_EQ(evaluate(*zero.expression).error, EvalError::kDivisionByZero);
    EXPECT_EQ(evaluate(*parse_expression("0^-1").expression).error, EvalError::kDivisionByZero);

    auto unbound = evaluate(*parse_expression("x + 1").expression);
    EXPECT_EQ(unbound.error, EvalError::kUnboundVariable);
    EXPECT_EQ(unbound.variable, "x");

    // Short-circuit: the right side is not evaluated when the left decides.
    EXPECT_EQ(value_of("x != 0 && 1/x > 2", {{"x", 0}}), "0");

    for (std::string_view bad : {"", "2 +", "(1 + 2", "1 + 2)", "3 ** ", "× 3", "1 == == 2", "a @ b", "1 2"}) {
        auto result = parse_expression(bad);
        EXPECT_FALSE(result.expression) << bad;
        EXPECT_FALSE(result.error.empty()) << bad;
    }
    EXPECT_EQ(parse_expression("1 + 2)").error_offset, 5u);
    EXPECT_FALSE(parse_expression(std::string(5000, '(') + "1" + std::string(5000, ')')).expression);
    std::string long_sum = "1";
    for (int i = 0; i < 100000; ++i) long_sum += "+1";
    EXPECT_FALSE(parse_expression(long_sum).expression); // refused, not a stack overflow
}

TEST(Expression, PrefixModeReadsTheLongestLeadingExpression) {
    ParseOptions prose;
    prose.cjk_names = false;
    prose.logic = false;
    prose.prefix = true;
    auto parsed = parse_expression("2×23=46只鸡脚", prose);
    ASSERT_TRUE(parsed.expression);
    EXPECT_EQ(parsed.expression->kind, Expression::Kind::kCompare);
    EXPECT_EQ(parsed.length, std::string_view("2×23=46").size());

    parsed = parse_expression("46 (2×23) legs", prose); // a remark, not a product
    ASSERT_TRUE(parsed.expression);
    EXPECT_EQ(parsed.length, 2u);

    parsed = parse_expression("3 + 4 = ? and", prose); // an unfinished comparison stops before '='
    ASSERT_TRUE(parsed.expression);
    EXPECT_EQ(parsed.expression->kind, Expression::Kind::kAdd);

    parsed = parse_expression("5 and 6", prose); // "and" is a word in prose
    ASSERT_TRUE(parsed.expression);
    EXPECT_EQ(parsed.length, 1u);
}

// Found by attacking `r1tune serve`: a check of 20,000 chained powers overflowed the stack while it
// was parsed. Each ^ nests like a parenthesis and is refused past the same depth.
TEST(Expression, AVeryLongChainOfPowersIsRefusedNotACrash) {
    std::string chain = "x == 2";
    for (int i = 0; i < 20000; ++i) chain += "^2";
    const auto parsed = parse_expression(chain);
    EXPECT_FALSE(parsed.expression);
    EXPECT_NE(parsed.error.find("nested too deeply"), std::string::npos) << parsed.error;
    EXPECT_EQ(value_of("2^3^2"), "512");
}

#include "verify/units.h"

#include <gtest/gtest.h>

using r1tune::verify::arithmetic::Dimension;
using r1tune::verify::arithmetic::read_unit;

// Units as the default model writes them after numbers in its GSM8K working.
TEST(ReadUnit, RatesPluralsAndShortNames) {
    EXPECT_EQ(read_unit(" dollars/hour"), (Dimension{{"dollar", 1}, {"hour", -1}}));
    EXPECT_EQ(read_unit(" slices per pie"), (Dimension{{"slice", 1}, {"pie", -1}}));
    EXPECT_EQ(read_unit(" per lawn"), (Dimension{{"lawn", -1}}));
    EXPECT_EQ(read_unit(" people"), (Dimension{{"person", 1}}));
    EXPECT_EQ(read_unit("hrs"), (Dimension{{"hour", 1}}));
    EXPECT_EQ(read_unit(" Minutes "), (Dimension{{"minute", 1}}));
    EXPECT_EQ(read_unit(" cups of flour"), (Dimension{{"cup of flour", 1}}));
    EXPECT_EQ(read_unit(" dollars each"), (Dimension{{"dollar", 1}}));
}

TEST(ReadUnit, PowersWrittenInsideOrAfter) {
    EXPECT_EQ(read_unit("ft", 2), (Dimension{{"foot", 2}}));
    EXPECT_EQ(read_unit("ft^2"), (Dimension{{"foot", 2}}));
    EXPECT_EQ(read_unit(" square feet"), (Dimension{{"foot", 2}}));
    EXPECT_EQ(read_unit(" cubic meters"), (Dimension{{"meter", 3}}));
}

// "30 \text{ (shirt)} + 46 \text{ (pants)}": labels, taken out of the claim with no unit.
TEST(ReadUnit, ALabelInParenthesesIsNoUnit) {
    EXPECT_EQ(read_unit(" (shirt)"), Dimension{});
    EXPECT_EQ(read_unit(" (Monday)"), Dimension{});
    EXPECT_FALSE(read_unit(" (see step 2)"));
}

// Prose stays in the text, where it stops the claim from being read.
TEST(ReadUnit, ProseIsNoUnit) {
    EXPECT_FALSE(read_unit(" times as many as "));
    EXPECT_FALSE(read_unit(" and "));
    EXPECT_FALSE(read_unit(" dollars, so"));
    EXPECT_FALSE(read_unit("只兔"));
    EXPECT_FALSE(read_unit("的米数"));
    EXPECT_FALSE(read_unit(" cm and 5 m"));
    EXPECT_FALSE(read_unit("   "));
    EXPECT_FALSE(read_unit(" the number of apples she has left"));
    EXPECT_FALSE(read_unit(" miles per hour per second per day"));
}

// Chinese units and measure words, in a \text{} or right after a number in prose.
TEST(ReadUnit, ChineseUnitsMeasureWordsAndRates) {
    EXPECT_EQ(read_unit("千米/小时"), (Dimension{{"kilometer", 1}, {"hour", -1}}));
    EXPECT_EQ(read_unit(" 米/人/天"), (Dimension{{"meter", 1}, {"人", -1}, {"day", -1}}));
    EXPECT_EQ(read_unit("只"), (Dimension{{"只", 1}}));
    EXPECT_EQ(read_unit("平方米"), (Dimension{{"meter", 2}}));
    EXPECT_EQ(read_unit("厘米", 2), (Dimension{{"centimeter", 2}}));
    const auto rate = r1tune::verify::arithmetic::read_chinese_unit("元/千克，共");
    ASSERT_TRUE(rate);
    EXPECT_EQ(rate->length, std::string_view("元/千克").size());
    EXPECT_EQ(rate->dimension, (Dimension{{"yuan", 1}, {"kilogram", -1}}));
    const auto before_a_noun = r1tune::verify::arithmetic::read_chinese_unit("只鸡");
    ASSERT_TRUE(before_a_noun);
    EXPECT_EQ(before_a_noun->length, std::string_view("只").size());
    EXPECT_FALSE(r1tune::verify::arithmetic::read_chinese_unit("鸡"));
}

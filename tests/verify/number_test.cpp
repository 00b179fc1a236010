#include "verify/number.h"

#include <gtest/gtest.h>

using r1tune::verify::parse_number;
using r1tune::verify::Rational;
using r1tune::verify::to_canonical;
using r1tune::verify::to_display;

namespace {

// The value and the byte length parse_number reads from `text`; "none" when it reads nothing.
std::string read(std::string_view text) {
    auto n = parse_number(text);
    if (!n) return "none";
    return to_canonical(n->value) + " @" + std::to_string(n->length);
}

} // namespace

TEST(ParseNumber, IntegersDecimalsAndSigns) {
    EXPECT_EQ(read("12 chickens"), "12 @2");
    EXPECT_EQ(read("12.0"), "12 @4");
    EXPECT_EQ(read("0.125"), "1/8 @5");
    EXPECT_EQ(read("-3.5"), "-7/2 @4");
    EXPECT_EQ(read("−4"), "-4 @4");  // U+2212 minus sign, three bytes
    EXPECT_EQ(read("－4"), "-4 @4"); // full-width hyphen-minus
    EXPECT_EQ(read("+7"), "7 @2");
}

TEST(ParseNumber, FullWidthDigitsAndPoint) {
    EXPECT_EQ(read("２３只"), "23 @6");
    EXPECT_EQ(read("１．５"), "3/2 @9");
}

TEST(ParseNumber, ThousandsSeparatorsOnlyBetweenGroupsOfThree) {
    EXPECT_EQ(read("1,234,567 yuan"), "1234567 @9");
    EXPECT_EQ(read("1，234"), "1234 @7");
    EXPECT_EQ(read("12,5"), "12 @2");     // not a group of three: a list, the comma is not read
    EXPECT_EQ(read("1,2345"), "1 @1");    // four digits after the comma: not a group either
    EXPECT_EQ(read("1234,567"), "1234 @4"); // a first group of four is no grouping
}

TEST(ParseNumber, PercentDividesByOneHundred) {
    auto half = parse_number("50%");
    ASSERT_TRUE(half);
    EXPECT_EQ(half->value, Rational(1, 2));
    EXPECT_TRUE(half->percent);
    EXPECT_EQ(read("12.5％"), "1/8 @7");
}

TEST(ParseNumber, WhatIsNotANumberGivesNothing) {
    EXPECT_EQ(read("x = 5"), "none");
    EXPECT_EQ(read("-"), "none");
    EXPECT_EQ(read(".5"), "none"); // models write 0.5; a leading point is too often punctuation
    EXPECT_EQ(read(""), "none");
    EXPECT_EQ(read("3."), "3 @1"); // a sentence's full stop is not a decimal point
}

TEST(ToDisplay, FiniteDecimalsAsDecimalsOthersAsFractions) {
    EXPECT_EQ(to_display(Rational(12)), "12");
    EXPECT_EQ(to_display(Rational(1, 8)), "0.125");
    EXPECT_EQ(to_display(Rational(-7, 2)), "-3.5");
    EXPECT_EQ(to_display(Rational(-1, 20)), "-0.05");
    EXPECT_EQ(to_display(Rational(1, 3)), "1/3");
    EXPECT_EQ(to_display(Rational(1, 1024), 6), "1/1024"); // ten places is more than asked for
}

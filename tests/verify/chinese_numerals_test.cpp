#include "verify/chinese_numerals.h"

#include <gtest/gtest.h>

#include <string>

using r1tune::verify::parse_chinese_number;
using r1tune::verify::starts_chinese_numeral;
using r1tune::verify::to_canonical;

namespace {

// The value and the bytes read, "none" when nothing is read; a percentage is marked with %.
std::string read(std::string_view text) {
    auto n = parse_chinese_number(text);
    if (!n) return "none";
    return to_canonical(n->value) + (n->percent ? "%" : "") + " @" + std::to_string(n->length);
}

} // namespace

TEST(ChineseNumerals, UnitsTensAndHundreds) {
    EXPECT_EQ(read("二十三只"), "23 @9");
    EXPECT_EQ(read("十二"), "12 @6");
    EXPECT_EQ(read("十"), "10 @3");
    EXPECT_EQ(read("一百零五"), "105 @12");
    EXPECT_EQ(read("三千零二十"), "3020 @15");
    EXPECT_EQ(read("九百九十九"), "999 @15");
    EXPECT_EQ(read("零"), "0 @3");
}

TEST(ChineseNumerals, WanAndYi) {
    EXPECT_EQ(read("两万五千元"), "25000 @12");
    EXPECT_EQ(read("一万零一"), "10001 @12");
    EXPECT_EQ(read("十万"), "100000 @6");
    EXPECT_EQ(read("一千二百万"), "12000000 @15");
    EXPECT_EQ(read("一亿零五百万"), "105000000 @18");
    EXPECT_EQ(read("三万亿"), "3000000000000 @9");
}

TEST(ChineseNumerals, ColloquialDroppedLastUnit) {
    EXPECT_EQ(read("一百五"), "150 @9");
    EXPECT_EQ(read("两万五"), "25000 @9");
    EXPECT_EQ(read("十五"), "15 @6"); // 十 has no lower unit to drop
}

TEST(ChineseNumerals, FinancialAndTraditionalForms) {
    EXPECT_EQ(read("壹佰贰拾叁"), "123 @15");
    EXPECT_EQ(read("肆仟零伍拾"), "4050 @15");
    EXPECT_EQ(read("兩萬"), "20000 @6");
}

TEST(ChineseNumerals, NegativesDecimalsFractionsAndPercentages) {
    EXPECT_EQ(read("负三"), "-3 @6");
    EXPECT_EQ(read("三点五"), "7/2 @9");
    EXPECT_EQ(read("零点二五"), "1/4 @12");
    EXPECT_EQ(read("三分之二"), "2/3 @12");
    EXPECT_EQ(read("负三分之二"), "-2/3 @15");
    EXPECT_EQ(read("二又三分之一"), "7/3 @18");
    EXPECT_EQ(read("百分之五十"), "1/2% @15");
    EXPECT_EQ(read("百分之三点五"), "7/200% @18");
    EXPECT_EQ(read("百分之50"), "1/2% @11");
    EXPECT_EQ(read("千分之五"), "1/200 @12");
}

TEST(ChineseNumerals, DigitStrings) {
    EXPECT_EQ(read("二〇二四年"), "2024 @12");
    EXPECT_EQ(read("一〇五"), "105 @9");
    EXPECT_EQ(read("五只"), "5 @3");
    EXPECT_EQ(read("三四只"), "none"); // three or four: a range, not 34
}

TEST(ChineseNumerals, StopsBeforeWhatDoesNotContinueTheNumeral) {
    EXPECT_EQ(read("十分"), "10 @3");
    EXPECT_EQ(read("三点钟"), "3 @3");
    EXPECT_EQ(read("三分"), "3 @3");
    EXPECT_EQ(read("十十"), "10 @3");
    EXPECT_EQ(read("三十二百"), "32 @9");
    EXPECT_EQ(read("一百二三"), "120 @9");
}

TEST(ChineseNumerals, NonNumerals) {
    EXPECT_EQ(read("百"), "none");
    EXPECT_EQ(read("千万"), "none");
    EXPECT_EQ(read("万一"), "none");
    EXPECT_EQ(read("负"), "none");
    EXPECT_EQ(read("鸡"), "none");
    EXPECT_EQ(read("23"), "none");
    EXPECT_EQ(read(""), "none");
    EXPECT_TRUE(starts_chinese_numeral("万一"));
    EXPECT_TRUE(starts_chinese_numeral("负三"));
    EXPECT_FALSE(starts_chinese_numeral("鸡"));
}

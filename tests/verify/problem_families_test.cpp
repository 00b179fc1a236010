#include "verify/problem_families.h"

#include <gtest/gtest.h>

using r1tune::ErrorKind;
using r1tune::Status;
using r1tune::verify::derive_constraints;
using r1tune::verify::ProblemFamily;
using r1tune::verify::recognise_family;

TEST(ProblemFamilies, ByName) {
    for (const ProblemFamily f : r1tune::verify::kAllProblemFamilies) {
        ProblemFamily parsed = ProblemFamily::kAge;
        ASSERT_TRUE(r1tune::verify::parse_problem_family(to_string(f), parsed));
        EXPECT_EQ(parsed, f);
    }
    ProblemFamily parsed = ProblemFamily::kAge;
    const Status bad = r1tune::verify::parse_problem_family("chicken", parsed);
    EXPECT_EQ(bad.kind(), ErrorKind::kUsage);
    EXPECT_NE(bad.message().find("chicken_rabbit, digit_puzzle, age, work_rate, distance"), std::string::npos);
}

TEST(ProblemFamilies, RecognisedByTheirWordsAndNothingElse) {
    std::vector<std::string_view> why;
    EXPECT_EQ(recognise_family("笼子里有35个头，94只脚", why), ProblemFamily::kChickenRabbit);
    EXPECT_EQ(why, (std::vector<std::string_view>{"头", "脚"}));
    EXPECT_EQ(recognise_family("chickens and rabbits in a cage", why), ProblemFamily::kChickenRabbit);
    EXPECT_EQ(recognise_family("一个三位数，各位数字之和是12", why), ProblemFamily::kDigitPuzzle);
    EXPECT_EQ(recognise_family("十位数字比个位数字大2", why), ProblemFamily::kDigitPuzzle);
    // A place name alone counts people; a hen without rabbits, heads without feet, "then" holding
    // "hen": nothing.
    EXPECT_EQ(recognise_family("十位同学去春游", why), std::nullopt);
    EXPECT_EQ(recognise_family("the hen laid 3 eggs", why), std::nullopt);
    EXPECT_EQ(recognise_family("then 5 heads turned", why), std::nullopt);
    EXPECT_TRUE(why.empty());
}

TEST(DeriveConstraints, ChickenAndRabbitInChinese) {
    auto d = derive_constraints("笼子里有35个头，94只脚，问鸡兔各几只？");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->family, ProblemFamily::kChickenRabbit);
    EXPECT_EQ(d->constraints, "鸡 + 兔 == 35 && 2*鸡 + 4*兔 == 94");
    EXPECT_EQ(d->variables, (std::vector<std::string>{"鸡", "兔"}));
    EXPECT_FALSE(d->digits_of_one_number);
}

TEST(DeriveConstraints, ChickenAndRabbitInEnglish) {
    auto d = derive_constraints("A farm has chickens and rabbits with 20 heads and 56 legs in all. How many of each?");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->constraints, "chickens + rabbits == 20 && 2*chickens + 4*rabbits == 56");
}

TEST(DeriveConstraints, ChickenAndRabbitAsTextbooksAndUsersPhraseIt) {
    const char * const zh = "鸡 + 兔 == 35 && 2*鸡 + 4*兔 == 94";
    for (const char * question : {
             "鸡兔同笼，头共35个，脚共94只，鸡兔各几只？",                    // the count after its noun
             "笼子里的鸡和兔，数头有35个，数脚有94只，鸡和兔各有多少只？",
             "鸡和兔一共有三十五个头，九十四只脚，问鸡兔各有几只？",          // Chinese numerals
             "鸡兔同笼，总共有35个头，总共有94只脚，鸡兔各多少？",
             "每只鸡有两只脚，每只兔有四只脚，笼子里一共有35个头、94只脚，问鸡兔各几只？", // the total is marked
             "鸡和兔的头数一共是35，脚数一共是94，鸡兔各几只？",
         }) {
        SCOPED_TRACE(question);
        auto d = derive_constraints(question);
        ASSERT_TRUE(d);
        EXPECT_EQ(d->constraints, zh);
    }
    for (const char * question : {
             "Chickens and rabbits: heads: 35, legs: 94. How many of each?",
             "There are chickens and rabbits on a farm. Each chicken has 2 legs and each rabbit has 4 legs. "
             "There are 35 heads and 94 legs in total. How many rabbits are there?",
         }) {
        SCOPED_TRACE(question);
        auto d = derive_constraints(question);
        ASSERT_TRUE(d);
        EXPECT_EQ(d->constraints, "chickens + rabbits == 35 && 2*chickens + 4*rabbits == 94");
    }
}

TEST(DeriveConstraints, TheGuidesDigitPuzzle) {
    auto d = derive_constraints("一个三位数，各位数字之和是12，百位数字比十位数字大2，个位数字比十位数字小1，求这个数");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->family, ProblemFamily::kDigitPuzzle);
    EXPECT_EQ(d->constraints, "h + t + u == 12 && h == t + 2 && u == t - 1");
    EXPECT_TRUE(d->digits_of_one_number);
    ASSERT_EQ(d->domains.size(), 3u);
    EXPECT_EQ(d->domains[0].lo, 1); // a three-digit number does not start with 0
}

TEST(DeriveConstraints, ADigitPuzzleInChineseNumeralsIsReadWhole) {
    auto d = derive_constraints("一个三位数，各位数字之和是十二，百位数字比十位数字大二，个位数字比十位数字小一，求这个数");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->constraints, "h + t + u == 12 && h == t + 2 && u == t - 1");
}

TEST(DeriveConstraints, DigitPuzzleInEnglish) {
    auto d = derive_constraints("Find a three-digit number whose sum of the digits is 13, where the hundreds digit is "
                                "2 more than the tens digit and the units digit is 1 less than the tens digit.");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->constraints, "h + t + u == 13 && h == t + 2 && u == t - 1");
}

TEST(DeriveConstraints, EnglishDigitNamesInAnyCase) {
    auto d = derive_constraints("A Three-Digit Number: the sum of its digits is 12. The Hundreds digit is 2 MORE than "
                                "the tens digit, and the Units digit is 1 less than the Tens digit.");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->constraints, "h + t + u == 12 && h == t + 2 && u == t - 1");
}

TEST(DeriveConstraints, NothingIsDerivedWithoutCertainty) {
    EXPECT_FALSE(derive_constraints("鸡兔同笼问题怎么解？"));            // no numbers to build on
    EXPECT_FALSE(derive_constraints("有35个头，问有几只？"));              // no animals named
    EXPECT_FALSE(derive_constraints("一个三位数，各位数字之和是12，求这个数")); // one clause only
    EXPECT_FALSE(derive_constraints("What is 2 + 2?"));
    // Several counts of the same thing: which one is the total is a guess.
    EXPECT_FALSE(derive_constraints("鸡有2条腿，兔有4条腿，笼子里共有35个头，94条腿，问鸡兔各几只？"));
    EXPECT_FALSE(derive_constraints("鸡有2条腿，兔有4条腿，还有94条腿，35个头，问鸡兔各几只？"));
    // 一 in words (一共, 一些) is not a count.
    EXPECT_FALSE(derive_constraints("鸡和兔一共有一些头和一些脚，问鸡兔各几只？"));
    // Very long questions are not read (std::regex would overflow the stack on long digit runs).
    EXPECT_FALSE(derive_constraints("鸡兔 " + std::string(100000, '7') + " 个头，94只脚"));
    // Absurd counts derive nothing instead of overflowing.
    EXPECT_FALSE(derive_constraints("笼子里有99999999999999999999999个头，94只脚，问鸡兔各几只？"));
}

#include "text/keywords.h"

#include <gtest/gtest.h>

using r1tune::text::find_keywords;
using r1tune::text::lower_ascii;

TEST(Keywords, EnglishWordsMatchOnlyWhole) {
    constexpr std::string_view kWords[] = {"prove", "hen", "c++", "unit test"};
    EXPECT_TRUE(find_keywords("how to improve then", kWords).empty());
    EXPECT_EQ(find_keywords("prove it, hen!", kWords), (std::vector<std::string_view>{"prove", "hen"}));
    // A keyword that ends in punctuation may touch a letter there.
    EXPECT_EQ(find_keywords("c++x and a unit tests", kWords), (std::vector<std::string_view>{"c++"}));
}

TEST(Keywords, ChineseWordsMatchWhereverTheyStand) {
    constexpr std::string_view kWords[] = {"证明", "鸡"};
    EXPECT_EQ(find_keywords("求证明鸡兔", kWords), (std::vector<std::string_view>{"证明", "鸡"}));
}

TEST(Keywords, LoweringTouchesOnlyAsciiLetters) {
    EXPECT_EQ(lower_ascii("Prove 鸡 ÉA"), "prove 鸡 \xC3\x89" "a");
}

// The terms the notebook indexes: English words without function words, Chinese pairs, no numbers.
#include "notebook/search_terms.h"

#include <gtest/gtest.h>

using r1tune::notebook::indexed_text;
using r1tune::notebook::search_terms;

TEST(SearchTerms, EnglishWordsLowercasedWithoutFunctionWordsOrNumbers) {
    EXPECT_EQ(indexed_text("How many Apples does Tom have, if he buys 12 apples at the Shop?"), "apples tom buys shop");
    EXPECT_EQ(indexed_text("x2 + y = 10"), "");
}

TEST(SearchTerms, ChineseAsOverlappingPairsOfIdeographs) {
    EXPECT_EQ(search_terms("鸡兔同笼"), (std::vector<std::string>{"鸡兔", "兔同", "同笼"}));
    // Punctuation and numbers end a run; a run of one ideograph is a term of its own.
    EXPECT_EQ(indexed_text("笼子里有35个头，94只脚"), "笼子 子里 里有 个头 只脚");
    EXPECT_EQ(indexed_text("鸡，兔"), "鸡 兔");
}

TEST(SearchTerms, MixedTextKeepsBoth) {
    EXPECT_EQ(indexed_text("鸡兔 chicken rabbit 鸡兔"), "鸡兔 chicken rabbit");
    EXPECT_EQ(indexed_text(""), "");
}

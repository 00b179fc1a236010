#include "text/language.h"

#include <gtest/gtest.h>

using r1tune::text::detect_language;
using r1tune::text::Language;

TEST(DetectLanguage, ChineseQuestionsMixedWithDigitsAndFormulasAreChinese) {
    EXPECT_EQ(detect_language("笼子里有35个头，94只脚，问鸡兔各几只？"), Language::kChinese);
    EXPECT_EQ(detect_language("Solve 2x + 3 = 7, 并检查答案"), Language::kChinese);
    EXPECT_EQ(detect_language("x=5，对吗"), Language::kChinese);
}

TEST(DetectLanguage, EnglishAndOtherScriptsWithoutIdeographsAreEnglish) {
    EXPECT_EQ(detect_language("A cage holds 35 heads and 94 feet."), Language::kEnglish);
    EXPECT_EQ(detect_language(""), Language::kEnglish);
    // Full-width punctuation and accented letters are multi-byte but not ideographs.
    EXPECT_EQ(detect_language("café，（3＋4）＝7"), Language::kEnglish);
}

TEST(DetectLanguage, IdeographsOutsideTheBasicBlockCount) {
    EXPECT_EQ(detect_language("\xF0\xA0\x80\x80"), Language::kChinese); // U+20000, Extension B
    EXPECT_EQ(detect_language("\xE3\x90\x80"), Language::kChinese);     // U+3400, Extension A
}

#include "text/utf8.h"

#include <gtest/gtest.h>

using r1tune::text::complete_utf8_prefix;
using r1tune::text::is_valid_utf8;

TEST(Utf8, AcceptsAsciiChineseAndEmoji) {
    EXPECT_TRUE(is_valid_utf8("35 heads, 94 feet"));
    EXPECT_TRUE(is_valid_utf8("笼子里有35个头，94只脚，问鸡兔各几只？"));
    EXPECT_TRUE(is_valid_utf8("✓ 🐔🐇"));
    EXPECT_TRUE(is_valid_utf8(""));
}

TEST(Utf8, RejectsMalformedSequencesAndReportsTheirOffset) {
    std::size_t at = 99;
    EXPECT_FALSE(is_valid_utf8("ab\xff", &at));
    EXPECT_EQ(at, 2u);
    EXPECT_FALSE(is_valid_utf8("\xe4\xb8", &at)); // truncated 3-byte character
    EXPECT_EQ(at, 0u);
    EXPECT_FALSE(is_valid_utf8("x\xc0\xaf", &at)); // overlong encoding of '/'
    EXPECT_EQ(at, 1u);
    EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80")); // UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80")); // beyond U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\x80"));             // lone continuation byte
}

TEST(Utf8, CompletePrefixHoldsBackASplitCharacter) {
    const std::string chicken = "鸡"; // 3 bytes
    EXPECT_EQ(complete_utf8_prefix("ab" + chicken), 5u);
    EXPECT_EQ(complete_utf8_prefix("ab" + chicken.substr(0, 1)), 2u);
    EXPECT_EQ(complete_utf8_prefix("ab" + chicken.substr(0, 2)), 2u);
    const std::string emoji = "🐇"; // 4 bytes
    EXPECT_EQ(complete_utf8_prefix(emoji.substr(0, 3)), 0u);
    EXPECT_EQ(complete_utf8_prefix(emoji), 4u);
    EXPECT_EQ(complete_utf8_prefix("plain"), 5u);
}

TEST(SanitizeUtf8, ReplacesEachBadByteAndKeepsTheRest) {
    using r1tune::text::sanitize_utf8;
    EXPECT_EQ(sanitize_utf8("鸡23只"), "鸡23只");
    EXPECT_EQ(sanitize_utf8("a\xE9s"), "a\xEF\xBF\xBDs");            // a lead byte followed by ASCII
    EXPECT_EQ(sanitize_utf8("\x80\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD"); // stray continuation bytes
    EXPECT_EQ(sanitize_utf8("x\xF0\x9F"), "x\xEF\xBF\xBD\xEF\xBF\xBD"); // cut short at the end
    EXPECT_TRUE(r1tune::text::is_valid_utf8(sanitize_utf8("\xC0\xAF\xED\xA0\x80ok")));
}

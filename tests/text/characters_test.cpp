#include "text/characters.h"

#include <gtest/gtest.h>

using namespace r1tune::text;

TEST(CharacterAt, ReadsOneToFourByteCharacters) {
    const std::string s = "a\xC3\xA9鸡\xF0\xA0\x80\x80"; // a, é, 鸡, U+20000
    EXPECT_EQ(character_at(s, 0).code_point, U'a');
    EXPECT_EQ(character_at(s, 0).length, 1u);
    EXPECT_EQ(character_at(s, 1).code_point, U'é');
    EXPECT_EQ(character_at(s, 1).length, 2u);
    EXPECT_EQ(character_at(s, 3).code_point, U'鸡');
    EXPECT_EQ(character_at(s, 3).length, 3u);
    EXPECT_EQ(character_at(s, 6).code_point, U'\U00020000');
    EXPECT_EQ(character_at(s, 6).length, 4u);
    EXPECT_EQ(character_at(s, s.size()).length, 0u);
}

TEST(CharacterAt, AStrayOrCutOffByteReadsAsItselfAndNeverPastTheEnd) {
    const std::string cut = "x\xE9\xB8"; // 鸡 without its last byte
    EXPECT_EQ(character_at(cut, 1).code_point, char32_t{0xE9});
    EXPECT_EQ(character_at(cut, 1).length, 1u);
    EXPECT_EQ(character_at(cut, 2).code_point, char32_t{0xB8}); // a continuation byte alone
    EXPECT_EQ(character_at(cut, 2).length, 1u);
}

TEST(PreviousCharacter, StepsBackOverAWholeCharacter) {
    const std::string s = "35只鸡";
    EXPECT_EQ(previous_character(s, s.size()), 5u);
    EXPECT_EQ(previous_character(s, 5), 2u);
    EXPECT_EQ(previous_character(s, 2), 1u);
    EXPECT_EQ(previous_character(s, 1), 0u);
}

TEST(CountCharacters, CountsCharactersNotBytes) {
    const std::string s = "鸡+兔=35";
    EXPECT_EQ(count_characters(s), 6u);
    EXPECT_EQ(count_characters(std::string_view(s).substr(0, 3)), 1u);
    EXPECT_EQ(count_characters(""), 0u);
}

TEST(CutToBytes, NeverCutsACharacterInTwo) {
    const std::string s = "ab鸡兔";
    EXPECT_EQ(cut_to_bytes(s, 100), s);
    EXPECT_EQ(cut_to_bytes(s, 5), "ab鸡");
    EXPECT_EQ(cut_to_bytes(s, 4), "ab");
    EXPECT_EQ(cut_to_bytes(s, 2), "ab");
}

TEST(IsCjkIdeograph, TheBlocksAndNothingElse) {
    EXPECT_TRUE(is_cjk_ideograph(U'鸡'));
    EXPECT_TRUE(is_cjk_ideograph(U'\u3400'));
    EXPECT_TRUE(is_cjk_ideograph(U'\U00020000'));
    EXPECT_TRUE(is_cjk_ideograph(U'\uF900'));
    EXPECT_FALSE(is_cjk_ideograph(U'，')); // full-width punctuation
    EXPECT_FALSE(is_cjk_ideograph(U'３'));
    EXPECT_FALSE(is_cjk_ideograph(U'a'));
    EXPECT_FALSE(is_cjk_ideograph(U'あ'));
}

// Reading UTF-8 text one character at a time, for the parsers that look inside questions and
// answers (router, answer extraction, the checks): Chinese text has no spaces, so they step by
// characters and ask whether one is an ideograph.
//
// The readers are lenient: a stray continuation byte or a character cut off at the end reads as
// one character of that byte's value, so a parser never stalls or reads past the end. Text that
// crosses r1tune's boundaries is checked as a whole with text/utf8.h.
#pragma once

#include <cstddef>
#include <string_view>

namespace r1tune::text {

struct Character {
    char32_t code_point = 0;
    std::size_t length = 0; // bytes; 0 at or past the end of the text
};

// The character that starts at byte `i`.
Character character_at(std::string_view s, std::size_t i);

// The byte where the character that ends just before byte `i` starts (`i` > 0).
std::size_t previous_character(std::string_view s, std::size_t i);

// How many characters `s` holds: what a user counts (a table's column width, where an error is).
std::size_t count_characters(std::string_view s);

// The longest prefix of at most `bytes` bytes that does not cut a character in two.
std::string_view cut_to_bytes(std::string_view s, std::size_t bytes);

// The longest suffix of at most `bytes` bytes that does not cut a character in two.
std::string_view last_bytes(std::string_view s, std::size_t bytes);

// A CJK ideograph (the unified block, its extensions and the compatibility ideographs): a
// question holding one is Chinese, a run of them is a Chinese name.
bool is_cjk_ideograph(char32_t cp);

} // namespace r1tune::text

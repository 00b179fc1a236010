// Character-level helpers of the arithmetic check's readers (verify/math_normalizer,
// verify/claim_bounds, verify/arithmetic_check): ASCII and full-width digits, the spaces models
// put between tokens (no-break, thin, ideographic), words from a list.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "text/characters.h"

namespace r1tune::verify::arithmetic {

inline bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_full_width_digit(std::uint32_t cp) { return cp >= 0xFF10 && cp <= 0xFF19; }

inline bool is_space_at(std::string_view s, std::size_t i, std::size_t * length) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
        *length = 1;
        return true;
    }
    const auto [cp, n] = text::character_at(s, i);
    *length = n;
    return cp == 0xA0 || cp == 0x3000 || cp == 0x2009 || cp == 0x202F;
}

inline std::size_t skip_spaces(std::string_view s, std::size_t i) {
    for (std::size_t n; i < s.size() && is_space_at(s, i, &n);) i += n;
    return i;
}

inline std::size_t skip_spaces_back(std::string_view s, std::size_t i) {
    while (i > 0) {
        const std::size_t p = text::previous_character(s, i);
        std::size_t n;
        if (!is_space_at(s, p, &n)) break;
        i = p;
    }
    return i;
}


inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
inline bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

template <std::size_t N>
inline bool is_one_of(std::string_view word, const std::array<std::string_view, N> & words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

} // namespace r1tune::verify::arithmetic

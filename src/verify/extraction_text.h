// Character-level helpers that the answer readers share (verify/answer_cleaner,
// verify/quantity_reader, the rules of verify/answer_extraction): byte offsets into UTF-8 text,
// with full-width digits and Chinese numerals in view.
#pragma once

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>

#include "text/characters.h"
#include "verify/chinese_numerals.h"

namespace r1tune::verify::extraction {

inline constexpr std::size_t kNone = std::string::npos;

inline bool starts_with_at(std::string_view s, std::size_t i, std::string_view prefix) {
    return i <= s.size() && s.substr(i, prefix.size()) == prefix;
}

inline bool starts_with_at_nocase(std::string_view s, std::size_t i, std::string_view prefix) {
    if (i + prefix.size() > s.size()) return false;
    for (std::size_t k = 0; k < prefix.size(); ++k) {
        if (std::tolower(static_cast<unsigned char>(s[i + k])) != prefix[k]) return false;
    }
    return true;
}

inline bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
inline bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

inline bool is_digit_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return false;
    if (s[i] >= '0' && s[i] <= '9') return true;
    return starts_with_at(s, i, "\xEF\xBC") && i + 2 < s.size() &&
           static_cast<unsigned char>(s[i + 2]) >= 0x90 && static_cast<unsigned char>(s[i + 2]) <= 0x99;
}

// A CJK ideograph that is not part of a numeral: the stuff of Chinese names and units.
inline bool is_name_char(std::string_view s, std::size_t i) {
    return i < s.size() && text::is_cjk_ideograph(text::character_at(s, i).code_point) && !starts_chinese_numeral(s.substr(i));
}

template <typename Options>
inline std::size_t match_any(std::string_view s, std::size_t i, const Options & options) {
    std::size_t best = 0;
    for (std::string_view option : options) {
        if (option.size() > best && starts_with_at(s, i, option)) best = option.size();
    }
    return best;
}

inline std::size_t match_any(std::string_view s, std::size_t i, std::initializer_list<std::string_view> options) {
    return match_any<std::initializer_list<std::string_view>>(s, i, options);
}

// The longest of `options` ending exactly at `i` (and starting at or after `floor`).
inline std::size_t match_any_before(std::string_view s, std::size_t floor, std::size_t i,
                             std::initializer_list<std::string_view> options) {
    std::size_t best = 0;
    for (std::string_view option : options) {
        if (option.size() > best && option.size() <= i - floor && s.substr(i - option.size(), option.size()) == option) {
            best = option.size();
        }
    }
    return best;
}

inline std::size_t skip_spaces(std::string_view s, std::size_t i, std::size_t end) {
    while (i < end && is_space(s[i])) ++i;
    return i;
}

inline std::size_t skip_spaces_back(std::string_view s, std::size_t floor, std::size_t i) {
    while (i > floor && is_space(s[i - 1])) --i;
    return i;
}


inline bool contains_any(std::string_view s, std::initializer_list<std::string_view> needles) {
    return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) { return s.find(n) != kNone; });
}

} // namespace r1tune::verify::extraction

#include "text/characters.h"

namespace r1tune::text {

namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

} // namespace

Character character_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return {};
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (length == 1 || i + length > s.size()) return {lead, 1};
    char32_t cp = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return {cp, length};
}

std::size_t previous_character(std::string_view s, std::size_t i) {
    std::size_t j = i - 1;
    while (j > 0 && is_continuation(static_cast<unsigned char>(s[j]))) --j;
    return j;
}

std::size_t count_characters(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += is_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
    return n;
}

std::string_view cut_to_bytes(std::string_view s, std::size_t bytes) {
    if (s.size() <= bytes) return s;
    std::size_t cut = bytes;
    while (cut > 0 && is_continuation(static_cast<unsigned char>(s[cut]))) --cut;
    return s.substr(0, cut);
}

std::string_view last_bytes(std::string_view s, std::size_t bytes) {
    if (s.size() <= bytes) return s;
    std::size_t start = s.size() - bytes;
    while (start < s.size() && is_continuation(static_cast<unsigned char>(s[start]))) ++start;
    return s.substr(start);
}

bool is_cjk_ideograph(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)      // CJK Unified Ideographs
           || (cp >= 0x3400 && cp <= 0x4DBF)   // Extension A
           || (cp >= 0x20000 && cp <= 0x2FA1F) // Extensions B.. and the compatibility supplement
           || (cp >= 0xF900 && cp <= 0xFAFF);  // Compatibility Ideographs
}

} // namespace r1tune::text

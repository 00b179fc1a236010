#include "text/keywords.h"

namespace r1tune::text {

namespace {

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_ascii(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

bool contains(std::string_view text, std::string_view keyword) {
    if (!is_ascii(keyword)) return text.find(keyword) != std::string_view::npos;
    for (std::size_t pos = text.find(keyword); pos != std::string_view::npos; pos = text.find(keyword, pos + 1)) {
        const std::size_t end = pos + keyword.size();
        const bool starts_clean = pos == 0 || !is_word_char(keyword.front()) || !is_word_char(text[pos - 1]);
        const bool ends_clean = end == text.size() || !is_word_char(keyword.back()) || !is_word_char(text[end]);
        if (starts_clean && ends_clean) return true;
    }
    return false;
}

} // namespace

std::vector<std::string_view> find_keywords(std::string_view lowered, std::span<const std::string_view> keywords) {
    std::vector<std::string_view> found;
    for (std::string_view keyword : keywords) {
        if (contains(lowered, keyword)) found.push_back(keyword);
    }
    return found;
}

} // namespace r1tune::text

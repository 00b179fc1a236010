#include "text/language.h"

#include <utility>

#include "text/characters.h"

namespace r1tune::text {

Language detect_language(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const Character c = character_at(text, i);
        if (is_cjk_ideograph(c.code_point)) return Language::kChinese;
        i += c.length;
    }
    return Language::kEnglish;
}

std::string in_language(Language language, std::string english, std::string chinese) {
    return language == Language::kChinese ? std::move(chinese) : std::move(english);
}

} // namespace r1tune::text

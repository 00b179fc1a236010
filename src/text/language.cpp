#include "text/language.h"

#include <cstdint>

namespace r1tune::text {

namespace {

bool is_cjk_ideograph(std::uint32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)     // CJK Unified Ideographs
        || (cp >= 0x3400 && cp <= 0x4DBF)     // Extension A
        || (cp >= 0x20000 && cp <= 0x2FA1F)   // Extensions B.. and compatibility supplement
        || (cp >= 0xF900 && cp <= 0xFAFF);    // Compatibility Ideographs
}

} // namespace

Language detect_language(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        if (length >= 3 && i + length <= text.size()) {
            std::uint32_t cp = lead & (length == 3 ? 0x0F : 0x07);
            for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
            if (is_cjk_ideograph(cp)) return Language::kChinese;
        }
        i += length;
    }
    return Language::kEnglish;
}

} // namespace r1tune::text

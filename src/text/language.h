// Which language a question is written in. r1tune answers in the user's language (prompts,
// feedback sentences, verifier verdicts), and its users write Chinese or English.
#pragma once

#include <string>
#include <string_view>

namespace r1tune::text {

enum class Language { kEnglish, kChinese };

// Chinese when the text holds any CJK ideograph (a question in Chinese routinely mixes in
// digits, Latin variable names and formulas, so a count or a ratio would misjudge it).
// The text must be valid UTF-8.
Language detect_language(std::string_view text);

// The sentence in `language`: the Chinese one for Chinese, else the English one.
std::string in_language(Language language, std::string english, std::string chinese);

} // namespace r1tune::text

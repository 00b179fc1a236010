#include "notebook/notebook_text.h"

namespace r1tune::notebook {

std::string entry_text(const Entry & e, text::Language language) {
    if (language == text::Language::kChinese) {
        return "【题目】" + e.question + "\n【典型错误】" + e.mistake + "\n【修正示范】" + e.correction;
    }
    return "Question: " + e.question + "\nMistake: " + e.mistake + "\nCorrect working: " + e.correction;
}

std::string entries_text(const std::vector<Entry> & entries, text::Language language) {
    std::string out;
    for (const Entry & e : entries) out += (out.empty() ? "" : "\n\n") + entry_text(e, language);
    return out;
}

std::string question_after_entries(const std::vector<Entry> & entries, text::Language language,
                                   const std::string & question) {
    if (entries.empty()) return question;
    const std::string heading =
        text::in_language(language, "Mistakes made before on problems like this one; do not repeat them:",
                          "以前在类似题目上犯过的错误，请不要再犯：");
    const std::string lead = text::in_language(language, "The question:", "题目：");
    return heading + "\n\n" + entries_text(entries, language) + "\n\n" + lead + "\n" + question;
}

} // namespace r1tune::notebook

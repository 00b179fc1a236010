#include "notebook/harvest.h"

#include "prompt/router.h"
#include "prompt/scaffold_library.h"
#include "text/characters.h"
#include "util/today.h"

namespace r1tune::notebook {

namespace {

// The wrong output's end, where the answer is concluded: enough to recognise the mistake.
constexpr std::size_t kWrongOutputBytes = 600;

std::string last_part(const std::string & text) {
    const std::string_view end = text::last_bytes(text, kWrongOutputBytes);
    return end.size() == text.size() ? text : "…" + std::string(end);
}

// "garden=85" reads as 85 in a sentence; several values ("鸡=23，兔=12") stay as they are.
std::string spoken_answer(const std::string & summary) {
    const std::size_t equals = summary.find('=');
    if (equals == std::string::npos || summary.find('=', equals + 1) != std::string::npos) return summary;
    return summary.substr(equals + 1);
}

} // namespace

Entry entry_for(const Mistake & m) {
    const prompt::RouteDecision route = prompt::route(m.question);
    Entry e;
    e.task = std::string(prompt::to_string(route.task));
    if (route.family) e.family = std::string(verify::to_string(*route.family));
    e.language = std::string(prompt::language_code(route.language));
    e.question = m.question;
    e.wrong_output = last_part(m.wrong_response);
    if (!m.failure.empty()) {
        e.mistake = m.failure;
    } else if (m.wrong_answer.empty()) {
        e.mistake = text::in_language(route.language, "The answer reached no final answer; the right answer is " + m.right_answer + ".",
                                      "没有得出最终答案；正确答案是 " + m.right_answer + "。");
    } else {
        e.mistake = text::in_language(route.language,
                                      "The final answer was " + spoken_answer(m.wrong_answer) + ", but the right answer is " + m.right_answer + ".",
                                      "最终答案是 " + spoken_answer(m.wrong_answer) + "，但正确答案是 " + m.right_answer + "。");
    }
    e.correction = m.correction;
    e.model = m.model;
    e.verified_by = m.verified_by;
    e.created = today();
    return e;
}

} // namespace r1tune::notebook

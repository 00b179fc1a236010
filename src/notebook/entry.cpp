#include "notebook/entry.h"

#include <utility>

#include "prompt/task.h"
#include "text/utf8.h"

namespace r1tune::notebook {

Status validate(const Entry & entry) {
    const std::pair<const char *, const std::string *> texts[] = {
        {"task", &entry.task},         {"family", &entry.family},         {"language", &entry.language},
        {"question", &entry.question}, {"wrong output", &entry.wrong_output}, {"mistake", &entry.mistake},
        {"correction", &entry.correction}, {"model", &entry.model},       {"verified by", &entry.verified_by},
        {"created", &entry.created}};
    for (const auto & [field, text] : texts) {
        if (!text::is_valid_utf8(*text)) return Status::input(std::string("the entry's ") + field + " is not valid UTF-8");
    }
    // The guide's format separates the scene's and the source's parts with "·".
    for (const auto & [field, text] : {std::pair{"task", &entry.task}, std::pair{"family", &entry.family},
                                       std::pair{"language", &entry.language}, std::pair{"model", &entry.model},
                                       std::pair{"verified by", &entry.verified_by}, std::pair{"created", &entry.created}}) {
        if (text->find("·") != std::string::npos) return Status::input(std::string("the entry's ") + field + " may not hold ·");
    }
    for (const std::string & tag : entry.tags) {
        if (!text::is_valid_utf8(tag)) return Status::input("a tag of the entry is not valid UTF-8");
        if (tag.empty() || tag.find_first_of(" \t\r\n") != std::string::npos || tag.find("·") != std::string::npos) {
            return Status::input("a tag must be one word without spaces, not '" + tag + "'");
        }
    }
    if (entry.question.empty()) return Status::input("the entry has no question");
    if (entry.mistake.empty()) return Status::input("the entry has no mistake (one sentence saying what went wrong)");
    if (entry.correction.empty()) return Status::input("the entry has no correction");
    if (!prompt::parse_task(entry.task)) {
        return Status::input("the entry's task must be one of math, code, logic, proof, creative, chat, not '" + entry.task + "'");
    }
    if (entry.language != "zh" && entry.language != "en") {
        return Status::input("the entry's language must be zh or en, not '" + entry.language + "'");
    }
    return Status::ok();
}

} // namespace r1tune::notebook

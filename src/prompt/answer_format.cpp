#include "prompt/answer_format.h"

#include <algorithm>
#include <vector>

#include "prompt/user_data.h"

namespace r1tune::prompt {

std::string_view to_string(AnswerFormat format) { return format == AnswerFormat::kBoxed ? "boxed" : "free"; }

Status parse_answer_format(std::string_view text, AnswerFormat & out) {
    if (text == "free") out = AnswerFormat::kFree;
    else if (text == "boxed") out = AnswerFormat::kBoxed;
    else return Status::usage("the answer format must be \"free\" or \"boxed\", not \"" + std::string(text) + "\"");
    return Status::ok();
}

Status answer_grammar(AnswerFormat format, const std::optional<std::filesystem::path> & user_dir, std::string & out) {
    out.clear();
    if (format == AnswerFormat::kFree) return Status::ok();
    std::vector<DataFile> grammars;
    if (Status s = collect_data_files("grammars", ".gbnf", user_dir, grammars); !s) return s;
    const auto boxed = std::find_if(grammars.begin(), grammars.end(),
                                    [](const DataFile & f) { return f.name == "boxed_answer.gbnf"; });
    if (boxed == grammars.end()) return Status::internal("the built-in grammar boxed_answer.gbnf is missing");
    if (boxed->text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Status::input("the grammar file " + boxed->path.string() + " is empty");
    }
    out = boxed->text;
    return Status::ok();
}

} // namespace r1tune::prompt

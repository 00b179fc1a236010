// How the answer after the thinking must look. "free" leaves it to the model; "boxed" makes the
// sampler hold it to a grammar (data/grammars/boxed_answer.gbnf): free lines, then exactly one
// \boxed{…} line, so that a small model cannot forget the box or box two answers.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace r1tune::prompt {

enum class AnswerFormat { kFree, kBoxed };

std::string_view to_string(AnswerFormat format); // "free", "boxed"
// "free" or "boxed"; anything else is a usage error.
Status parse_answer_format(std::string_view text, AnswerFormat & out);

// The GBNF grammar for `format` (empty for free): the user's grammars/boxed_answer.gbnf if there
// is one, else the built-in file.
Status answer_grammar(AnswerFormat format, const std::optional<std::filesystem::path> & user_dir, std::string & out);

} // namespace r1tune::prompt

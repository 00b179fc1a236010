// Where a question comes from: the command line, a file (-f), or standard input.
#pragma once

#include <string>

#include "util/status.h"

namespace r1tune::cli {

struct QuestionSource {
    std::string text;      // given on the command line
    std::string file;      // -f FILE ("-" = standard input)
    bool stdin_is_terminal = true;
};

// Reads the question and checks it: not empty, valid UTF-8. Problems are input errors that
// say which source was wrong (e.g. "the question in q.txt is not valid UTF-8 (byte 12)").
Status read_question(const QuestionSource & source, std::string & question);

// Reads a whole text file ("-" = standard input) that must be valid UTF-8; `what` names it in
// messages ("the model output in out.txt is not valid UTF-8 (byte 7)").
Status read_text_input(const std::string & path, const std::string & what, std::string & text);

} // namespace r1tune::cli

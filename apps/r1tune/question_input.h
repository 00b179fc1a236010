// Where a question comes from: the command line, a file (-f), or standard input.
#pragma once

#include <cstddef>
#include <string>

#include "util/status.h"

namespace r1tune::cli {

// A question longer than this cannot fit any context r1tune uses (and tokenizing it would take
// long); it is refused before it is read whole.
inline constexpr std::size_t kMaxQuestionBytes = std::size_t{1} << 20;

// Python tests for a code answer: a few asserts, never megabytes.
inline constexpr std::size_t kMaxTestsBytes = std::size_t{1} << 20;

struct QuestionSource {
    std::string text;      // given on the command line
    bool given_as_argument = false; // even when empty: `solve ""` is an empty question
    std::string file;      // -f FILE ("-" = standard input)
    bool stdin_is_terminal = true;
};

// Reads the question and checks it: not empty, valid UTF-8. Problems are input errors that
// say which source was wrong (e.g. "the question in q.txt is not valid UTF-8 (byte 12)").
Status read_question(const QuestionSource & source, std::string & question);

// Reads a whole text file ("-" = standard input) of at most `limit` bytes that must be valid
// UTF-8; `what` names it in messages ("the model output in out.txt is not valid UTF-8 (byte 7)").
Status read_text_input(const std::string & path, const std::string & what, std::size_t limit, std::string & text);

} // namespace r1tune::cli

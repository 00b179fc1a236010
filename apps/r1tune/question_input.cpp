#include "question_input.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "text/utf8.h"

namespace r1tune::cli {

namespace {

Status read_stream(std::istream & in, std::string & out) {
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = buffer.str();
    return Status::ok();
}

Status check_utf8(const std::string & where, const std::string & text) {
    std::size_t bad = 0;
    if (!text::is_valid_utf8(text, &bad)) {
        return Status::input(where + " is not valid UTF-8 (byte " + std::to_string(bad) + ")");
    }
    return Status::ok();
}

} // namespace

Status read_text_input(const std::string & path, const std::string & what, std::string & text) {
    if (path == "-") {
        read_stream(std::cin, text);
        return check_utf8(what + " on standard input", text);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::input("cannot read " + what + " file " + path);
    read_stream(in, text);
    return check_utf8(what + " in " + path, text);
}

Status read_question(const QuestionSource & source, std::string & question) {
    std::string where;
    if (!source.text.empty() && !source.file.empty()) {
        return Status::usage("give the question either as an argument or with -f, not both");
    }
    if (!source.text.empty()) {
        question = source.text;
        where = "the question";
    } else if (!source.file.empty() && source.file != "-") {
        std::ifstream in(source.file, std::ios::binary);
        if (!in) return Status::input("cannot read the question file " + source.file);
        read_stream(in, question);
        where = "the question in " + source.file;
    } else if (source.file == "-" || !source.stdin_is_terminal) {
        read_stream(std::cin, question);
        where = "the question on standard input";
    } else {
        return Status::usage("no question: pass it as an argument, with -f FILE, or on standard input");
    }

    if (Status s = check_utf8(where, question); !s) return s;
    const auto first = question.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return Status::input(where + " is empty");
    const auto last = question.find_last_not_of(" \t\r\n");
    question = question.substr(first, last - first + 1);
    return Status::ok();
}

} // namespace r1tune::cli

#include "question_input.h"

#include <fcntl.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "text/utf8.h"

namespace r1tune::cli {

namespace {

// Reads at most `limit` bytes; a longer input is refused before it is all in memory.
Status read_limited(std::istream & in, const std::string & where, std::size_t limit, std::string & out) {
    out.clear();
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        out.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (out.size() > limit) {
            return Status::input(where + " is longer than " + std::to_string(limit >> 20) + " MiB");
        }
    }
    if (in.bad()) return Status::input("cannot read " + where);
    return Status::ok();
}

Status check_utf8(const std::string & where, const std::string & text) {
    std::size_t bad = 0;
    if (!text::is_valid_utf8(text, &bad)) {
        return Status::input(where + " is not valid UTF-8 (byte " + std::to_string(bad) + ")");
    }
    return Status::ok();
}

// Standard input, or a regular file (a folder opens fine on Linux and reads as empty).
Status read_source(const std::string & path, const std::string & where, std::size_t limit, std::string & out) {
    if (path == "-") {
        if (fcntl(0, F_GETFD) == -1) return Status::input("standard input is closed, so " + where + " cannot be read");
        return read_limited(std::cin, where, limit, out);
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return Status::input(path + " is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::input("cannot read " + path);
    return read_limited(in, where, limit, out);
}

} // namespace

Status read_text_input(const std::string & path, const std::string & what, std::size_t limit, std::string & text) {
    const std::string where = path == "-" ? what + " on standard input" : what + " in " + path;
    if (Status s = read_source(path, where, limit, text); !s) return s;
    return check_utf8(where, text);
}

Status read_question(const QuestionSource & source, std::string & question) {
    if (source.given_as_argument && !source.file.empty()) {
        return Status::usage("give the question either as an argument or with -f, not both");
    }
    std::string where;
    if (source.given_as_argument) {
        question = source.text;
        where = "the question";
    } else if (!source.file.empty() || !source.stdin_is_terminal) {
        const std::string path = source.file.empty() ? "-" : source.file;
        where = path == "-" ? "the question on standard input" : "the question in " + path;
        if (Status s = read_source(path, where, kMaxQuestionBytes, question); !s) return s;
    } else {
        return Status::usage("no question: pass it as an argument, with -f FILE, or on standard input");
    }
    if (question.size() > kMaxQuestionBytes) {
        return Status::input(where + " is longer than " + std::to_string(kMaxQuestionBytes >> 20) + " MiB");
    }
    if (Status s = check_utf8(where, question); !s) return s;
    const auto first = question.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return Status::input(where + " is empty");
    const auto last = question.find_last_not_of(" \t\r\n");
    question = question.substr(first, last - first + 1);
    return Status::ok();
}

} // namespace r1tune::cli

// One line of status on stderr that a long job keeps up to date (a download, an evaluation).
// On a terminal the line is redrawn in place; elsewhere (a log, a pipe) each reading is a line
// of its own, since a carriage return would pile every reading into one unreadable line.
#pragma once

#include <cstdio>
#include <string>

namespace r1tune::text {

class StatusLine {
public:
    explicit StatusLine(std::FILE * out = stderr);

    bool is_terminal() const { return is_terminal_; }
    // Shows `text` as the current status.
    void show(const std::string & text);
    // Writes a message on a line of its own without breaking the status line.
    void note(const std::string & message);
    // Ends a redrawn line, so that what follows starts on a fresh one.
    void finish();

private:
    std::FILE * out_;
    bool is_terminal_;
    bool drawn_ = false;
};

} // namespace r1tune::text

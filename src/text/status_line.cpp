#include "text/status_line.h"

#include <unistd.h>

namespace r1tune::text {

StatusLine::StatusLine(std::FILE * out) : out_(out), is_terminal_(isatty(fileno(out)) == 1) {}

void StatusLine::show(const std::string & text) {
    if (is_terminal_) {
        // \r returns to the line start and \033[K clears what a longer earlier line left.
        std::fprintf(out_, "\r\033[K%s", text.c_str());
        drawn_ = true;
    } else {
        std::fprintf(out_, "%s\n", text.c_str());
    }
    std::fflush(out_);
}

void StatusLine::note(const std::string & message) {
    if (drawn_) std::fputs("\r\033[K", out_);
    std::fprintf(out_, "%s\n", message.c_str());
    drawn_ = false;
    std::fflush(out_);
}

void StatusLine::finish() {
    if (drawn_) std::fputc('\n', out_);
    drawn_ = false;
    std::fflush(out_);
}

} // namespace r1tune::text

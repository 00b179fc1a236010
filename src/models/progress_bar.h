// A download progress line on a terminal: percentage, megabytes done and total, speed.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "text/status_line.h"

namespace r1tune::models {

// One progress reading as text, e.g. " 42%  470.1/1117.3 MB  12.5 MB/s"; without the
// percentage and total when `total` is 0 (unknown).
std::string format_progress(std::uint64_t done, std::uint64_t total, double bytes_per_second);

class ProgressBar {
public:
    // Writes to `out` (normally stderr). On a terminal the line is redrawn a few times a second;
    // elsewhere (a log, a pipe) a line is written every few seconds, so logs stay readable.
    explicit ProgressBar(std::string label, std::FILE * out = stderr);

    void update(std::uint64_t done, std::uint64_t total);
    // Writes the last reading and ends the line; nothing if there was no reading (a download
    // that failed before its first byte leaves no empty bar behind).
    void finish();

private:
    using Clock = std::chrono::steady_clock;

    void draw();

    std::string label_;
    text::StatusLine line_;
    Clock::time_point started_ = Clock::now();
    std::optional<Clock::time_point> last_drawn_;
    std::optional<std::uint64_t> first_done_; // what a resumed download already had
    std::uint64_t done_ = 0;
    std::uint64_t total_ = 0;
};

} // namespace r1tune::models

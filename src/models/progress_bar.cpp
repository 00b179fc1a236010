#include "models/progress_bar.h"

#include <string>
#include <utility>

namespace r1tune::models {

namespace {

constexpr double kBytesPerMegabyte = 1e6; // decimal, as Hugging Face lists sizes
constexpr auto kTerminalRedrawInterval = std::chrono::milliseconds(100);
constexpr auto kLogLineInterval = std::chrono::seconds(10);

} // namespace

std::string format_progress(std::uint64_t done, std::uint64_t total, double bytes_per_second) {
    char text[96];
    const double done_mb = static_cast<double>(done) / kBytesPerMegabyte;
    const double speed_mb = bytes_per_second / kBytesPerMegabyte;
    if (total > 0) {
        const double percent = 100.0 * static_cast<double>(done) / static_cast<double>(total);
        std::snprintf(text, sizeof text, "%3.0f%%  %.1f/%.1f MB  %.1f MB/s", percent, done_mb,
                      static_cast<double>(total) / kBytesPerMegabyte, speed_mb);
    } else {
        std::snprintf(text, sizeof text, "%.1f MB  %.1f MB/s", done_mb, speed_mb);
    }
    return text;
}

ProgressBar::ProgressBar(std::string label, std::FILE * out)
    : label_(std::move(label)), line_(out) {}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
    // A download that had to start over drops what it had: count speed from there.
    if (!first_done_ || done < *first_done_) first_done_ = done;
    done_ = done;
    total_ = total;
    const auto interval = line_.is_terminal() ? Clock::duration(kTerminalRedrawInterval)
                                       : Clock::duration(kLogLineInterval);
    const Clock::time_point now = Clock::now();
    if (last_drawn_ && now - *last_drawn_ < interval) return;
    last_drawn_ = now;
    draw();
}

void ProgressBar::finish() {
    if (!first_done_) return;
    draw();
    line_.finish();
}

void ProgressBar::draw() {
    // Speed counts only the bytes fetched by this run, not those a resumed download had.
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    const std::uint64_t fetched = done_ - first_done_.value_or(done_);
    const double speed = seconds > 0 ? static_cast<double>(fetched) / seconds : 0.0;
    line_.show(label_ + "  " + format_progress(done_, total_, speed));
}

} // namespace r1tune::models

#include "strategies/confidence_filter.h"

#include "strategies/top_tokens.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace r1tune::strategies {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

double token_confidence(const float * logits, int n_vocab, int k) {
    if (n_vocab <= 0) return kNaN;
    std::vector<RankedToken> top;
    top_tokens(logits, n_vocab, k, top);
    double sum = 0;
    for (const RankedToken & t : top) sum += t.logprob;
    return -sum / static_cast<double>(top.size());
}

TraceConfidence::TraceConfidence(int window) : window_(std::max(window, 1)), ring_(window_, 0.0) {}

void TraceConfidence::reset() {
    std::fill(ring_.begin(), ring_.end(), 0.0);
    next_ = 0;
    tokens_ = 0;
    sum_ = 0;
    infinite_ = 0;
    lowest_.reset();
}

void TraceConfidence::add(double c) {
    if (std::isnan(c) || c == -std::numeric_limits<double>::infinity()) return;
    if (window_full()) { // the oldest value leaves the window
        const double old = ring_[next_];
        if (std::isinf(old)) {
            --infinite_;
        } else {
            sum_ -= old;
        }
    }
    ring_[next_] = c;
    if (std::isinf(c)) {
        ++infinite_;
    } else {
        sum_ += c;
    }
    ++tokens_;
    next_ = (next_ + 1) % window_;
    // Once per lap, sum the ring afresh: a running sum of tens of thousands of additions and
    // subtractions drifts, and the threshold comparison should not depend on the trace's length.
    if (next_ == 0) {
        sum_ = 0;
        for (const double v : ring_) {
            if (!std::isinf(v)) sum_ += v;
        }
    }
    if (window_full()) lowest_ = std::min(lowest_.value_or(std::numeric_limits<double>::infinity()), window_mean());
}

double TraceConfidence::window_mean() const {
    if (tokens_ == 0) return kNaN;
    if (infinite_ > 0) return std::numeric_limits<double>::infinity();
    return sum_ / std::min(tokens_, window_);
}

Status confidence_threshold(std::vector<double> warmup, double keep_percent, double & threshold) {
    if (!(keep_percent > 0 && keep_percent <= 100)) {
        return Status::usage("the share of traces to keep must be a percentage in (0, 100]");
    }
    if (warmup.empty()) return Status::input("a confidence threshold needs at least one warm-up trace");
    if (std::any_of(warmup.begin(), warmup.end(), [](double c) { return std::isnan(c); })) {
        return Status::input("a warm-up trace's confidence is not a number");
    }
    std::sort(warmup.begin(), warmup.end());
    const double rank = (100.0 - keep_percent) / 100.0 * static_cast<double>(warmup.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(rank));
    const double fraction = rank - static_cast<double>(below);
    const double lo = warmup[below];
    // Exact hits and equal neighbours return the value itself: interpolating towards or between
    // infinities would give NaN.
    if (fraction == 0 || below + 1 >= warmup.size() || warmup[below + 1] == lo) {
        threshold = lo;
    } else {
        threshold = lo + fraction * (warmup[below + 1] - lo);
    }
    return Status::ok();
}

} // namespace r1tune::strategies

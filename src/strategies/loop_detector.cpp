#include "strategies/loop_detector.h"

#include <algorithm>

namespace r1tune::strategies {
namespace {

// Any odd 64-bit constant works as the polynomial base (arithmetic is mod 2^64); this one has
// well-spread bits.
constexpr std::uint64_t kBase = 0x9E3779B97F4A7C15ull;

// Token ids are small, dense integers; a polynomial hash over them directly has structured
// collisions. splitmix64's finaliser spreads each id over all 64 bits first.
std::uint64_t mix(engine::Token token) {
    std::uint64_t z = static_cast<std::uint32_t>(token) + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace

Status LoopDetectorOptions::validate() const {
    // One token, or one occurrence, would make every trace a "loop".
    if (ngram < 2) return Status::usage("the loop detector's n-gram must be at least 2 tokens");
    if (repeats < 2) return Status::usage("the loop detector needs at least 2 repeats to call a loop");
    if (min_gap < 0) return Status::usage("the loop detector's minimum gap must be 0 (= the n-gram) or positive");
    return Status::ok();
}

LoopDetector::LoopDetector(LoopDetectorOptions options) : options_(options) {
    options_.ngram = std::max(options_.ngram, 2);
    options_.repeats = std::max(options_.repeats, 2);
    if (options_.min_gap <= 0) options_.min_gap = options_.ngram;
    for (int i = 1; i < options_.ngram; ++i) power_ *= kBase;
}

void LoopDetector::reset() {
    hash_ = 0;
    history_.clear();
    heads_.clear();
    entries_.clear();
    looping_ = false;
    loop_start_ = -1;
    period_ = 0;
}

bool LoopDetector::same_ngram(int end_a, int end_b) const {
    const int n = options_.ngram;
    return std::equal(history_.begin() + (end_a - n + 1), history_.begin() + end_a + 1,
                      history_.begin() + (end_b - n + 1));
}

bool LoopDetector::feed(engine::Token token) {
    const int pos = tokens();
    history_.push_back(token);
    if (looping_) return true; // latched: the caller decides what a looping trace gets

    const int n = options_.ngram;
    if (pos >= n) hash_ -= mix(history_[pos - n]) * power_;
    hash_ = hash_ * kBase + mix(token);
    if (pos < n - 1) return false; // no full n-gram yet

    auto [head, inserted] = heads_.try_emplace(hash_, -1);
    for (int e = head->second; e != -1; e = entries_[e].next) {
        Entry & entry = entries_[e];
        if (!same_ngram(entry.first_end, pos)) continue; // a hash collision, not a repeat
        const int since_last = pos - entry.last_end;
        entry.last_end = pos;
        // Greedy counting from the left finds the most occurrences that keep the gap (equal-length
        // intervals), so a loop is reported as early as the gap allows.
        if (pos - entry.counted_end < options_.min_gap) return false;
        entry.counted_end = pos;
        if (++entry.count < options_.repeats) return false;
        looping_ = true;
        loop_start_ = entry.first_end - n + 1;
        period_ = since_last;
        return true;
    }
    entries_.push_back(Entry{pos, pos, pos, 1, head->second});
    head->second = static_cast<int>(entries_.size()) - 1;
    return false;
}

} // namespace r1tune::strategies

// Filling a section's rows round by round, for the section runners.
#pragma once

#include <string>

#include "bench/report.h"
#include "bench/round_order.h"

namespace r1tune::bench {

// Appends one round's value to the side's series of `row`.
void add_value(ComparisonRow & row, Side side, double value);

// llama.cpp's tool failed: its column gives the reason instead of numbers, and the rounds it did
// measure are dropped so that no ratio rests on part of the run.
void mark_llama_failed(SectionResult & section, const std::string & reason);

// "[single 2/3] " — the prefix of a progress line.
std::string progress_prefix(const std::string & section, int round, int rounds);

} // namespace r1tune::bench

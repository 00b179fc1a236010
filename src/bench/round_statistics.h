// Statistics over interleaved rounds. Each round measures r1tune and llama.cpp back to back, so
// the two numbers of one round saw the same state of a shared machine; their ratio is taken per
// round, and the spread of those ratios (not of the raw speeds, which drift with the load) tells
// whether a difference is signal or noise.
#pragma once

#include <vector>

namespace r1tune::bench {

struct Spread {
    int count = 0; // values it summarises; 0 = nothing measured
    double median = 0;
    double min = 0;
    double max = 0;
};

// Median (the mean of the middle two for an even count), least and greatest value.
Spread spread_of(std::vector<double> values);

// r1tune's value over llama.cpp's, round by round, for the rounds both sides measured.
std::vector<double> round_ratios(const std::vector<double> & r1tune, const std::vector<double> & llama);

// Whether the per-round ratios agree on a side. `higher_is_better` is true for speeds, false
// for times and memory.
enum class Consistency {
    kNotCompared,      // no round has both sides
    kOneRound,         // one round cannot separate a difference from noise
    kR1tuneEveryRound, // r1tune was better in every round
    kLlamaEveryRound,  // llama.cpp was better in every round
    kMixed,            // the rounds disagree: the difference is within the noise
};
Consistency consistency_of(const std::vector<double> & ratios, bool higher_is_better);

} // namespace r1tune::bench

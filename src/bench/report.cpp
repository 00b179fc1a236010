#include "bench/report.h"

namespace r1tune::bench {

namespace {

// How often n rounds would all favour one side or the other if neither were faster: each round
// is a coin toss, so 2 × 2^-n (the sign test).
std::string chance_of_all(int rounds) {
    if (rounds > 20) return "under 1 in a million by chance";
    return "1 in " + std::to_string(1L << (rounds - 1)) + " by chance";
}

} // namespace

std::string consistency_text(Consistency consistency, int rounds) {
    switch (consistency) {
        case Consistency::kNotCompared: return "not compared";
        case Consistency::kOneRound: return "one round: no noise estimate";
        case Consistency::kR1tuneEveryRound:
            return "r1tune better in all " + std::to_string(rounds) + " rounds (" + chance_of_all(rounds) + ")";
        case Consistency::kLlamaEveryRound:
            return "llama.cpp better in all " + std::to_string(rounds) + " rounds (" + chance_of_all(rounds) + ")";
        case Consistency::kMixed: return "rounds disagree: within the noise";
    }
    return "";
}

} // namespace r1tune::bench

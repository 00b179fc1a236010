// The order of the two sides within one pair of measurements (a round of a section that measures
// one pair per round, or one of the several pairs of a round). r1tune goes first in even pairs
// and llama.cpp in odd ones (A B, B A, A B, ...): on a machine whose load drifts during the run,
// always going first would hand one side the quieter half of every pair.
#pragma once

#include <array>

namespace r1tune::bench {

enum class Side { kR1tune, kLlama };

std::array<Side, 2> round_order(int pair); // the pair's index in its section, from 0

} // namespace r1tune::bench

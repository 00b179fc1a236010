#include "bench/round_statistics.h"

#include <algorithm>

namespace r1tune::bench {

Spread spread_of(std::vector<double> values) {
    Spread spread;
    spread.count = static_cast<int>(values.size());
    if (values.empty()) return spread;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    spread.median = values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    spread.min = values.front();
    spread.max = values.back();
    return spread;
}

std::vector<double> round_ratios(const std::vector<double> & r1tune, const std::vector<double> & llama) {
    std::vector<double> ratios;
    for (std::size_t i = 0; i < std::min(r1tune.size(), llama.size()); ++i) {
        if (llama[i] > 0) ratios.push_back(r1tune[i] / llama[i]);
    }
    return ratios;
}

Consistency consistency_of(const std::vector<double> & ratios, bool higher_is_better) {
    if (ratios.empty()) return Consistency::kNotCompared;
    if (ratios.size() == 1) return Consistency::kOneRound;
    const bool all_above = std::all_of(ratios.begin(), ratios.end(), [](double r) { return r > 1; });
    const bool all_below = std::all_of(ratios.begin(), ratios.end(), [](double r) { return r < 1; });
    if (all_above) return higher_is_better ? Consistency::kR1tuneEveryRound : Consistency::kLlamaEveryRound;
    if (all_below) return higher_is_better ? Consistency::kLlamaEveryRound : Consistency::kR1tuneEveryRound;
    return Consistency::kMixed;
}

} // namespace r1tune::bench

#include "bench/measurement.h"

#include <algorithm>

namespace r1tune::bench {

int round_up_context(int tokens) {
    constexpr int kCells = 256;
    return std::max(1, (tokens + kCells - 1) / kCells) * kCells;
}

std::string comma_list(const std::vector<int> & numbers) {
    std::string text;
    for (int n : numbers) text += (text.empty() ? "" : ",") + std::to_string(n);
    return text;
}

int BatchedRequest::context_size() const {
    const int most = sequence_counts.empty() ? 1 : *std::max_element(sequence_counts.begin(), sequence_counts.end());
    return round_up_context(prompt_tokens + most * decode_tokens);
}

} // namespace r1tune::bench

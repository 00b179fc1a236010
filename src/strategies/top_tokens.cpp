#include "strategies/top_tokens.h"

#include <algorithm>
#include <cmath>

namespace r1tune::strategies {

void top_tokens(const float * logits, int n_vocab, int k, std::vector<RankedToken> & out) {
    out.clear();
    if (n_vocab <= 0) return;
    k = std::clamp(k, 1, n_vocab);
    // "a ranks before b": the higher logit, then the lower id. The heap keeps its worst on top.
    auto before = [logits](engine::Token a, engine::Token b) { return logits[a] != logits[b] ? logits[a] > logits[b] : a < b; };
    std::vector<engine::Token> heap;
    heap.reserve(static_cast<std::size_t>(k));
    for (engine::Token v = 0; v < k; ++v) heap.push_back(v);
    std::make_heap(heap.begin(), heap.end(), before);
    for (engine::Token v = k; v < n_vocab; ++v) {
        if (!before(v, heap.front())) continue;
        std::pop_heap(heap.begin(), heap.end(), before);
        heap.back() = v;
        std::push_heap(heap.begin(), heap.end(), before);
    }
    std::sort_heap(heap.begin(), heap.end(), before); // best first

    const double max = logits[heap.front()];
    double sum = 0;
    for (int v = 0; v < n_vocab; ++v) sum += std::exp(static_cast<double>(logits[v]) - max);
    const double log_z = max + std::log(sum);
    for (engine::Token t : heap) out.push_back(RankedToken{t, static_cast<double>(logits[t]) - log_z});
}

} // namespace r1tune::strategies

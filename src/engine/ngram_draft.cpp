#include "engine/ngram_draft.h"

#include <algorithm>

namespace r1tune::engine {

std::vector<Token> propose_from_ngrams(std::span<const Token> history, int count, int shortest, int longest) {
    const int size = static_cast<int>(history.size());
    for (int n = std::min(longest, size - 1); n >= shortest && count > 0; --n) {
        const std::span<const Token> tail = history.last(static_cast<std::size_t>(n));
        // The most recent occurrence that is not the tail itself: the nearest restatement.
        for (int at = size - n - 1; at >= 0; --at) {
            if (!std::equal(tail.begin(), tail.end(), history.begin() + at)) continue;
            const int from = at + n;
            const int until = std::min(size, from + count);
            return {history.begin() + from, history.begin() + until};
        }
    }
    return {};
}

} // namespace r1tune::engine

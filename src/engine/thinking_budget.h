// The thinking budget, or budget forcing: once a sequence has thought for `budget` tokens,
// r1tune writes the closing of the thinking block into that sequence itself (decoded in the same
// batch step as its other tokens) and the model goes on to answer. Plain generation, votes and
// beams count and close the same way, here.
#pragma once

#include <string_view>
#include <vector>

#include "engine/types.h"
#include "util/status.h"

namespace r1tune::engine {

class Model;

// What r1tune writes to end a thinking block, after a wrap-up sentence or alone at the budget.
inline constexpr std::string_view kThinkingClosing = "\n</think>\n\n";

class ThinkingBudget {
public:
    ThinkingBudget() = default; // no budget
    // Tokenizes the closing once for `model`; a budget of 0 is none.
    static Status create(const Model & model, int budget, ThinkingBudget & out);

    // Whether a sequence still thinking after `thinking_tokens` tokens must be closed now.
    bool reached(int thinking_tokens) const { return budget_ > 0 && thinking_tokens >= budget_; }
    // The tokens that close it (empty without a budget).
    const std::vector<Token> & closing() const { return closing_; }

private:
    int budget_ = 0;
    std::vector<Token> closing_;
};

} // namespace r1tune::engine

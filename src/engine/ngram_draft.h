// Draft-free speculation's proposals: a reasoning model restates the question's numbers and
// re-checks its own earlier steps, so what followed an earlier occurrence of the sequence's last
// few tokens is often what comes next. The proposals cost no model: the target checks them all
// in its next decode step (GenerationOptions::speculate).
#pragma once

#include <span>
#include <vector>

#include "engine/types.h"

namespace r1tune::engine {

// The (at most `count`) tokens that followed the most recent earlier occurrence of the last n
// tokens of `history`, for the longest n from `longest` down to `shortest` that has one; none
// when no such n-gram occurred before.
std::vector<Token> propose_from_ngrams(std::span<const Token> history, int count, int shortest = 2, int longest = 4);

} // namespace r1tune::engine

// The few likeliest next tokens, with their log-probabilities, from raw logits: what beam search
// expands and what trace confidence averages. One pass keeps a size-k heap (nearly every logit
// costs one comparison) and one pass sums the exponentials; nothing of vocabulary size is sorted
// or allocated, which matters at 151,936 tokens per sequence per step.
#pragma once

#include <vector>

#include "engine/types.h"

namespace r1tune::strategies {

struct RankedToken {
    engine::Token token;
    double logprob; // log-softmax of the logits, computed stably
};

// The k likeliest tokens (k clamped to [1, n_vocab]), likeliest first; equal logits go to the
// lower token id, as llama.cpp's greedy sampler picks. At least one logit must be finite.
void top_tokens(const float * logits, int n_vocab, int k, std::vector<RankedToken> & out);

} // namespace r1tune::strategies

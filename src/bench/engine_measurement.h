// r1tune's side of the comparison, measured in this process on its own engine (Session and
// Sampler), mirroring step for step what llama-bench and llama-batched-bench time.
//
// Why Session::decode_step and not engine::generate(): generate() ends a sequence at its
// end-of-generation token, so the token count would not be exact, and it always decodes after a
// prompt, whereas llama-bench's tg decodes from an empty cache. Each timed step here is the work
// generate() does per token: one llama_decode through the session and one draw of the engine's
// own (greedy) sampler from its logits, whose token is the next one fed. The text handling
// generate() adds per token (detokenizing, UTF-8 hold-back, the thinking split) costs
// microseconds against tens of milliseconds and is left out. llama-bench feeds random tokens and
// never samples, so r1tune's numbers carry one sampler draw per token that llama.cpp's do not:
// that is the cost a user pays, and it is counted against r1tune.
#pragma once

#include <vector>

#include "bench/measurement.h"
#include "util/status.h"

namespace r1tune::engine {
class Model;
}

namespace r1tune::bench {

// Like llama-bench -p P -n N -r 1: the prompt test (one warm-up evaluation, then the timed one
// on an emptied cache), then the decode test (a one-token warm-up, then N tokens one at a time
// from position 0 of an emptied cache), in one context of max(P, N) tokens. The time to the
// first token is the timed prompt evaluation plus the first sampler draw from its logits.
// Leaves peak_rss_bytes and model_description to the caller.
Status measure_engine_single(const engine::Model & model, const SingleRequest & request, SingleMeasurement & out);

// Like llama-batched-bench -pps -kvu: one context of request.context_size() cells holding the
// largest sequence count, a 16-token warm-up, then for each count the prompt on sequence 0,
// forked into the others, and decode_tokens steps that each decode one token of every sequence
// and sample every sequence's next one. Only the steps are timed (S_TG).
Status measure_engine_batched(const engine::Model & model, const BatchedRequest & request,
                              std::vector<BatchedPoint> & out);

} // namespace r1tune::bench

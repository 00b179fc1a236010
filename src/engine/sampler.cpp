#include "engine/sampler.h"

#include <cmath>
#include <string>

#include "engine/model.h"
#include "llama.h"

namespace r1tune::engine {

Status SamplerSettings::validate() const {
    auto bad = [](const std::string & what) { return Status::usage(what); };
    if (!std::isfinite(temperature) || temperature < 0) return bad("temperature must be 0 (greedy) or positive");
    if (top_k < 0) return bad("top_k must be 0 (off) or positive");
    if (!(top_p > 0 && top_p <= 1)) return bad("top_p must be in (0, 1]");
    if (!(min_p >= 0 && min_p < 1)) return bad("min_p must be in [0, 1)");
    if (!(repeat_penalty > 0) || !std::isfinite(repeat_penalty)) return bad("repeat penalty must be positive (1 = off)");
    if (repeat_last_n < -1) return bad("repeat window must be -1 (whole context), 0 (off) or positive");
    if (!std::isfinite(presence_penalty)) return bad("presence penalty must be a finite number");
    if (!std::isfinite(frequency_penalty)) return bad("frequency penalty must be a finite number");
    return Status::ok();
}

Sampler::Sampler(const Model & model, const SamplerSettings & s) {
    llama_sampler_chain_params params = llama_sampler_chain_default_params();
    params.no_perf = true;
    chain_ = llama_sampler_chain_init(params);
    // The same order as llama.cpp's own tools: penalties look at raw logits, then the
    // candidate set is cut down, then temperature shapes what is left.
    const bool penalties = s.repeat_penalty != 1.0f || s.presence_penalty != 0.0f || s.frequency_penalty != 0.0f;
    if (penalties) {
        llama_sampler_chain_add(chain_, llama_sampler_init_penalties(model.vocab_size(), s.repeat_last_n, s.repeat_penalty,
                                                                     s.frequency_penalty, s.presence_penalty));
    }
    if (s.greedy()) {
        llama_sampler_chain_add(chain_, llama_sampler_init_greedy());
        return;
    }
    if (s.top_k > 0) llama_sampler_chain_add(chain_, llama_sampler_init_top_k(s.top_k));
    if (s.top_p < 1.0f) llama_sampler_chain_add(chain_, llama_sampler_init_top_p(s.top_p, 1));
    if (s.min_p > 0.0f) llama_sampler_chain_add(chain_, llama_sampler_init_min_p(s.min_p, 1));
    llama_sampler_chain_add(chain_, llama_sampler_init_temp(s.temperature));
    llama_sampler_chain_add(chain_, llama_sampler_init_dist(s.seed));
}

Sampler::~Sampler() { llama_sampler_free(chain_); }

Token Sampler::sample(llama_context * ctx, int output_index) {
    return llama_sampler_sample(chain_, ctx, output_index); // also accepts the token
}

} // namespace r1tune::engine

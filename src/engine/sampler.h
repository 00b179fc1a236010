// Sampler settings and the llama.cpp sampler chain built from them.
//
// Temperature 0 means greedy decoding (always the most likely token). That is a valid, fully
// deterministic mode in llama.cpp; it does not "get stuck" by itself, although R1 distills do
// tend to repeat themselves more under greedy decoding than at DeepSeek's advised 0.6.
#pragma once

#include <cstdint>
#include <memory>

#include "engine/types.h"
#include "util/status.h"

struct llama_sampler;
struct llama_context;

namespace r1tune::engine {

class Model;

struct SamplerSettings {
    float temperature = 0.6f;      // DeepSeek's advice for R1 distills; 0 = greedy
    int top_k = 40;                // 0 = off
    float top_p = 0.95f;           // 1 = off
    float min_p = 0.0f;            // 0 = off
    float repeat_penalty = 1.0f;   // 1 = off (a penalty is reported to distort long reasoning)
    int repeat_last_n = 64;        // how many recent tokens the penalties look at
    float presence_penalty = 0.0f; // 0 = off
    float frequency_penalty = 0.0f;// 0 = off
    std::uint32_t seed = 42;

    bool greedy() const { return temperature == 0.0f; }
    // One sentence naming the first value out of range, as a usage error.
    Status validate() const;
};

class Sampler {
public:
    Sampler(const Model & model, const SamplerSettings & settings);
    ~Sampler();
    Sampler(const Sampler &) = delete;
    Sampler & operator=(const Sampler &) = delete;

    // Samples from the logits of output `output_index` of the last decode (-1 = the last
    // output) and records the token in the penalties' history.
    Token sample(llama_context * ctx, int output_index);

private:
    llama_sampler * chain_;
};

} // namespace r1tune::engine

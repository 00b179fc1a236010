// Sampler settings and the llama.cpp sampler chain built from them.
//
// Temperature 0 means greedy decoding (always the most likely token). That is a valid, fully
// deterministic mode in llama.cpp; it does not "get stuck" by itself, although R1 distills do
// tend to repeat themselves more under greedy decoding than at DeepSeek's advised 0.6.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/types.h"
#include "util/status.h"

struct llama_sampler;
struct llama_token_data;
struct llama_token_data_array;

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

    // Samples from `logits` (a decode output's, Session::logits) and records the token in the
    // penalties' history (and in the grammar, if any).
    Token sample(const float * logits);

    // From the next sample() on, only tokens that keep the text sampled since this call a
    // prefix of a string of the GBNF grammar `gbnf` (start symbol "root") can be chosen, and
    // the end-of-generation token only once the text is a complete string of it. The grammar
    // masks the logits before the settings' chain (penalties, top-k/p, temperature), so the
    // chain samples among the allowed tokens only. Meant to be switched on mid-generation,
    // e.g. after a reasoning model's </think>, so that the thinking stays free; a second call
    // replaces the grammar and starts it afresh. A grammar that llama.cpp cannot parse is a
    // usage error naming the reason, and the sampler is left as it was. (llama.cpp prints the
    // parser's reason to stderr, so file descriptor 2 is redirected while the grammar is built.)
    //
    // Cost: masking the whole vocabulary with the grammar takes some 35-55 ms per token for a
    // 151,936-token Qwen2 vocabulary on one core (under 1 ms for the chain alone), so the chain
    // draws first and only the drawn token is checked; the full mask runs only when the
    // grammar rejects it.
    Status enable_grammar(const Model & model, const std::string & gbnf);
    bool grammar_enabled() const { return grammar_ != nullptr; }

    // When the grammar leaves no token at all (every allowed token has a logit of -inf, or the
    // grammar asks for a character no token spells), sample() cannot follow it. It returns the
    // end-of-generation token then, so that the caller ends the sequence instead of decoding
    // a token the grammar forbids. If the grammar allows the text to end there, that is all;
    // if not, this status becomes an internal error saying the answer was cut off before it
    // was complete, and every later sample() returns the end token again. Ok otherwise.
    const Status & grammar_status() const { return grammar_status_; }

private:
    Token sample_with_grammar(const float * logits);
    // `logits` as llama.cpp's candidate array, in candidates_.
    llama_token_data_array candidates(const float * logits);

    llama_sampler * chain_;
    llama_sampler * grammar_ = nullptr;
    int n_vocab_;
    std::vector<llama_token_data> candidates_; // reused across sample() calls: n_vocab entries
    Token end_token_ = -1;                     // what sample() returns when the grammar is stuck
    Status grammar_status_;
};

} // namespace r1tune::engine

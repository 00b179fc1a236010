// A llama.cpp context over a loaded model: the KV cache and the decode calls.
//
// One session holds several sequences in one KV cache. A prompt is evaluated once on
// sequence 0 and its cached prefix is forked into the other sequences (no copy of the cells:
// the cache is unified and cells are shared), so N continuations of one prompt cost one
// prompt evaluation and one batched decode per step. Beam search, voting and the prefix
// cache all stand on this.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/types.h"
#include "util/status.h"

struct llama_context;

namespace r1tune::engine {

class Model;

enum class KvCacheType { kF16, kQ8_0 };

// Parses "f16" or "q8_0"; anything else is a usage error.
Status parse_kv_cache_type(const std::string & name, KvCacheType & out);

struct ContextOptions {
    static constexpr int kMaxThreads = 512;
    static constexpr int kMaxContext = 1 << 20; // beyond what any GGUF r1tune targets was trained for

    int n_ctx = 8192;     // R1 distills think for thousands of tokens
    int n_batch = 512;    // prompt tokens per decode call
    int n_threads = 0;    // 0 = the number of physical cores
    int n_sequences = 1;  // parallel sequences this session can hold
    KvCacheType kv_type = KvCacheType::kF16; // q8_0 halves the bytes each decode step reads

    Status validate() const;
};

// One token of a batched decode step: which sequence it extends, at which position.
struct BatchToken {
    Token token;
    SequenceId sequence;
    int position;
};

class Session {
public:
    static Status create(const Model & model, const ContextOptions & options, std::unique_ptr<Session> & out);
    ~Session();
    Session(const Session &) = delete;
    Session & operator=(const Session &) = delete;

    const Model & model() const { return model_; }
    llama_context * raw() const { return ctx_; }
    int context_size() const;
    int batch_size() const; // most tokens one decode call takes
    int sequence_capacity() const { return n_sequences_; }
    int threads() const { return n_threads_; }

    // Empties the KV cache of every sequence.
    void clear();

    // Evaluates `tokens` on `sequence` from position `start`, in chunks of n_batch; only the
    // last token's logits are kept (output index -1 afterwards).
    Status decode_prompt(std::span<const Token> tokens, SequenceId sequence, int start = 0);

    // Shares `source`'s cached tokens with `target` (which must be empty).
    void fork(SequenceId source, SequenceId target);

    // Number of positions cached for `sequence` (0 when it holds nothing).
    int cached_length(SequenceId sequence) const;

    // Frees the cells only `sequence` used; shared prefix cells stay for the others.
    void drop(SequenceId sequence);

    // Forgets `sequence`'s positions from `position` on (a restart keeps the prompt before it).
    void truncate(SequenceId sequence, int position);

    // Decodes one token per entry in one llama_decode call; logits are kept for each, at
    // output index i for entry i.
    Status decode_step(std::span<const BatchToken> entries);

    // Logits of output `index` of the last decode (-1 = the last output).
    const float * logits(int index) const;

private:
    Session(const Model & model, llama_context * ctx, int n_sequences, int n_threads)
        : model_(model), ctx_(ctx), n_sequences_(n_sequences), n_threads_(n_threads) {}
    const Model & model_;
    llama_context * ctx_;
    int n_sequences_;
    int n_threads_;
};

} // namespace r1tune::engine

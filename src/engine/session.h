// The sequences a question decodes in: their KV cells and the decode calls. A session has a
// llama.cpp context of its own, or is one lane of several that share a context and decode
// together (engine/shared_context.h); the lanes' sequence ids are kept apart, so a session
// always numbers its own from 0.
//
// One session holds several sequences in one KV cache. A prompt is evaluated once and its
// cached cells are forked into the sequences that continue it (no copy of the cells: the cache
// is unified and cells are shared), so N continuations of one prompt cost one prompt
// evaluation and one batched decode per step. Beam search and voting stand on this.
//
// The prefix cache (ContextOptions::reuse_prefix) stands on it too. The session then keeps one
// sequence more than it was asked for, the prompt holder, which is never generated into: it
// holds the last prompt, and the generation sequences fork from it. A finished generation
// drops only its own sequences, so the prompt's cells survive it; the next prompt keeps the
// holder's cells up to the longest common token prefix and evaluates only the rest. Because the
// cells are shared, the holder costs no cells beyond the prompt the sequences need anyway.
// save_prefix and load_prefix carry the holder across processes.
#pragma once

#include <atomic>
#include <filesystem>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/kv_cache_type.h"
#include "engine/shared_context.h"
#include "engine/types.h"
#include "util/status.h"

namespace r1tune::engine {

class Model;

struct ContextOptions {
    static constexpr int kMaxThreads = 512;
    static constexpr int kMaxContext = 1 << 20; // beyond what any GGUF r1tune targets was trained for

    int n_ctx = 8192;     // R1 distills think for thousands of tokens
    int n_batch = 512;    // prompt tokens per decode call
    int n_threads = 0;    // 0 = the number of CPUs in `cpus`, else the number of physical cores
    int n_sequences = 1;  // parallel sequences this session can hold
    KvCacheType kv_type = KvCacheType::kF16; // q8_0 halves the bytes each decode step reads
    // Keep the last prompt's KV cells between generations and evaluate only what a new prompt
    // adds to their longest common prefix (see the top of this file). Costs one sequence id.
    bool reuse_prefix = false;
    // Logical CPUs to pin the compute threads to, one thread per CPU in turn (ggml's strict
    // placement); empty = no pinning. Each must be one this process may run on, and the thread
    // count must equal their number (0 takes it). In an OpenMP build of ggml (the default) the
    // pinned threads are the process's OpenMP workers, which stay placed after the session ends,
    // and the decoding thread, which the session puts back when it ends.
    std::vector<int> cpus;
    // Sessions decoding together in one context (Session::create_lanes), each with all of the
    // above: its own n_ctx tokens, n_batch and sequences (engine/shared_context.h).
    int lanes = 1;

    int sequences_per_lane() const { return n_sequences + (reuse_prefix ? 1 : 0); }
    Status validate() const;
};

// One token of a batched decode step: which sequence it extends, at which position, and whether
// its logits are wanted (text written into a sequence needs them only at its last token).
struct BatchToken {
    Token token;
    SequenceId sequence;
    int position;
    bool output = true;
};

class Session {
public:
    // A session in a context of its own (options.lanes must be 1).
    static Status create(const Model & model, const ContextOptions & options, std::unique_ptr<Session> & out);
    // options.lanes sessions in one context, whose decodes run together (engine/shared_context.h).
    // Each may be used from a thread of its own.
    static Status create_lanes(const Model & model, const ContextOptions & options,
                               std::vector<std::unique_ptr<Session>> & out);
    ~Session();
    Session(const Session &) = delete;
    Session & operator=(const Session &) = delete;

    const Model & model() const { return model_; }
    int context_size() const { return n_ctx_; }
    int batch_size() const { return n_batch_; } // most tokens one decode call takes
    int sequence_capacity() const { return n_sequences_; } // sequences 0..capacity-1 are the caller's
    int threads() const;
    const std::vector<int> & cpus() const; // sorted; empty = not pinned
    bool reuses_prefix() const { return holder_ >= 0; }
    // The tokens whose cells the prompt holder keeps (always empty without reuse_prefix).
    const std::vector<Token> & cached_prompt() const { return cached_prompt_; }

    // Empties the KV cache of every sequence, the cached prompt included.
    void clear();

    // Empties sequences 0..capacity-1; the cached prompt stays.
    void clear_sequences();

    // Makes sequences 0..sequences-1 hold `prompt` and leaves the logits of its last token at
    // output index -1. Without reuse_prefix the cache is cleared and the whole prompt evaluated
    // on sequence 0. With it, the holder keeps the longest common prefix of `prompt` and the
    // cached prompt, and only the rest is evaluated; at least the last token always is, for
    // fresh logits. `reused` is how many tokens were kept. An empty prompt or one longer than
    // the context is an input error that leaves the cache as it was.
    Status load_prompt(std::span<const Token> prompt, int sequences, int & reused);

    // Writes the cached prompt (tokens and KV cells) to `path`, through a temporary file, so
    // that another process on the same model and KV type can start from it. Without
    // reuse_prefix, or before any prompt, there is nothing to save: a usage or input error.
    Status save_prefix(const std::filesystem::path & path) const;

    // Replaces the cached prompt with the one saved at `path`. A missing file is an I/O error; a
    // file that is not a prompt cache, is damaged, or was saved with another model or KV type,
    // or holds more tokens than this context, is an input error. On any error the session is
    // left empty and usable.
    Status load_prefix(const std::filesystem::path & path);

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

    // Decodes one token per entry in one llama_decode call; logits are kept for each entry that
    // wants them, at output index i for entry i.
    Status decode_step(std::span<const BatchToken> entries);

    // How many decodes this session's context was asked for (by all its lanes) and how many
    // llama_decode calls ran them.
    SharedContext::Sharing sharing() const { return context_->sharing(); }

    // Logits of output `index` of the last decode (-1 = the last output): n_vocab floats.
    const float * logits(int index) const;

    // From now on every decode gives up with a cancelled status once `*flag` is set, midway
    // through a long prompt too (llama.cpp polls it while it computes; in a batch shared with
    // other lanes, only once theirs are set too, else at the next decode); null = never. A
    // server points it at its client's connection, so a client that hangs up frees the model. A
    // cancelled decode leaves cells half written, so the session then empties itself, the cached
    // prompt included: nothing it keeps afterwards is trusted without being evaluated again.
    void cancel_when(const std::atomic<bool> * flag) { cancel_flag_ = flag; }
    // The flag set by cancel_when (null: none), for work a run does beside its decodes (a
    // program in the sandbox).
    const std::atomic<bool> * cancel_flag() const { return cancel_flag_; }

private:
    Session(const Model & model, std::shared_ptr<SharedContext> context, const ContextOptions & options, int lane);
    // The context's id of this session's sequence `sequence`.
    SequenceId global(SequenceId sequence) const { return base_ + sequence; }
    // Decodes `tokens` through the context and turns its code into a status (`what` names them).
    Status decode(std::span<const DecodeToken> tokens, const char * what);
    // Empties the holder and forgets its tokens.
    void drop_cached_prompt();
    bool cancel_requested() const { return cancel_flag_ != nullptr && cancel_flag_->load(std::memory_order_relaxed); }
    // A cancelled decode's status, after emptying the session.
    Status cancelled();

    const Model & model_;
    std::shared_ptr<SharedContext> context_;
    int lane_;
    SequenceId base_;   // the context's id of this session's sequence 0
    int n_sequences_;
    int n_ctx_;
    int n_batch_;
    KvCacheType kv_type_;
    SequenceId holder_; // the prompt holder's sequence id; -1 without reuse_prefix
    std::vector<Token> cached_prompt_; // the holder's cells hold exactly these, from position 0
    std::vector<float> logits_;        // with lanes: the last decode's outputs, n_vocab floats each
    std::vector<int> output_rows_;     // with lanes: each entry of the last decode's row in logits_, or -1
    const std::atomic<bool> * cancel_flag_ = nullptr;
};

} // namespace r1tune::engine

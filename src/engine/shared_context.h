// The llama.cpp context that sessions decode in, and who runs its decodes and when.
//
// Most commands hold one session in a context of its own: its decodes run on the calling
// thread as they come, and its logits are read where llama.cpp leaves them.
//
// A server answering several requests at once holds several sessions, lanes, in one context,
// each with sequence ids of its own. On a CPU a decode step costs about the same for a few
// tokens as for one (each step reads every weight once, and that read is the cost), so the
// lanes' steps are decoded together: a lane's decode posts its tokens and waits, and one decode
// thread runs a single llama_decode for the posts it holds. It starts once every lane that took
// part in the previous batch has posted again, or after a short window: a lane that stepped out
// to run a check or a program is waited for once, not on every step. Prompt chunks ride in the
// same batches as other lanes' steps. The decode thread copies each lane's logits out before the
// next batch overwrites them. Everything else that touches the KV cache (fork, drop, state
// copies) runs between two batches (`exclusive`).
#pragma once

#include <sched.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "engine/types.h"
#include "util/status.h"

struct llama_context;
struct ggml_threadpool;

namespace r1tune::engine {

class Model;
struct ContextOptions;

// One token of a decode: which sequence (the context's id) it extends, at which position, and
// whether its logits are wanted.
struct DecodeToken {
    Token token;
    SequenceId sequence;
    int position;
    bool output;
};

class SharedContext {
public:
    // A context for `options.lanes` lanes of `options` each (their contexts, batches and
    // sequences side by side in one KV cache).
    static Status create(const Model & model, const ContextOptions & options, std::shared_ptr<SharedContext> & out);
    ~SharedContext();
    SharedContext(const SharedContext &) = delete;
    SharedContext & operator=(const SharedContext &) = delete;

    llama_context * raw() const { return ctx_; }
    int lanes() const { return lanes_; }
    int threads() const { return n_threads_; }
    const std::vector<int> & cpus() const { return cpus_; } // sorted; empty = not pinned
    int vocab_size() const { return n_vocab_; }

    // Decodes `tokens` (at most one lane's batch) and returns llama_decode's code: 0 done, 1 no
    // room in the KV cache, 2 cancelled (every lane in the batch had its `cancel` set), else a
    // failure. With one lane it runs here and the logits stay in llama.cpp (Session::logits reads
    // them there); with lanes, the outputs' logits are copied into `logits` in order, n_vocab
    // floats each.
    // `lane` (0..lanes-1) names the poster.
    std::int32_t decode(int lane, std::span<const DecodeToken> tokens, const std::atomic<bool> * cancel,
                        std::vector<float> & logits);

    // Runs `edit` while no decode runs: the KV cache's bookkeeping is not safe beside one.
    void exclusive(const std::function<void()> & edit);

    // How many decodes the lanes asked for, and how many llama_decode calls ran them.
    struct Sharing {
        long long posts = 0;
        long long batches = 0;
    };
    Sharing sharing();

private:
    struct Post {
        int lane;
        std::span<const DecodeToken> tokens;
        const std::atomic<bool> * cancel;
        std::vector<float> * logits;
        std::int32_t result = 0;
        bool done = false;
    };

    SharedContext(llama_context * ctx, ggml_threadpool * threadpool, int lanes, int n_threads, std::vector<int> cpus,
                  int n_vocab, int n_batch);
    void pin_calling_thread();
    // Runs one llama_decode over `posts`' tokens (lanes: copying their logits out).
    std::int32_t run_batch(std::span<Post * const> posts);
    // run_batch on the decode thread: each post's result set, a failure retried post by post.
    void decode_together(std::span<Post * const> posts);
    void decode_thread();
    // Takes the pending posts the next batch holds, in order, within the context's batch.
    std::vector<Post *> take_batch();
    bool aborting() const;

    llama_context * ctx_;
    ggml_threadpool * threadpool_; // null when not pinned: llama.cpp then makes its own
    const int lanes_;
    const int n_threads_;
    const std::vector<int> cpus_;
    const int n_vocab_;
    const int n_batch_; // the most tokens one llama_decode takes
    cpu_set_t caller_mask_{};      // the creating thread's CPUs before pinning, restored at the end
    bool caller_mask_saved_ = false;

    // The cancel flags of the batch being decoded: llama.cpp's abort callback reads them.
    std::vector<const std::atomic<bool> *> in_batch_;

    // The rendezvous (lanes only).
    std::mutex mutex_;
    std::condition_variable posted_;  // the decode thread waits for posts
    std::condition_variable decoded_; // lanes wait for their post, edits for the batch to end
    std::vector<Post *> pending_;
    std::vector<int> last_batch_; // the lanes whose posts the next batch waits for
    bool decoding_ = false;
    bool stopping_ = false;
    Sharing sharing_;
    std::thread thread_;
};

} // namespace r1tune::engine

#include "engine/shared_context.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "common.h"
#include "cpu/cpu_list.h"
#include "engine/llama_log.h"
#include "engine/model.h"
#include "engine/session.h"
#include "ggml-cpu.h"
#include "llama.h"

namespace r1tune::engine {

namespace {

// How long a batch waits for a lane of the previous batch to post again. Sampling a step takes
// a lane a few milliseconds (a vote of eight: some ten); a lane that has not posted after this
// has stepped out (a check, a program, its answer is done) and the batch goes without it.
constexpr auto kLaneWindow = std::chrono::milliseconds(50);

// Every CPU in `cpus` must be one this process may run on, or ggml would pin a thread nowhere
// (it only warns) and the run would not be what was asked for.
Status check_cpus_allowed(const std::vector<int> & cpus) {
    const std::vector<int> allowed = cpu::allowed_cpus();
    for (int c : cpus) {
        if (!std::binary_search(allowed.begin(), allowed.end(), c)) {
            return Status::usage("CPU " + std::to_string(c) + " is not one this process may run on (" +
                                 cpu::format_cpu_list(allowed) + ")");
        }
    }
    return Status::ok();
}

// A thread pool whose threads are placed on `cpus` in turn, one CPU each.
ggml_threadpool * pinned_threadpool(const std::vector<int> & cpus, int threads) {
    ggml_threadpool_params params = ggml_threadpool_params_default(threads);
    for (int cpu : cpus) params.cpumask[cpu] = true;
    params.strict_cpu = true;
    return ggml_threadpool_new(&params);
}

void pin_to(int cpu) {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    CPU_SET(cpu, &mask);
    pthread_setaffinity_np(pthread_self(), sizeof(mask), &mask);
}

} // namespace

Status SharedContext::create(const Model & model, const ContextOptions & options, std::shared_ptr<SharedContext> & out) {
    if (Status s = options.validate(); !s) return s;
    std::vector<int> cpus = options.cpus;
    std::sort(cpus.begin(), cpus.end());
    cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
    if (Status s = check_cpus_allowed(cpus); !s) return s;
    int threads = options.n_threads;
    if (threads == 0) {
        threads = cpus.empty() ? std::max(1, common_cpu_get_num_physical_cores()) : static_cast<int>(cpus.size());
    }
    // One thread per CPU: more would stack spinning threads on one core (an order of magnitude
    // slower here), fewer would leave listed CPUs idle.
    if (!cpus.empty() && threads != static_cast<int>(cpus.size())) {
        return Status::usage(std::to_string(threads) + " threads on " + std::to_string(cpus.size()) +
                             " pinned CPUs (" + cpu::format_cpu_list(cpus) + "): give one CPU per thread");
    }

    const int lanes = options.lanes;
    // A lane's prompt chunk and every lane's step fit in one batch.
    const int n_batch = lanes == 1 ? options.n_batch : options.n_batch + lanes * options.n_sequences;
    llama_context_params params = llama_context_default_params();
    params.n_ctx = static_cast<uint32_t>(options.n_ctx) * static_cast<uint32_t>(lanes);
    params.n_batch = static_cast<uint32_t>(n_batch);
    params.n_ubatch = static_cast<uint32_t>(n_batch);
    params.n_seq_max = static_cast<uint32_t>(lanes * options.sequences_per_lane());
    params.n_threads = threads;
    params.n_threads_batch = threads;
    params.kv_unified = true; // forked sequences share their prompt prefix cells
    // A sliding-window model (Gemma 3) keeps only its window's cells: a cached prompt longer than
    // the window could never be reused or restored. The full-size SWA cache keeps them all, at
    // the cost of the window's saving; llama-server does the same for its prompt cache.
    params.swa_full = options.reuse_prefix;
    params.no_perf = true;
    if (options.kv_type == KvCacheType::kQ8_0) {
        params.type_k = GGML_TYPE_Q8_0;
        params.type_v = GGML_TYPE_Q8_0;
        params.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_ENABLED; // a quantized V cache needs it
    }
    clear_llama_error();
    llama_context * ctx = llama_init_from_model(model.raw(), params);
    if (!ctx) {
        const std::string why = last_llama_error();
        return Status::model("could not create a context of " + std::to_string(params.n_ctx) + " tokens" +
                             (why.empty() ? std::string(" (not enough memory?)") : ": " + why));
    }
    ggml_threadpool * threadpool = nullptr;
    if (!cpus.empty()) {
        // The pool has exactly the context's thread count: under OpenMP ggml indexes the pool's
        // workers by the thread number it runs, so a smaller pool would be overrun.
        threadpool = pinned_threadpool(cpus, threads);
        if (!threadpool) {
            llama_free(ctx);
            return Status::internal("ggml could not create a pool of " + std::to_string(threads) + " threads on CPUs " +
                                    cpu::format_cpu_list(cpus));
        }
        llama_attach_threadpool(ctx, threadpool, nullptr); // the same pool for prompts and steps
    }
    out.reset(new SharedContext(ctx, threadpool, lanes, threads, std::move(cpus), model.vocab_size(), n_batch));
    return Status::ok();
}

SharedContext::SharedContext(llama_context * ctx, ggml_threadpool * threadpool, int lanes, int n_threads,
                             std::vector<int> cpus, int n_vocab, int n_batch)
    : ctx_(ctx), threadpool_(threadpool), lanes_(lanes), n_threads_(n_threads), cpus_(std::move(cpus)),
      n_vocab_(n_vocab), n_batch_(n_batch) {
    llama_set_abort_callback(
        ctx_, [](void * self) { return static_cast<const SharedContext *>(self)->aborting(); }, this);
    // llama.cpp's threads are the decoding thread's: with lanes that is the decode thread (one
    // thread always, or an OpenMP build would keep a team of workers per calling thread).
    if (lanes_ == 1) {
        if (!cpus_.empty()) pin_calling_thread();
    } else {
        thread_ = std::thread([this] { decode_thread(); });
    }
}

// ggml places the calling thread too (as worker 0), except with one thread, when it computes on
// the calling thread without applying the mask; so r1tune places it itself, and puts the thread
// back where it was when the context ends, or the next one (eval makes one per configuration)
// would find its thread confined to one CPU.
void SharedContext::pin_calling_thread() {
    if (pthread_getaffinity_np(pthread_self(), sizeof(caller_mask_), &caller_mask_) != 0) return;
    caller_mask_saved_ = true;
    if (n_threads_ == 1) pin_to(cpus_.front());
}

SharedContext::~SharedContext() {
    if (thread_.joinable()) {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        posted_.notify_all();
        thread_.join();
    }
    llama_free(ctx_); // first: the context computes with the pool until it is gone
    if (threadpool_) ggml_threadpool_free(threadpool_);
    if (caller_mask_saved_) pthread_setaffinity_np(pthread_self(), sizeof(caller_mask_), &caller_mask_);
}

bool SharedContext::aborting() const {
    // A batch is given up only when every request in it was: the others' steps must go on.
    if (in_batch_.empty()) return false;
    return std::all_of(in_batch_.begin(), in_batch_.end(), [](const std::atomic<bool> * flag) {
        return flag != nullptr && flag->load(std::memory_order_relaxed);
    });
}

std::int32_t SharedContext::decode(int lane, std::span<const DecodeToken> tokens, const std::atomic<bool> * cancel,
                                   std::vector<float> & logits) {
    Post post{lane, tokens, cancel, &logits};
    if (lanes_ == 1) {
        {
            std::lock_guard lock(mutex_);
            ++sharing_.posts;
            ++sharing_.batches;
        }
        Post * only = &post;
        return run_batch(std::span(&only, 1));
    }
    std::unique_lock lock(mutex_);
    ++sharing_.posts;
    pending_.push_back(&post);
    posted_.notify_one();
    decoded_.wait(lock, [&] { return post.done; });
    return post.result;
}

void SharedContext::exclusive(const std::function<void()> & edit) {
    std::unique_lock lock(mutex_);
    decoded_.wait(lock, [this] { return !decoding_; });
    edit();
}

SharedContext::Sharing SharedContext::sharing() {
    std::lock_guard lock(mutex_);
    return sharing_;
}

std::vector<SharedContext::Post *> SharedContext::take_batch() {
    std::vector<Post *> batch;
    int tokens = 0;
    for (auto it = pending_.begin(); it != pending_.end();) {
        const int n = static_cast<int>((*it)->tokens.size());
        if (!batch.empty() && tokens + n > n_batch_) {
            ++it;
            continue;
        }
        tokens += n;
        batch.push_back(*it);
        it = pending_.erase(it);
    }
    return batch;
}

void SharedContext::decode_thread() {
    if (n_threads_ == 1 && !cpus_.empty()) pin_to(cpus_.front());
    auto window_end = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    for (;;) {
        posted_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
        if (pending_.empty()) return; // stopping, nothing left to answer
        const auto all_back = [this] {
            return std::all_of(last_batch_.begin(), last_batch_.end(), [this](int lane) {
                return std::any_of(pending_.begin(), pending_.end(), [lane](const Post * p) { return p->lane == lane; });
            });
        };
        posted_.wait_until(lock, window_end, [&] { return stopping_ || all_back(); });
        std::vector<Post *> batch = take_batch();
        ++sharing_.batches;
        decoding_ = true;
        lock.unlock();
        decode_together(batch);
        lock.lock();
        decoding_ = false;
        last_batch_.clear();
        for (Post * post : batch) {
            post->done = true;
            last_batch_.push_back(post->lane);
        }
        window_end = std::chrono::steady_clock::now() + kLaneWindow;
        decoded_.notify_all();
    }
}

void SharedContext::decode_together(std::span<Post * const> posts) {
    // Nothing may end the decode thread with lanes waiting: a failure is their decodes' error.
    const auto run = [this](std::span<Post * const> some) {
        try {
            return run_batch(some);
        } catch (const std::exception &) {
            return std::int32_t{-1};
        }
    };
    const std::int32_t rc = run(posts);
    for (Post * post : posts) post->result = rc;
    // The KV cache is shared: a batch with no room, or that failed, may be one lane's doing (a
    // beam that outgrew its context). llama.cpp rolled it back; each post is decoded alone, so
    // that only the one that cannot go on hears it. A cancelled batch was every post's wish.
    if (rc == 0 || rc == 2 || posts.size() == 1) return;
    for (Post * post : posts) {
        Post * const one[] = {post};
        post->result = run(one);
    }
}

std::int32_t SharedContext::run_batch(std::span<Post * const> posts) {
    int n_tokens = 0;
    for (const Post * post : posts) n_tokens += static_cast<int>(post->tokens.size());
    struct Batch {
        llama_batch raw;
        std::vector<const std::atomic<bool> *> & in_batch;
        ~Batch() {
            llama_batch_free(raw);
            in_batch.clear();
        }
    } batch{llama_batch_init(n_tokens, 0, 1), in_batch_};
    batch.raw.n_tokens = n_tokens;
    int i = 0;
    in_batch_.clear();
    for (const Post * post : posts) {
        in_batch_.push_back(post->cancel);
        for (const DecodeToken & t : post->tokens) {
            batch.raw.token[i] = t.token;
            batch.raw.pos[i] = t.position;
            batch.raw.n_seq_id[i] = 1;
            batch.raw.seq_id[i][0] = t.sequence;
            batch.raw.logits[i] = t.output;
            ++i;
        }
    }
    const std::int32_t rc = llama_decode(ctx_, batch.raw);
    if (rc == 0 && lanes_ > 1) {
        // Each post's outputs, out of llama.cpp's buffer before the next batch writes it.
        i = 0;
        const std::size_t row = static_cast<std::size_t>(n_vocab_);
        for (Post * post : posts) {
            post->logits->clear();
            for (const DecodeToken & t : post->tokens) {
                if (t.output) {
                    const float * from = llama_get_logits_ith(ctx_, i);
                    post->logits->insert(post->logits->end(), from, from + row);
                }
                ++i;
            }
        }
    }
    return rc;
}

} // namespace r1tune::engine

#include "engine/session.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>

#include "common.h"
#include "cpu/cpu_list.h"
#include "engine/llama_log.h"
#include "engine/model.h"
#include "engine/prefix_file.h"
#include "ggml-cpu.h"
#include "llama.h"

namespace r1tune::engine {

Status ContextOptions::validate() const {
    // llama.cpp rounds a context up to a multiple of 256 cells; a smaller request would silently
    // become 256, so it is refused instead of being granted as something else.
    if (n_ctx < 256) return Status::usage("context size must be at least 256 tokens");
    if (n_batch < 1) return Status::usage("batch size must be at least 1");
    if (n_threads < 0) return Status::usage("threads must be positive (or 0 for the number of physical cores)");
    // Beyond these, llama.cpp fails to allocate (or crashes) instead of refusing.
    if (n_threads > kMaxThreads) return Status::usage("threads must be at most " + std::to_string(kMaxThreads));
    if (n_ctx > kMaxContext) return Status::usage("context size must be at most " + std::to_string(kMaxContext) + " tokens");
    if (n_sequences < 1) return Status::usage("the number of sequences must be at least 1");
    // llama.cpp refuses more sequence ids than this, with a message about n_seq_max.
    const int most_sequences = static_cast<int>(llama_max_parallel_sequences()) - (reuse_prefix ? 1 : 0);
    if (n_sequences > most_sequences) {
        return Status::usage("the number of sequences must be at most " + std::to_string(most_sequences) +
                             (reuse_prefix ? " with a prompt cache, which takes one more" : ""));
    }
    for (int cpu : cpus) {
        // ggml's thread placement is a mask of this many CPUs.
        if (cpu < 0 || cpu >= GGML_MAX_N_THREADS) {
            return Status::usage("CPU " + std::to_string(cpu) + " cannot be pinned: ggml places threads on CPUs 0-" +
                                 std::to_string(GGML_MAX_N_THREADS - 1) + " only");
        }
    }
    // Each decode step carries a token of every sequence; llama.cpp aborts on a smaller batch.
    if (n_batch < n_sequences) {
        return Status::usage("the batch size must be at least the " + std::to_string(n_sequences) +
                             " sequences decoded together (--batch-size)");
    }
    return Status::ok();
}

namespace {

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

} // namespace

Status Session::create(const Model & model, const ContextOptions & options, std::unique_ptr<Session> & out) {
    if (Status s = options.validate(); !s) return s;
    ContextOptions settled = options;
    std::sort(settled.cpus.begin(), settled.cpus.end());
    settled.cpus.erase(std::unique(settled.cpus.begin(), settled.cpus.end()), settled.cpus.end());
    if (Status s = check_cpus_allowed(settled.cpus); !s) return s;
    int threads = options.n_threads;
    if (threads == 0) {
        threads = settled.cpus.empty() ? std::max(1, common_cpu_get_num_physical_cores())
                                       : static_cast<int>(settled.cpus.size());
    }
    // One thread per CPU: more would stack spinning threads on one core (an order of magnitude
    // slower here), fewer would leave listed CPUs idle.
    if (!settled.cpus.empty() && threads != static_cast<int>(settled.cpus.size())) {
        return Status::usage(std::to_string(threads) + " threads on " + std::to_string(settled.cpus.size()) +
                             " pinned CPUs (" + cpu::format_cpu_list(settled.cpus) + "): give one CPU per thread");
    }

    llama_context_params params = llama_context_default_params();
    params.n_ctx = static_cast<uint32_t>(options.n_ctx);
    params.n_batch = static_cast<uint32_t>(options.n_batch);
    params.n_ubatch = static_cast<uint32_t>(options.n_batch);
    params.n_seq_max = static_cast<uint32_t>(options.n_sequences + (options.reuse_prefix ? 1 : 0));
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
        return Status::model("could not create a context of " + std::to_string(options.n_ctx) + " tokens" +
                             (why.empty() ? std::string(" (not enough memory?)") : ": " + why));
    }
    ggml_threadpool * threadpool = nullptr;
    if (!settled.cpus.empty()) {
        // The pool has exactly the context's thread count: under OpenMP ggml indexes the pool's
        // workers by the thread number it runs, so a smaller pool would be overrun.
        threadpool = pinned_threadpool(settled.cpus, threads);
        if (!threadpool) {
            llama_free(ctx);
            return Status::internal("ggml could not create a pool of " + std::to_string(threads) + " threads on CPUs " +
                                    cpu::format_cpu_list(settled.cpus));
        }
        llama_attach_threadpool(ctx, threadpool, nullptr); // the same pool for prompts and steps
    }
    out.reset(new Session(model, ctx, threadpool, settled, threads));
    if (!settled.cpus.empty()) out->pin_calling_thread();
    return Status::ok();
}

// ggml places the calling thread too (as worker 0), except with one thread, when it computes on
// the calling thread without applying the mask; so r1tune places it itself, and puts the thread
// back where it was when the session ends, or the next session (eval makes one per
// configuration) would find its thread confined to one CPU.
void Session::pin_calling_thread() {
    if (pthread_getaffinity_np(pthread_self(), sizeof(caller_mask_), &caller_mask_) != 0) return;
    caller_mask_saved_ = true;
    if (n_threads_ == 1) {
        cpu_set_t mask;
        CPU_ZERO(&mask);
        CPU_SET(cpus_.front(), &mask);
        pthread_setaffinity_np(pthread_self(), sizeof(mask), &mask);
    }
}

Session::Session(const Model & model, llama_context * ctx, ggml_threadpool * threadpool, const ContextOptions & options,
                 int n_threads)
    : model_(model), ctx_(ctx), threadpool_(threadpool), n_sequences_(options.n_sequences), n_threads_(n_threads),
      cpus_(options.cpus), kv_type_(options.kv_type), holder_(options.reuse_prefix ? options.n_sequences : -1) {
    llama_set_abort_callback(
        ctx_, [](void * session) { return static_cast<const Session *>(session)->cancel_requested(); }, this);
}

Status Session::cancelled_decode(int32_t rc) {
    // llama.cpp answers 2 for a computation its abort callback stopped.
    if (rc != 2) return Status::ok();
    clear();
    return Status::cancelled("the request was cancelled before its answer was complete");
}

Session::~Session() {
    llama_free(ctx_); // first: the context computes with the pool until it is gone
    if (threadpool_) ggml_threadpool_free(threadpool_);
    if (caller_mask_saved_) pthread_setaffinity_np(pthread_self(), sizeof(caller_mask_), &caller_mask_);
}

int Session::context_size() const { return static_cast<int>(llama_n_ctx(ctx_)); }

int Session::batch_size() const { return static_cast<int>(llama_n_batch(ctx_)); }

void Session::clear() {
    llama_memory_clear(llama_get_memory(ctx_), true);
    cached_prompt_.clear();
}

void Session::clear_sequences() {
    for (SequenceId s = 0; s < n_sequences_; ++s) drop(s);
}

void Session::drop_cached_prompt() {
    drop(holder_);
    cached_prompt_.clear();
}

Status Session::load_prompt(std::span<const Token> prompt, int sequences, int & reused) {
    reused = 0;
    if (prompt.empty()) return Status::input("the prompt is empty");
    if (static_cast<int>(prompt.size()) > context_size()) {
        return Status::input("the prompt is " + std::to_string(prompt.size()) + " tokens, longer than the context of " +
                             std::to_string(context_size()) + " tokens");
    }
    if (sequences < 1 || sequences > n_sequences_) {
        return Status::internal("load_prompt was asked for " + std::to_string(sequences) + " sequences of " +
                                std::to_string(n_sequences_));
    }
    if (!reuses_prefix()) {
        clear();
        if (Status s = decode_prompt(prompt, 0); !s) return s;
        for (SequenceId s = 1; s < sequences; ++s) fork(0, s);
        return Status::ok();
    }

    clear_sequences();
    llama_memory_t memory = llama_get_memory(ctx_);
    const auto common = std::mismatch(cached_prompt_.begin(), cached_prompt_.end(), prompt.begin(), prompt.end());
    // The last token is evaluated again even when the holder has it: its logits are long gone.
    std::size_t keep = std::min(static_cast<std::size_t>(common.first - cached_prompt_.begin()), prompt.size() - 1);
    if (keep < cached_prompt_.size()) {
        // A memory that cannot forget part of a sequence (a recurrent model's) starts over.
        if (!llama_memory_seq_rm(memory, holder_, static_cast<llama_pos>(keep), -1)) keep = 0;
        cached_prompt_.resize(keep);
    }
    // A sliding-window cache may have pruned the early positions the kept prefix needs; llama.cpp
    // promises every position from seq_pos_min on, so anything but 0 means starting over.
    if (keep == 0 || llama_memory_seq_pos_min(memory, holder_) != 0) {
        drop_cached_prompt();
        keep = 0;
    }
    if (Status s = decode_prompt(prompt.subspan(keep), holder_, static_cast<int>(keep)); !s) {
        drop_cached_prompt(); // it may hold part of the rest: its cells no longer match any tokens
        return s;
    }
    cached_prompt_.assign(prompt.begin(), prompt.end());
    for (SequenceId s = 0; s < sequences; ++s) fork(holder_, s);
    reused = static_cast<int>(keep);
    return Status::ok();
}

Status Session::save_prefix(const std::filesystem::path & path) const {
    if (!reuses_prefix()) {
        return Status::usage("there is no prompt cache to save to " + path.string() + ": prefix reuse is off");
    }
    if (cached_prompt_.empty()) {
        return Status::input("there is no evaluated prompt to save to " + path.string() + " yet");
    }
    PrefixFile file;
    if (Status s = model_fingerprint(model_.path(), file.model_fingerprint); !s) return s;
    file.model_name = std::filesystem::path(model_.path()).filename().string();
    file.kv_type = kv_type_;
    file.tokens = cached_prompt_;
    file.state.resize(llama_state_seq_get_size(ctx_, holder_));
    if (file.state.empty() || llama_state_seq_get_data(ctx_, file.state.data(), file.state.size(), holder_) == 0) {
        return Status::internal("llama.cpp could not copy out the cached prompt's KV cells");
    }
    return write_prefix_file(path, file);
}

Status Session::load_prefix(const std::filesystem::path & path) {
    if (!reuses_prefix()) {
        return Status::usage("cannot load the prompt cache " + path.string() + ": prefix reuse is off");
    }
    clear(); // whatever happens next, the old prompt is replaced
    PrefixFile file;
    if (Status s = read_prefix_file(path, file); !s) return s;
    const std::string name = path.string();
    std::uint64_t fingerprint = 0;
    if (Status s = model_fingerprint(model_.path(), fingerprint); !s) return s;
    const std::string this_model = std::filesystem::path(model_.path()).filename().string();
    if (fingerprint != file.model_fingerprint) {
        return Status::input(name + " was saved with another model (" +
                             (file.model_name == this_model ? "a different " + this_model
                                                            : file.model_name + ", not " + this_model) + ")");
    }
    if (file.kv_type != kv_type_) {
        return Status::input(name + " holds a KV cache of type " + std::string(to_string(file.kv_type)) +
                             ", this session's is " + std::string(to_string(kv_type_)) + " (--kv-type)");
    }
    if (file.tokens.empty()) return Status::input(name + " holds no prompt");
    if (static_cast<int>(file.tokens.size()) > context_size()) {
        return Status::input(name + " holds a prefix of " + std::to_string(file.tokens.size()) +
                             " tokens, more than this context of " + std::to_string(context_size()) +
                             " tokens (--ctx-size)");
    }
    clear_llama_error();
    const std::size_t read = llama_state_seq_set_data(ctx_, file.state.data(), file.state.size(), holder_);
    // Its cells must be exactly the saved tokens' positions, 0 to n-1.
    llama_memory_t memory = llama_get_memory(ctx_);
    const int n = static_cast<int>(file.tokens.size());
    if (read == 0 || cached_length(holder_) != n) {
        const std::string why = last_llama_error();
        clear();
        return Status::input(name + " could not be restored into this context" + (why.empty() ? "" : ": " + why));
    }
    if (llama_memory_seq_pos_min(memory, holder_) != 0) {
        // A sliding-window model's restored window cache starts at n - window: continuing after
        // a shorter common prefix would attend to a window with a hole in it.
        clear();
        return Status::input(name + " cannot be continued: this model attends through a sliding window, and llama.cpp "
                                    "restores only the window's last cells");
    }
    cached_prompt_ = std::move(file.tokens);
    return Status::ok();
}

Status Session::decode_prompt(std::span<const Token> tokens, SequenceId sequence, int start) {
    if (tokens.empty()) return Status::input("the prompt is empty");
    const int n_batch = static_cast<int>(llama_n_batch(ctx_));
    llama_batch batch = llama_batch_init(n_batch, 0, 1);
    Status result = Status::ok();
    for (std::size_t done = 0; done < tokens.size() && result; done += static_cast<std::size_t>(n_batch)) {
        const std::size_t n = std::min(tokens.size() - done, static_cast<std::size_t>(n_batch));
        batch.n_tokens = static_cast<int32_t>(n);
        for (std::size_t i = 0; i < n; ++i) {
            batch.token[i] = tokens[done + i];
            batch.pos[i] = start + static_cast<int>(done + i);
            batch.n_seq_id[i] = 1;
            batch.seq_id[i][0] = sequence;
            batch.logits[i] = (done + i + 1 == tokens.size());
        }
        if (cancel_requested()) {
            result = cancelled_decode(2);
            break;
        }
        const int32_t rc = llama_decode(ctx_, batch);
        if (Status s = cancelled_decode(rc); !s) result = s;
        else if (rc == 1) result = Status::input("the prompt does not fit in the context (no free KV cache slot)");
        else if (rc != 0) result = Status::internal("llama_decode failed on the prompt (code " + std::to_string(rc) + ")");
    }
    llama_batch_free(batch);
    return result;
}

void Session::fork(SequenceId source, SequenceId target) {
    llama_memory_seq_cp(llama_get_memory(ctx_), source, target, -1, -1);
}

int Session::cached_length(SequenceId sequence) const {
    return static_cast<int>(llama_memory_seq_pos_max(llama_get_memory(ctx_), sequence)) + 1;
}

void Session::drop(SequenceId sequence) { llama_memory_seq_rm(llama_get_memory(ctx_), sequence, -1, -1); }

void Session::truncate(SequenceId sequence, int position) {
    llama_memory_seq_rm(llama_get_memory(ctx_), sequence, position, -1);
}

Status Session::decode_step(std::span<const BatchToken> entries) {
    if (entries.empty()) return Status::ok();
    if (cancel_requested()) return cancelled_decode(2);
    llama_batch batch = llama_batch_init(static_cast<int32_t>(entries.size()), 0, 1);
    batch.n_tokens = static_cast<int32_t>(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        batch.token[i] = entries[i].token;
        batch.pos[i] = entries[i].position;
        batch.n_seq_id[i] = 1;
        batch.seq_id[i][0] = entries[i].sequence;
        batch.logits[i] = true;
    }
    const int32_t rc = llama_decode(ctx_, batch);
    llama_batch_free(batch);
    if (Status s = cancelled_decode(rc); !s) return s;
    if (rc == 1) return Status::input("the context is full (no free KV cache slot)");
    if (rc != 0) return Status::internal("llama_decode failed (code " + std::to_string(rc) + ")");
    return Status::ok();
}

const float * Session::logits(int index) const { return llama_get_logits_ith(ctx_, index); }

} // namespace r1tune::engine

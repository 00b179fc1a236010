#include "engine/session.h"

#include <algorithm>

#include "common.h"
#include "engine/llama_log.h"
#include "engine/model.h"
#include "llama.h"

namespace r1tune::engine {

Status parse_kv_cache_type(const std::string & name, KvCacheType & out) {
    if (name == "f16") { out = KvCacheType::kF16; return Status::ok(); }
    if (name == "q8_0") { out = KvCacheType::kQ8_0; return Status::ok(); }
    return Status::usage("KV cache type must be f16 or q8_0, not '" + name + "'");
}

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
    // Each decode step carries a token of every sequence; llama.cpp aborts on a smaller batch.
    if (n_batch < n_sequences) {
        return Status::usage("the batch size must be at least the " + std::to_string(n_sequences) +
                             " sequences decoded together (--batch-size)");
    }
    return Status::ok();
}

Status Session::create(const Model & model, const ContextOptions & options, std::unique_ptr<Session> & out) {
    if (Status s = options.validate(); !s) return s;
    const int threads = options.n_threads > 0 ? options.n_threads : std::max(1, common_cpu_get_num_physical_cores());

    llama_context_params params = llama_context_default_params();
    params.n_ctx = static_cast<uint32_t>(options.n_ctx);
    params.n_batch = static_cast<uint32_t>(options.n_batch);
    params.n_ubatch = static_cast<uint32_t>(options.n_batch);
    params.n_seq_max = static_cast<uint32_t>(options.n_sequences);
    params.n_threads = threads;
    params.n_threads_batch = threads;
    params.kv_unified = true; // forked sequences share their prompt prefix cells
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
    out.reset(new Session(model, ctx, options.n_sequences, threads));
    return Status::ok();
}

Session::~Session() { llama_free(ctx_); }

int Session::context_size() const { return static_cast<int>(llama_n_ctx(ctx_)); }

int Session::batch_size() const { return static_cast<int>(llama_n_batch(ctx_)); }

void Session::clear() { llama_memory_clear(llama_get_memory(ctx_), true); }

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
        const int32_t rc = llama_decode(ctx_, batch);
        if (rc == 1) result = Status::input("the prompt does not fit in the context (no free KV cache slot)");
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
    if (rc == 1) return Status::input("the context is full (no free KV cache slot)");
    if (rc != 0) return Status::internal("llama_decode failed (code " + std::to_string(rc) + ")");
    return Status::ok();
}

const float * Session::logits(int index) const { return llama_get_logits_ith(ctx_, index); }

} // namespace r1tune::engine

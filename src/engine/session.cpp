#include "engine/session.h"

#include <algorithm>

#include "engine/llama_log.h"
#include "engine/model.h"
#include "engine/prefix_file.h"
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
    if (lanes < 1) return Status::usage("the number of lanes must be at least 1");
    // llama.cpp refuses more sequence ids than this, with a message about n_seq_max.
    const int ids = static_cast<int>(llama_max_parallel_sequences());
    if (lanes == 1 && sequences_per_lane() > ids) {
        return Status::usage("the number of sequences must be at most " + std::to_string(ids - (reuse_prefix ? 1 : 0)) +
                             (reuse_prefix ? " with a prompt cache, which takes one more" : ""));
    }
    if (sequences_per_lane() * lanes > ids) {
        return Status::usage("llama.cpp numbers at most " + std::to_string(ids) + " sequences, and " + std::to_string(lanes) +
                             " answered at once with " + std::to_string(sequences_per_lane()) + " each" +
                             (reuse_prefix ? " (a prompt cache's holder included)" : "") + " need " +
                             std::to_string(sequences_per_lane() * lanes) + ": at most " +
                             std::to_string(ids / sequences_per_lane()) + " fit (--parallel)");
    }
    if (static_cast<long long>(n_ctx) * lanes > kMaxContext) {
        return Status::usage("the context of " + std::to_string(lanes) + " requests answered at once, " +
                             std::to_string(n_ctx) + " tokens each, must be at most " + std::to_string(kMaxContext) +
                             " tokens");
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

Status Session::create(const Model & model, const ContextOptions & options, std::unique_ptr<Session> & out) {
    if (options.lanes != 1) return Status::internal("Session::create makes one session; lanes need create_lanes");
    std::vector<std::unique_ptr<Session>> lanes;
    if (Status s = create_lanes(model, options, lanes); !s) return s;
    out = std::move(lanes.front());
    return Status::ok();
}

Status Session::create_lanes(const Model & model, const ContextOptions & options,
                             std::vector<std::unique_ptr<Session>> & out) {
    std::shared_ptr<SharedContext> context;
    if (Status s = SharedContext::create(model, options, context); !s) return s;
    out.clear();
    for (int lane = 0; lane < options.lanes; ++lane) out.emplace_back(new Session(model, context, options, lane));
    return Status::ok();
}

Session::Session(const Model & model, std::shared_ptr<SharedContext> context, const ContextOptions & options, int lane)
    : model_(model), context_(std::move(context)), lane_(lane), base_(lane * options.sequences_per_lane()),
      n_sequences_(options.n_sequences), n_ctx_(options.n_ctx), n_batch_(options.n_batch), kv_type_(options.kv_type),
      holder_(options.reuse_prefix ? options.n_sequences : -1) {}

Session::~Session() = default; // the context goes with its last lane

int Session::threads() const { return context_->threads(); }

const std::vector<int> & Session::cpus() const { return context_->cpus(); }

Status Session::cancelled() {
    clear();
    return Status::cancelled("the request was cancelled before its answer was complete");
}

Status Session::decode(std::span<const DecodeToken> tokens, const char * what) {
    if (cancel_requested()) return cancelled();
    const std::int32_t rc = context_->decode(lane_, tokens, cancel_flag_, logits_);
    // llama.cpp answers 2 for a computation its abort callback stopped.
    if (rc == 2) return cancelled();
    if (rc == 1) return Status::input(std::string(what) + " does not fit in the context (no free KV cache slot)");
    if (rc != 0) return Status::internal("llama_decode failed on " + std::string(what) + " (code " + std::to_string(rc) + ")");
    return Status::ok();
}

void Session::clear() {
    context_->exclusive([this] {
        llama_memory_t memory = llama_get_memory(context_->raw());
        for (SequenceId s = 0; s < n_sequences_ + (holder_ >= 0 ? 1 : 0); ++s) llama_memory_seq_rm(memory, global(s), -1, -1);
    });
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
    const auto common = std::mismatch(cached_prompt_.begin(), cached_prompt_.end(), prompt.begin(), prompt.end());
    // The last token is evaluated again even when the holder has it: its logits are long gone.
    std::size_t keep = std::min(static_cast<std::size_t>(common.first - cached_prompt_.begin()), prompt.size() - 1);
    context_->exclusive([&] {
        llama_memory_t memory = llama_get_memory(context_->raw());
        if (keep < cached_prompt_.size()) {
            // A memory that cannot forget part of a sequence (a recurrent model's) starts over.
            if (!llama_memory_seq_rm(memory, global(holder_), static_cast<llama_pos>(keep), -1)) keep = 0;
            cached_prompt_.resize(keep);
        }
        // A sliding-window cache may have pruned the early positions the kept prefix needs;
        // llama.cpp promises every position from seq_pos_min on, so anything but 0 means
        // starting over.
        if (keep > 0 && llama_memory_seq_pos_min(memory, global(holder_)) != 0) keep = 0;
    });
    if (keep == 0) drop_cached_prompt();
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
    bool copied = false;
    context_->exclusive([&] {
        file.state.resize(llama_state_seq_get_size(context_->raw(), global(holder_)));
        copied = !file.state.empty() &&
                 llama_state_seq_get_data(context_->raw(), file.state.data(), file.state.size(), global(holder_)) != 0;
    });
    if (!copied) return Status::internal("llama.cpp could not copy out the cached prompt's KV cells");
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
    // Its cells must be exactly the saved tokens' positions, 0 to n-1.
    const int n = static_cast<int>(file.tokens.size());
    bool restored = false;
    bool windowed = false;
    std::string why;
    context_->exclusive([&] {
        clear_llama_error();
        llama_context * ctx = context_->raw();
        const std::size_t read = llama_state_seq_set_data(ctx, file.state.data(), file.state.size(), global(holder_));
        llama_memory_t memory = llama_get_memory(ctx);
        restored = read != 0 && llama_memory_seq_pos_max(memory, global(holder_)) + 1 == n;
        if (!restored) why = last_llama_error();
        windowed = restored && llama_memory_seq_pos_min(memory, global(holder_)) != 0;
    });
    if (!restored) {
        clear();
        return Status::input(name + " could not be restored into this context" + (why.empty() ? "" : ": " + why));
    }
    if (windowed) {
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
    output_rows_.clear();
    std::vector<DecodeToken> chunk;
    for (std::size_t done = 0; done < tokens.size(); done += static_cast<std::size_t>(n_batch_)) {
        const std::size_t n = std::min(tokens.size() - done, static_cast<std::size_t>(n_batch_));
        chunk.clear();
        for (std::size_t i = 0; i < n; ++i) {
            chunk.push_back({tokens[done + i], global(sequence), start + static_cast<int>(done + i), done + i + 1 == tokens.size()});
        }
        if (Status s = decode(chunk, "the prompt"); !s) return s;
    }
    return Status::ok();
}

void Session::fork(SequenceId source, SequenceId target) {
    context_->exclusive(
        [&] { llama_memory_seq_cp(llama_get_memory(context_->raw()), global(source), global(target), -1, -1); });
}

int Session::cached_length(SequenceId sequence) const {
    llama_pos last = -1;
    context_->exclusive([&] { last = llama_memory_seq_pos_max(llama_get_memory(context_->raw()), global(sequence)); });
    return static_cast<int>(last) + 1;
}

void Session::drop(SequenceId sequence) { truncate(sequence, -1); }

void Session::truncate(SequenceId sequence, int position) {
    context_->exclusive([&] { llama_memory_seq_rm(llama_get_memory(context_->raw()), global(sequence), position, -1); });
}

Status Session::decode_step(std::span<const BatchToken> entries) {
    if (entries.empty()) return Status::ok();
    std::vector<DecodeToken> step;
    step.reserve(entries.size());
    output_rows_.clear();
    int rows = 0;
    for (const BatchToken & e : entries) {
        step.push_back({e.token, global(e.sequence), e.position, e.output});
        output_rows_.push_back(e.output ? rows++ : -1);
    }
    return decode(step, "the next token");
}

const float * Session::logits(int index) const {
    if (context_->lanes() == 1) return llama_get_logits_ith(context_->raw(), index);
    const std::size_t row = static_cast<std::size_t>(context_->vocab_size());
    const std::size_t outputs = logits_.size() / row;
    // Entry `index` of the last decode_step, or the last output (a prompt's last token).
    int found = -1;
    if (index < 0) found = static_cast<int>(outputs) - 1;
    else if (static_cast<std::size_t>(index) < output_rows_.size()) found = output_rows_[static_cast<std::size_t>(index)];
    return found >= 0 && static_cast<std::size_t>(found) < outputs ? logits_.data() + static_cast<std::size_t>(found) * row
                                                                   : nullptr;
}

} // namespace r1tune::engine

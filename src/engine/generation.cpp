#include "engine/generation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "engine/model.h"
#include "engine/session.h"
#include "text/stop_strings.h"
#include "text/utf8.h"

namespace r1tune::engine {

std::string_view to_string(FinishReason reason) {
    switch (reason) {
        case FinishReason::kEndOfSequence: return "end_of_sequence";
        case FinishReason::kStopString: return "stop_string";
        case FinishReason::kMaxTokens: return "max_tokens";
        case FinishReason::kContextFull: return "context_full";
        case FinishReason::kCancelled: return "cancelled";
    }
    return "unknown";
}

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// log softmax(logits)[token], computed stably.
double log_probability(const float * logits, int n_vocab, Token token) {
    const float max = *std::max_element(logits, logits + n_vocab);
    double sum = 0;
    for (int v = 0; v < n_vocab; ++v) sum += std::exp(static_cast<double>(logits[v] - max));
    return static_cast<double>(logits[token] - max) - std::log(sum);
}

// The per-sequence state while it is being generated: sampler, text pipeline, result.
struct LiveSequence {
    LiveSequence(const Model & model, const SamplerSettings & settings, const GenerationOptions & options)
        : sampler(model, settings), splitter(options.starts_in_thinking), stops(options.stops) {}

    Sampler sampler;
    std::string utf8_pending; // bytes of a character split across tokens
    text::ThinkingSplitter splitter;
    text::StopStringMatcher stops;
    bool done = false;
    bool budget_forced = false;
    Token next = 0;   // sampled, not yet decoded
    int decoded = 0;  // KV cells this sequence added after the shared prompt
};

class Generator {
public:
    Generator(Session & session, const GenerationOptions & options, const StreamCallback & on_text,
              std::vector<SequenceResult> & results)
        : session_(session), model_(session.model()), options_(options), on_text_(on_text), results_(results) {}

    Status run(const std::vector<Token> & prompt, const std::vector<SamplerSettings> & samplers, GenerationStats & stats);

private:
    // Passes a sampled token through UTF-8 reassembly, the thinking split and the stop
    // strings. Returns false when a stop string ended the sequence.
    bool append_text(int i, const std::string & piece);
    void finish(int i, FinishReason reason);
    void emit(int i, text::Channel channel, const std::string & text);

    // Samples sequence i's next token from output `output` of the last decode.
    void sample(int i, int output);
    // Feeds `token` into sequence i's result and text; returns the finish reason it causes, if any.
    std::optional<FinishReason> take(int i, Token token);

    Session & session_;
    const Model & model_;
    const GenerationOptions & options_;
    std::vector<Token> thinking_closing_; // what budget forcing writes
    bool cancel_rest_ = false;
    const StreamCallback & on_text_;
    std::vector<SequenceResult> & results_;
    std::vector<std::unique_ptr<LiveSequence>> live_;
    int cells_used_ = 0; // KV cells in use: the prompt once, plus each live sequence's own
};

void Generator::emit(int i, text::Channel channel, const std::string & text) {
    if (text.empty()) return;
    auto & result = results_[i];
    (channel == text::Channel::kThinking ? result.thinking : result.answer) += text;
    if (on_text_) on_text_(StreamEvent{i, channel, text});
}

bool Generator::append_text(int i, const std::string & piece) {
    LiveSequence & seq = *live_[i];
    seq.utf8_pending += piece;
    const std::size_t complete = text::complete_utf8_prefix(seq.utf8_pending);
    const std::string ready = text::sanitize_utf8(std::string_view(seq.utf8_pending).substr(0, complete));
    seq.utf8_pending.erase(0, complete);
    for (auto & span : seq.splitter.feed(ready)) {
        if (span.channel == text::Channel::kThinking) {
            emit(i, span.channel, span.text);
            continue;
        }
        emit(i, span.channel, seq.stops.feed(span.text));
        if (seq.stops.stopped()) return false;
    }
    return true;
}

void Generator::finish(int i, FinishReason reason) {
    LiveSequence & seq = *live_[i];
    if (reason != FinishReason::kStopString) {
        // Flush what was held back: an incomplete character, a partial tag, a partial stop.
        std::string rest = text::sanitize_utf8(seq.utf8_pending);
        seq.utf8_pending.clear();
        auto spans = seq.splitter.feed(rest);
        for (auto & span : seq.splitter.finish()) spans.push_back(std::move(span));
        for (auto & span : spans) {
            emit(i, span.channel, span.channel == text::Channel::kAnswer ? seq.stops.feed(span.text) : span.text);
        }
        emit(i, text::Channel::kAnswer, seq.stops.finish());
    }
    results_[i].thinking_closed = seq.splitter.thinking_was_closed();
    results_[i].finish = reason;
    seq.done = true;
    session_.drop(i); // its private cells are free for the sequences still running
    cells_used_ -= seq.decoded;
    if (reason != FinishReason::kCancelled && options_.on_sequence_end && options_.on_sequence_end(i, results_[i])) {
        cancel_rest_ = true;
    }
}

void Generator::sample(int i, int output) {
    LiveSequence & seq = *live_[i];
    seq.next = seq.sampler.sample(session_.raw(), output);
    if (options_.record_logprobs) {
        results_[i].sum_logprob += log_probability(session_.logits(output), model_.vocab_size(), seq.next);
        ++results_[i].logprob_count;
    }
}

std::optional<FinishReason> Generator::take(int i, Token token) {
    LiveSequence & seq = *live_[i];
    auto & result = results_[i];
    result.tokens.push_back(token);
    if (model_.is_end_of_generation(token)) return FinishReason::kEndOfSequence;
    const bool was_thinking = seq.splitter.channel() == text::Channel::kThinking;
    if (!append_text(i, model_.token_text(token))) return FinishReason::kStopString;
    if (was_thinking && !seq.budget_forced) ++result.thinking_tokens; // the forced closing is not the model's
    if (static_cast<int>(result.tokens.size()) >= options_.max_tokens) return FinishReason::kMaxTokens;
    return std::nullopt;
}

Status Generator::run(const std::vector<Token> & prompt, const std::vector<SamplerSettings> & samplers,
                      GenerationStats & stats) {
    const int n = static_cast<int>(samplers.size());
    const int n_prompt = static_cast<int>(prompt.size());
    if (n < 1) return Status::usage("at least one sequence is needed");
    if (n > session_.sequence_capacity()) {
        return Status::usage("the session holds " + std::to_string(session_.sequence_capacity()) +
                             " sequences, " + std::to_string(n) + " were asked for");
    }
    if (n_prompt + 1 > session_.context_size()) {
        return Status::input("the prompt is " + std::to_string(n_prompt) + " tokens, longer than the context of " +
                             std::to_string(session_.context_size()) + " tokens (raise --ctx-size or shorten the question)");
    }
    for (const auto & s : samplers) {
        if (Status st = s.validate(); !st) return st;
    }

    results_.assign(n, SequenceResult{});
    live_.clear();
    for (int i = 0; i < n; ++i) live_.push_back(std::make_unique<LiveSequence>(model_, samplers[i], options_));

    session_.clear();
    stats = GenerationStats{};
    stats.prompt_tokens = n_prompt;
    const auto prompt_start = Clock::now();
    if (Status s = session_.decode_prompt(prompt, 0); !s) return s;
    stats.prompt_ms = ms_since(prompt_start);
    for (int i = 1; i < n; ++i) session_.fork(0, i);

    // Every sequence samples its first token from the prompt's last logits.
    for (int i = 0; i < n; ++i) sample(i, -1);

    if (options_.thinking_budget > 0) {
        if (Status s = model_.tokenize("\n</think>\n\n", thinking_closing_); !s) return s;
    }
    // One step decodes a token of every live sequence, plus a forced closing: llama.cpp aborts
    // on a batch larger than its batch size, so that is refused here.
    const int largest_step = n * (1 + static_cast<int>(thinking_closing_.size()));
    if (largest_step > session_.batch_size()) {
        return Status::usage(std::to_string(n) + " sequences need a batch size of at least " +
                             std::to_string(largest_step) + " tokens (--batch-size)");
    }
    cells_used_ = n_prompt;
    std::vector<BatchToken> batch;
    std::vector<std::pair<int, int>> sample_at; // (sequence, output index) after the step
    for (;;) {
        batch.clear();
        sample_at.clear();
        for (int i = 0; i < n; ++i) {
            LiveSequence & seq = *live_[i];
            if (seq.done) continue;
            if (cancel_rest_) { finish(i, FinishReason::kCancelled); continue; }
            // The sampled token, and at the budget the closing of the thinking block after it.
            std::vector<Token> tokens = {seq.next};
            std::optional<FinishReason> ended = take(i, seq.next);
            auto & result = results_[i];
            if (!ended && options_.thinking_budget > 0 && !seq.budget_forced &&
                seq.splitter.channel() == text::Channel::kThinking && result.thinking_tokens >= options_.thinking_budget) {
                seq.budget_forced = true;
                result.thinking_budget_reached = true;
                for (Token forced : thinking_closing_) {
                    tokens.push_back(forced);
                    if ((ended = take(i, forced))) break;
                }
            }
            if (ended) { finish(i, *ended); continue; }
            const int first_position = n_prompt + static_cast<int>(result.tokens.size() - tokens.size());
            const int last_position = first_position + static_cast<int>(tokens.size()) - 1;
            if (last_position >= session_.context_size() ||
                cells_used_ + static_cast<int>(tokens.size()) > session_.context_size()) {
                finish(i, FinishReason::kContextFull);
                continue;
            }
            for (std::size_t k = 0; k < tokens.size(); ++k) {
                batch.push_back(BatchToken{tokens[k], i, first_position + static_cast<int>(k)});
            }
            sample_at.emplace_back(i, static_cast<int>(batch.size()) - 1);
            seq.decoded += static_cast<int>(tokens.size());
            cells_used_ += static_cast<int>(tokens.size());
        }
        if (cancel_rest_) {
            // A sequence ended during this gather and decided for the rest: skip the step.
            for (const auto & [i, output] : sample_at) finish(i, FinishReason::kCancelled);
            break;
        }
        if (batch.empty()) break;

        const auto step_start = Clock::now();
        Status s = session_.decode_step(batch);
        if (!s) {
            if (s.kind() != ErrorKind::kInput) return s;
            for (const auto & [i, output] : sample_at) finish(i, FinishReason::kContextFull); // no room left
            break;
        }
        for (const auto & [i, output] : sample_at) sample(i, output);
        stats.decode_ms += ms_since(step_start);
        stats.decoded_tokens += static_cast<int>(batch.size());
    }
    return Status::ok();
}

} // namespace

Status generate(Session & session, const std::vector<Token> & prompt, const std::vector<SamplerSettings> & samplers,
                const GenerationOptions & options, const StreamCallback & on_text, std::vector<SequenceResult> & results,
                GenerationStats & stats) {
    Generator generator(session, options, on_text, results);
    return generator.run(prompt, samplers, stats);
}

} // namespace r1tune::engine

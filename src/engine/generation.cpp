#include "engine/generation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "engine/model.h"
#include "engine/session.h"
#include "text/output_text.h"

namespace r1tune::engine {

std::string_view to_string(FinishReason reason) {
    switch (reason) {
        case FinishReason::kEndOfSequence: return "end_of_sequence";
        case FinishReason::kStopString: return "stop_string";
        case FinishReason::kMaxTokens: return "max_tokens";
        case FinishReason::kContextFull: return "context_full";
        case FinishReason::kCancelled: return "cancelled";
        case FinishReason::kAbandoned: return "abandoned";
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

// The per-sequence state while it is being generated: sampler, text, result.
struct LiveSequence {
    LiveSequence(const Model & model, const SamplerSettings & settings, const GenerationOptions & options)
        : settings(settings), sampler(std::make_unique<Sampler>(model, settings)),
          text(options.starts_in_thinking, options.stops) {}

    SamplerSettings settings;
    std::unique_ptr<Sampler> sampler;
    text::OutputText text;
    bool done = false;
    bool thinking_forced_closed = false; // by the budget or a wrap-up
    bool restart_pending = false;
    Token next = 0;        // sampled, not yet decoded
    int sampled_from = -1; // output index of the logits `next` was sampled from
    int decoded = 0;       // KV cells this sequence added after the shared prompt
};

class Generator {
public:
    Generator(Session & session, const GenerationOptions & options, const StreamCallback & on_text,
              std::vector<SequenceResult> & results)
        : session_(session), model_(session.model()), options_(options), on_text_(on_text), results_(results) {}

    Status run(const std::vector<Token> & prompt, const std::vector<SamplerSettings> & samplers, GenerationStats & stats);

private:
    void emit(int i, const std::vector<text::Span> & spans);
    void finish(int i, FinishReason reason);

    // Samples sequence i's next token from output `output` of the last decode.
    void sample(int i, int output);
    // Feeds `token` into sequence i's result and text; returns the finish reason it causes, if any.
    std::optional<FinishReason> take(int i, Token token);
    // Asks on_token what to do after the token sequence i just took.
    SequenceAction decide(int i, Token token);
    // Switches on the answer grammar once sequence i's answer has begun.
    void constrain_answer(int i);
    // Throws sequence i's tokens away; its next step re-decodes the prompt's last token.
    void restart(int i);
    // The tokens sequence i puts into this step; empty when it ended.
    std::vector<Token> step_tokens(int i);

    Session & session_;
    const Model & model_;
    const GenerationOptions & options_;
    std::vector<Token> thinking_closing_; // what budget forcing writes
    std::vector<Token> wrap_up_;          // what kCloseThinking writes
    std::vector<Token> prompt_;
    bool cancel_rest_ = false;
    const StreamCallback & on_text_;
    std::vector<SequenceResult> & results_;
    std::vector<std::unique_ptr<LiveSequence>> live_;
    int cells_used_ = 0; // KV cells in use: the prompt once, plus each live sequence's own
};

void Generator::emit(int i, const std::vector<text::Span> & spans) {
    if (!on_text_) return;
    for (const auto & span : spans) on_text_(StreamEvent{i, span.channel, span.text});
}

void Generator::finish(int i, FinishReason reason) {
    LiveSequence & seq = *live_[i];
    emit(i, seq.text.finish());
    auto & result = results_[i];
    result.thinking = seq.text.thinking();
    result.answer = seq.text.answer();
    result.thinking_closed = seq.text.thinking_closed();
    result.finish = reason;
    seq.done = true;
    session_.drop(i); // its private cells are free for the sequences still running
    cells_used_ -= seq.decoded;
    if (reason != FinishReason::kCancelled && options_.on_sequence_end && options_.on_sequence_end(i, result)) {
        cancel_rest_ = true;
    }
}

void Generator::sample(int i, int output) {
    LiveSequence & seq = *live_[i];
    seq.next = seq.sampler->sample(session_.raw(), output);
    seq.sampled_from = output;
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
    const bool was_thinking = seq.text.channel() == text::Channel::kThinking;
    emit(i, seq.text.feed(model_.token_text(token)));
    if (seq.text.stopped()) return FinishReason::kStopString;
    if (was_thinking && !seq.thinking_forced_closed) ++result.thinking_tokens; // forced tokens are not the model's
    if (static_cast<int>(result.tokens.size()) >= options_.max_tokens) return FinishReason::kMaxTokens;
    return std::nullopt;
}

SequenceAction Generator::decide(int i, Token token) {
    if (!options_.on_token) return SequenceAction::kContinue;
    LiveSequence & seq = *live_[i];
    // The result's text fields are filled at the end; the hook reads tokens and counts.
    const TokenEvent event{token, seq.text.channel(), session_.logits(seq.sampled_from), model_.vocab_size(), results_[i]};
    return options_.on_token(i, event);
}

void Generator::restart(int i) {
    LiveSequence & seq = *live_[i];
    const int restarts = results_[i].restarts + 1;
    // Keep the shared prompt but its last position: decoding that token again gives the logits
    // the new run samples its first token from.
    const int keep = static_cast<int>(prompt_.size()) - 1;
    session_.truncate(i, keep);
    cells_used_ -= seq.decoded;
    seq.decoded = 0;
    results_[i] = SequenceResult{};
    results_[i].restarts = restarts;
    SamplerSettings settings = seq.settings;
    settings.seed += 1000u * static_cast<std::uint32_t>(restarts); // vote samples use seed + i: no overlap below 1000
    seq.sampler = std::make_unique<Sampler>(model_, settings);
    seq.text = text::OutputText(options_.starts_in_thinking, options_.stops);
    seq.thinking_forced_closed = false;
    seq.restart_pending = true;
    constrain_answer(i); // a model that does not think answers from its first token again
    if (on_text_) on_text_(StreamEvent{i, text::Channel::kThinking, {}, true});
}

void Generator::constrain_answer(int i) {
    LiveSequence & seq = *live_[i];
    if (options_.answer_grammar.empty() || seq.sampler->grammar_enabled()) return;
    if (seq.text.channel() != text::Channel::kAnswer) return;
    // Checked once in run(), so it parses.
    (void)seq.sampler->enable_grammar(model_, options_.answer_grammar);
}

std::vector<Token> Generator::step_tokens(int i) {
    LiveSequence & seq = *live_[i];
    auto & result = results_[i];
    if (seq.restart_pending) {
        seq.restart_pending = false;
        return {prompt_.back()};
    }
    // The sampled token, and maybe r1tune's own tokens after it: the closing of the thinking
    // block at the budget, or a wrap-up on the strategy's request.
    std::vector<Token> tokens = {seq.next};
    std::optional<FinishReason> ended = take(i, seq.next);
    const std::vector<Token> * forced = nullptr;
    if (!ended) {
        const bool thinking = seq.text.channel() == text::Channel::kThinking && !seq.thinking_forced_closed;
        switch (decide(i, seq.next)) {
            case SequenceAction::kContinue: break;
            case SequenceAction::kAbandon: ended = FinishReason::kAbandoned; break;
            case SequenceAction::kRestart: restart(i); return step_tokens(i);
            case SequenceAction::kCloseThinking:
                if (thinking) {
                    forced = &wrap_up_;
                    result.wrapped_up = true;
                }
                break;
        }
        if (!ended && !forced && thinking && options_.thinking_budget > 0 &&
            result.thinking_tokens >= options_.thinking_budget) {
            forced = &thinking_closing_;
            result.thinking_budget_reached = true;
        }
    }
    if (forced) {
        seq.thinking_forced_closed = true;
        for (Token token : *forced) {
            tokens.push_back(token);
            if ((ended = take(i, token))) break;
        }
    }
    if (ended) {
        finish(i, *ended);
        return {};
    }
    constrain_answer(i);
    return tokens;
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
    prompt_ = prompt;

    if (!options_.answer_grammar.empty()) {
        Sampler probe(model_, samplers.front());
        if (Status s = probe.enable_grammar(model_, options_.answer_grammar); !s) return s;
    }

    results_.assign(n, SequenceResult{});
    live_.clear();
    for (int i = 0; i < n; ++i) live_.push_back(std::make_unique<LiveSequence>(model_, samplers[i], options_));
    // A model that does not think answers from its first token.
    if (!options_.starts_in_thinking) {
        for (int i = 0; i < n; ++i) constrain_answer(i);
    }

    if (options_.thinking_budget > 0) {
        if (Status s = model_.tokenize("\n</think>\n\n", thinking_closing_); !s) return s;
    }
    if (options_.on_token) {
        if (Status s = model_.tokenize(options_.wrap_up + "\n</think>\n\n", wrap_up_); !s) return s;
    }
    // One step decodes a token of every live sequence, plus r1tune's own tokens: llama.cpp
    // aborts on a batch larger than its batch size, so that is refused here.
    const int largest_step = n * (1 + static_cast<int>(std::max(thinking_closing_.size(), wrap_up_.size())));
    if (largest_step > session_.batch_size()) {
        return Status::usage(std::to_string(n) + " sequences need a batch size of at least " +
                             std::to_string(largest_step) + " tokens (--batch-size)");
    }

    session_.clear();
    stats = GenerationStats{};
    stats.prompt_tokens = n_prompt;
    const auto prompt_start = Clock::now();
    if (Status s = session_.decode_prompt(prompt, 0); !s) return s;
    stats.prompt_ms = ms_since(prompt_start);
    for (int i = 1; i < n; ++i) session_.fork(0, i);

    // Every sequence samples its first token from the prompt's last logits.
    for (int i = 0; i < n; ++i) sample(i, -1);

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
            const bool restarting = seq.restart_pending;
            const std::vector<Token> tokens = step_tokens(i);
            if (tokens.empty()) continue;
            const int first_position =
                restarting ? n_prompt - 1 : n_prompt + static_cast<int>(results_[i].tokens.size() - tokens.size());
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

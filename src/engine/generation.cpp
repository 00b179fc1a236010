#include "engine/generation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "engine/model.h"
#include "engine/ngram_draft.h"
#include "engine/session.h"
#include "engine/thinking_budget.h"
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
        case FinishReason::kGrammarStuck: return "grammar_stuck";
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
    // What the next decode step writes into this sequence, from position `first`: the sampled
    // token and any tokens r1tune adds after it.
    std::vector<Token> pending;
    std::vector<Token> written; // what write_after gave it this step
    std::vector<Token> proposed; // speculation's proposals decoded after `pending` this step
    int first = 0;
    int decoded = 0; // KV cells this sequence added after the shared prompt
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

    // Samples sequence i's next token from output `output` of the last decode and acts on it:
    // the strategy hook is asked while those logits are still there (a later decode call of the
    // same step overwrites them).
    void sample(int i, int output);
    // sample(), then on through the step's proposals, which follow `output`, while each draw
    // equals the proposal (its cell and logits are there already); the cells of the rest go.
    void sample_proposed(int i, int output);
    // The proposals sequence i's next step decodes after its pending tokens, within `room` cells.
    void propose(int i, int room);
    // Feeds `token` into sequence i's result and text; returns the finish reason it causes, if any.
    std::optional<FinishReason> take(int i, Token token);
    // Asks on_token what to do after the token sequence i just took from output `output`.
    SequenceAction decide(int i, Token token, int output);
    // Where a sequence's tokens sit in a step's batch: the output its next token is drawn from
    // (its last pending token) and the end of its entries (proposals follow the output).
    struct SampleAt {
        int sequence;
        int output;
        int end;
    };
    // Decodes one step's batch in calls of at most the batch size, never splitting a sequence's
    // tokens, and samples each sequence's next token right after its call.
    Status decode_in_chunks(const std::vector<BatchToken> & batch, const std::vector<SampleAt> & sample_at);
    // Switches on the answer grammar once sequence i's answer has begun.
    void constrain_answer(int i);
    // Throws sequence i's tokens away; its next step re-decodes the prompt's last token.
    void restart(int i);
    // Takes the sampled token into sequence i and sets what its next step decodes, or ends it.
    void advance(int i, Token token, int output);
    // What write_after gives sequence i to write after its token, as tokens (null: nothing).
    const std::vector<Token> * tool_text(int i);

    Session & session_;
    const Model & model_;
    const GenerationOptions & options_;
    ThinkingBudget budget_;
    std::vector<Token> wrap_up_;          // what kCloseThinking writes
    std::vector<Token> prompt_;
    bool cancel_rest_ = false;
    const StreamCallback & on_text_;
    std::vector<SequenceResult> & results_;
    std::vector<std::unique_ptr<LiveSequence>> live_;
    int cells_used_ = 0; // KV cells in use: the prompt once, plus each live sequence's own
    int stats_proposed_ = 0;
    int stats_accepted_ = 0;
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
    if (cancel_rest_) { // a sequence that ended earlier in this round decided for the rest
        finish(i, FinishReason::kCancelled);
        return;
    }
    const Token token = seq.sampler->sample(session_.logits(output));
    if (options_.record_logprobs) {
        const double logprob = log_probability(session_.logits(output), model_.vocab_size(), token);
        results_[i].sum_logprob += logprob;
        ++results_[i].logprob_count;
        if (options_.keep_each_logprob) results_[i].logprobs.push_back({model_.token_text(token), static_cast<float>(logprob)});
    }
    advance(i, token, output);
}

std::optional<FinishReason> Generator::take(int i, Token token) {
    LiveSequence & seq = *live_[i];
    auto & result = results_[i];
    result.tokens.push_back(token);
    if (model_.is_end_of_generation(token)) {
        // A grammar that left no token made the sampler end the answer before it was complete.
        return seq.sampler->grammar_status() ? FinishReason::kEndOfSequence : FinishReason::kGrammarStuck;
    }
    const bool was_thinking = seq.text.channel() == text::Channel::kThinking;
    emit(i, seq.text.feed(model_.token_text(token)));
    if (seq.text.stopped()) return FinishReason::kStopString;
    if (was_thinking && !seq.thinking_forced_closed) ++result.thinking_tokens; // forced tokens are not the model's
    if (static_cast<int>(result.tokens.size()) >= options_.max_tokens) return FinishReason::kMaxTokens;
    return std::nullopt;
}

SequenceAction Generator::decide(int i, Token token, int output) {
    if (!options_.on_token) return SequenceAction::kContinue;
    LiveSequence & seq = *live_[i];
    // The result's text fields are filled at the end; the hook reads tokens and counts.
    const TokenEvent event{token, seq.text.channel(), session_.logits(output), model_.vocab_size(), results_[i]};
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
    if (on_text_) on_text_(StreamEvent{i, text::Channel::kThinking, {}, true});
}

void Generator::constrain_answer(int i) {
    LiveSequence & seq = *live_[i];
    if (options_.answer_grammar.empty() || seq.sampler->grammar_enabled()) return;
    // The answer has begun once the thinking block closed, or, for a model whose prompt did not
    // open one, once answer text came without one: such a model may still open it itself.
    if (seq.text.channel() != text::Channel::kAnswer) return;
    if (!seq.text.thinking_closed() && seq.text.answer().empty()) return;
    // Checked once in run(), so it parses.
    (void)seq.sampler->enable_grammar(model_, options_.answer_grammar);
}

void Generator::advance(int i, Token token, int output) {
    LiveSequence & seq = *live_[i];
    auto & result = results_[i];
    const int n_prompt = static_cast<int>(prompt_.size());
    // The sampled token, and maybe r1tune's own tokens after it: the closing of the thinking
    // block at the budget, or a wrap-up on the strategy's request.
    seq.pending = {token};
    std::optional<FinishReason> ended = take(i, token);
    const std::vector<Token> * forced = nullptr;
    if (!ended) {
        const bool thinking = seq.text.channel() == text::Channel::kThinking && !seq.thinking_forced_closed;
        switch (decide(i, token, output)) {
            case SequenceAction::kContinue: break;
            case SequenceAction::kAbandon: ended = FinishReason::kAbandoned; break;
            case SequenceAction::kRestart:
                restart(i);
                seq.pending = {prompt_.back()}; // decoded again: fresh logits for the new first token
                seq.first = n_prompt - 1;
                return;
            case SequenceAction::kCloseThinking:
                if (thinking) {
                    forced = &wrap_up_;
                    result.wrapped_up = true;
                }
                break;
        }
        if (!ended && !forced && thinking && budget_.reached(result.thinking_tokens)) {
            forced = &budget_.closing();
            result.thinking_budget_reached = true;
        }
        if (forced) {
            seq.thinking_forced_closed = true;
        } else if (!ended && options_.write_after) {
            forced = tool_text(i);
        }
    }
    if (forced) {
        for (Token t : *forced) {
            seq.pending.push_back(t);
            if ((ended = take(i, t))) break;
        }
    }
    if (ended) {
        finish(i, *ended);
        return;
    }
    constrain_answer(i);
    seq.first = n_prompt + static_cast<int>(result.tokens.size()) - static_cast<int>(seq.pending.size());
}

const std::vector<Token> * Generator::tool_text(int i) {
    LiveSequence & seq = *live_[i];
    const std::string text = options_.write_after(i, seq.text.thinking(), seq.text.answer());
    if (text.empty() || !model_.tokenize(text, seq.written, /*parse_special=*/false)) return nullptr;
    // The sampled token and what follows it go into one decode call, which holds a batch. Text
    // longer than that loses its middle, not its end: the end closes what it wrote (an output
    // block's fence), and without it the model would go on inside the block.
    const std::size_t room = static_cast<std::size_t>(session_.batch_size()) - 1;
    if (seq.written.size() > room) {
        const std::size_t tail = room / 2;
        seq.written.erase(seq.written.begin() + static_cast<std::ptrdiff_t>(room - tail),
                          seq.written.end() - static_cast<std::ptrdiff_t>(tail));
    }
    return &seq.written;
}

Status Generator::decode_in_chunks(const std::vector<BatchToken> & batch, const std::vector<SampleAt> & sample_at) {
    const std::size_t limit = static_cast<std::size_t>(session_.batch_size());
    std::size_t start = 0;       // first batch entry of the chunk
    std::size_t next_sample = 0; // first sample_at entry not yet sampled
    while (start < batch.size()) {
        // Whole sequences only: a chunk ends after the last sequence whose tokens still fit.
        std::size_t end = start;
        std::size_t samples_end = next_sample;
        while (samples_end < sample_at.size() && static_cast<std::size_t>(sample_at[samples_end].end) - start <= limit) {
            end = static_cast<std::size_t>(sample_at[samples_end].end);
            ++samples_end;
        }
        if (Status s = session_.decode_step(std::span(batch).subspan(start, end - start)); !s) return s;
        for (; next_sample < samples_end; ++next_sample) {
            const SampleAt & at = sample_at[next_sample];
            sample_proposed(at.sequence, at.output - static_cast<int>(start));
        }
        start = end;
    }
    return Status::ok();
}

void Generator::propose(int i, int room) {
    LiveSequence & seq = *live_[i];
    seq.proposed.clear();
    // Only after a drawn token: text r1tune writes is not the model's to continue from.
    if (options_.speculate <= 0 || seq.pending.size() != 1 || room <= 0) return;
    std::vector<Token> history = prompt_;
    history.insert(history.end(), results_[i].tokens.begin(), results_[i].tokens.end());
    const int left = options_.max_tokens - static_cast<int>(results_[i].tokens.size());
    seq.proposed = propose_from_ngrams(history, std::min({options_.speculate, room, left}));
}

void Generator::sample_proposed(int i, int output) {
    LiveSequence & seq = *live_[i];
    const std::vector<Token> proposed = std::move(seq.proposed);
    seq.proposed.clear();
    const int restarts = results_[i].restarts;
    std::size_t accepted = 0;
    for (;;) {
        sample(i, output);
        if (accepted == proposed.size() || seq.done || results_[i].restarts != restarts) break;
        // The draw must be the proposal, and nothing written after it: then its cell is right.
        if (seq.pending.size() != 1 || seq.pending.front() != proposed[accepted]) break;
        ++accepted;
        ++output;
    }
    stats_proposed_ += static_cast<int>(proposed.size());
    stats_accepted_ += static_cast<int>(accepted);
    if (seq.done || results_[i].restarts != restarts) return; // its cells went with it
    const int dropped = static_cast<int>(proposed.size() - accepted);
    if (dropped > 0) {
        // The proposals' cells from where the next pending token goes are not its history.
        session_.truncate(i, seq.first);
        seq.decoded -= dropped;
        cells_used_ -= dropped;
    }
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

    if (Status s = ThinkingBudget::create(model_, options_.thinking_budget, budget_); !s) return s;
    if (options_.on_token) {
        if (Status s = model_.tokenize(options_.wrap_up + std::string(kThinkingClosing), wrap_up_); !s) return s;
    }
    // One sequence's share of a step: its token plus r1tune's own. A step of many sequences is
    // decoded in several calls when it outgrows the batch size (llama.cpp aborts on a larger one).
    const int largest_share = 1 + static_cast<int>(std::max(budget_.closing().size(), wrap_up_.size()));
    if (largest_share > session_.batch_size()) {
        return Status::usage("a step can write " + std::to_string(largest_share) +
                             " tokens into one sequence, more than the batch size of " +
                             std::to_string(session_.batch_size()) + " (--batch-size)");
    }

    stats = GenerationStats{};
    stats.prompt_tokens = n_prompt;
    const auto prompt_start = Clock::now();
    if (Status s = session_.load_prompt(prompt, n, stats.reused_prompt_tokens); !s) return s;
    stats.prompt_ms = ms_since(prompt_start);

    // The prompt's cells, shared by every sequence (and by the session's prompt holder, which
    // keeps them after this generation): load_prompt left nothing else in the cache.
    cells_used_ = n_prompt;
    // Every sequence samples its first token from the prompt's last logits.
    for (int i = 0; i < n; ++i) sample(i, -1);

    std::vector<BatchToken> batch;
    std::vector<SampleAt> sample_at;
    for (;;) {
        batch.clear();
        sample_at.clear();
        for (int i = 0; i < n; ++i) {
            LiveSequence & seq = *live_[i];
            if (seq.done) continue;
            if (cancel_rest_) { finish(i, FinishReason::kCancelled); continue; }
            const int size = static_cast<int>(seq.pending.size());
            if (seq.first + size > session_.context_size() || cells_used_ + size > session_.context_size()) {
                finish(i, FinishReason::kContextFull);
                continue;
            }
            const int room = std::min(session_.context_size() - seq.first, session_.context_size() - cells_used_) - size;
            propose(i, std::min(room, session_.batch_size() - size));
            for (int k = 0; k < size; ++k) batch.push_back(BatchToken{seq.pending[k], i, seq.first + k, k + 1 == size});
            const int output = static_cast<int>(batch.size()) - 1;
            for (std::size_t k = 0; k < seq.proposed.size(); ++k) {
                batch.push_back(BatchToken{seq.proposed[k], i, seq.first + size + static_cast<int>(k), true});
            }
            sample_at.push_back({i, output, static_cast<int>(batch.size())});
            const int cells = size + static_cast<int>(seq.proposed.size());
            seq.decoded += cells;
            cells_used_ += cells;
        }
        if (cancel_rest_) {
            // A sequence ended during this gather and decided for the rest: skip the step.
            for (const SampleAt & at : sample_at) finish(at.sequence, FinishReason::kCancelled);
            break;
        }
        if (batch.empty()) break;

        const auto step_start = Clock::now();
        if (Status s = decode_in_chunks(batch, sample_at); !s) {
            if (s.kind() != ErrorKind::kInput) return s;
            for (const SampleAt & at : sample_at) {
                if (!live_[at.sequence]->done) finish(at.sequence, FinishReason::kContextFull); // no room left
            }
            break;
        }
        stats.decode_ms += ms_since(step_start);
        stats.decoded_tokens += static_cast<int>(batch.size());
    }
    stats.proposed_tokens = stats_proposed_;
    stats.accepted_tokens = stats_accepted_;
    stats.decoded_tokens -= stats_proposed_ - stats_accepted_; // the rest were never the text's
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

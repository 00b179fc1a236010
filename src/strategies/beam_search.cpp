#include "strategies/beam_search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <span>

#include "strategies/top_tokens.h"
#include "engine/model.h"
#include "engine/thinking_budget.h"
#include "text/output_text.h"
#include "verify/answer_compare.h"

namespace r1tune::strategies {

namespace {

using engine::FinishReason;
using engine::Token;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Beam {
    Beam(bool starts_in_thinking, const std::vector<std::string> & stops) : text(starts_in_thinking, stops) {}

    engine::SequenceId sequence = 0;
    int parent = -1;             // index in the previous step's beams
    int output = -1;             // where its next-token logits are after the last decode
    std::vector<Token> tokens;   // generated so far
    int step_tokens = 0;         // how many of them this step decodes
    double sum_logprob = 0;      // over the tokens the model chose
    int chosen_tokens = 0;
    text::OutputText text;
    int thinking_tokens = 0;
    bool budget_reached = false;
};

struct Candidate {
    int parent;
    Token token;
    double logprob;
    double total; // the parent's log-probability plus this token's
};

// The `k` most likely next tokens of a beam, as candidates.
void best_tokens(const float * logits, int n_vocab, int k, int parent, double parent_logprob,
                 std::vector<RankedToken> & scratch, std::vector<Candidate> & out) {
    top_tokens(logits, n_vocab, k, scratch); // ties go to the lower id, as greedy does: beam:1 is greedy
    for (const RankedToken & t : scratch) out.push_back(Candidate{parent, t.token, t.logprob, parent_logprob + t.logprob});
}

class BeamSearch {
public:
    BeamSearch(engine::Session & session, const BeamOptions & options)
        : session_(session), model_(session.model()), options_(options) {}

    Status run(const std::vector<Token> & prompt, std::vector<Hypothesis> & out, engine::GenerationStats & stats);

private:
    // Appends a token; returns why the beam ended, if it did.
    std::optional<FinishReason> extend(Beam & beam, Token token) const;
    // The beam with the candidate's token (and the thinking block's closing at the budget).
    std::optional<FinishReason> child_of(const Candidate & c, Beam & child) const;
    void keep_hypothesis(Beam & beam, FinishReason reason);
    // Gives every new beam a sequence that holds its parent's cache.
    void follow_in_cache(std::vector<Beam> & next);

    engine::Session & session_;
    const engine::Model & model_;
    const BeamOptions & options_;
    engine::ThinkingBudget budget_;
    std::vector<Beam> beams_;
    std::vector<engine::SequenceId> free_;
    std::vector<Hypothesis> finished_;
};

std::optional<FinishReason> BeamSearch::extend(Beam & beam, Token token) const {
    beam.tokens.push_back(token);
    ++beam.step_tokens;
    if (model_.is_end_of_generation(token)) return FinishReason::kEndOfSequence;
    const bool was_thinking = beam.text.channel() == text::Channel::kThinking;
    beam.text.feed(model_.token_text(token));
    if (beam.text.stopped()) return FinishReason::kStopString;
    if (was_thinking && !beam.budget_reached) ++beam.thinking_tokens;
    if (static_cast<int>(beam.tokens.size()) >= options_.max_tokens) return FinishReason::kMaxTokens;
    return std::nullopt;
}

std::optional<FinishReason> BeamSearch::child_of(const Candidate & c, Beam & child) const {
    child.parent = c.parent;
    child.step_tokens = 0;
    child.sum_logprob = c.total;
    ++child.chosen_tokens;
    std::optional<FinishReason> ended = extend(child, c.token);
    if (!ended && !child.budget_reached && child.text.channel() == text::Channel::kThinking &&
        budget_.reached(child.thinking_tokens)) {
        child.budget_reached = true;
        for (Token forced : budget_.closing()) {
            if ((ended = extend(child, forced))) break;
        }
    }
    if (!ended && options_.write_after) {
        // Written text is data: tokenized without special tokens, a control string in it is plain
        // text. A stop string in it ends the beam, as the model's own would.
        const std::string text = options_.write_after(child.sequence, child.text.thinking(), child.text.answer());
        std::vector<Token> written;
        if (!text.empty() && model_.tokenize(text, written, /*parse_special=*/false)) {
            for (Token forced : written) {
                if ((ended = extend(child, forced))) break;
            }
        }
    }
    return ended;
}

void BeamSearch::keep_hypothesis(Beam & beam, FinishReason reason) {
    beam.text.finish();
    Hypothesis h;
    auto & r = h.result;
    r.thinking = beam.text.thinking();
    r.answer = beam.text.answer();
    r.thinking_closed = beam.text.thinking_closed();
    r.thinking_budget_reached = beam.budget_reached;
    r.thinking_tokens = beam.thinking_tokens;
    r.sum_logprob = beam.sum_logprob;
    r.logprob_count = beam.chosen_tokens;
    r.tokens = std::move(beam.tokens);
    r.finish = reason;
    h.score = beam.sum_logprob / std::pow(static_cast<double>(std::max(1, beam.chosen_tokens)), options_.length_penalty);
    finished_.push_back(std::move(h));
}

void BeamSearch::follow_in_cache(std::vector<Beam> & next) {
    std::vector<int> children(beams_.size(), 0);
    for (const Beam & b : next) ++children[b.parent];
    // Drop the parents without children first: their sequences are free for the copies.
    for (std::size_t p = 0; p < beams_.size(); ++p) {
        if (children[p] == 0) {
            session_.drop(beams_[p].sequence);
            free_.push_back(beams_[p].sequence);
        }
    }
    std::vector<bool> placed(beams_.size(), false);
    for (Beam & b : next) {
        const engine::SequenceId parent_sequence = beams_[b.parent].sequence;
        if (!placed[b.parent]) {
            placed[b.parent] = true; // the first child continues in its parent's sequence
            b.sequence = parent_sequence;
            continue;
        }
        b.sequence = free_.back();
        free_.pop_back();
        session_.fork(parent_sequence, b.sequence); // shares the cells; nothing is copied
    }
}

Status BeamSearch::run(const std::vector<Token> & prompt, std::vector<Hypothesis> & out,
                       engine::GenerationStats & stats) {
    const int width = options_.width;
    const int n_prompt = static_cast<int>(prompt.size());
    if (width < 1) return Status::usage("beam search needs a width of at least 1");
    if (width > session_.sequence_capacity()) {
        return Status::usage("the session holds " + std::to_string(session_.sequence_capacity()) + " sequences, beam:" +
                             std::to_string(width) + " needs " + std::to_string(width));
    }
    if (!(options_.length_penalty >= 0 && options_.length_penalty <= 4)) {
        return Status::usage("the length penalty must be between 0 and 4");
    }
    if (n_prompt + 1 > session_.context_size()) {
        return Status::input("the prompt is " + std::to_string(n_prompt) + " tokens, longer than the context of " +
                             std::to_string(session_.context_size()) + " tokens (raise --ctx-size or shorten the question)");
    }
    if (Status s = engine::ThinkingBudget::create(model_, options_.thinking_budget, budget_); !s) return s;
    if (width > session_.batch_size()) {
        return Status::usage("beam:" + std::to_string(width) + " needs a batch size of at least " +
                             std::to_string(width) + " tokens (--batch-size)");
    }

    stats = engine::GenerationStats{};
    stats.prompt_tokens = n_prompt;
    const auto prompt_start = Clock::now();
    // The first beam is sequence 0; the others fork from the beams as they branch.
    if (Status s = session_.load_prompt(prompt, 1, stats.reused_prompt_tokens); !s) return s;
    stats.prompt_ms = ms_since(prompt_start);

    beams_.assign(1, Beam(options_.starts_in_thinking, options_.stops));
    free_.clear();
    for (int s = width - 1; s >= 1; --s) free_.push_back(s);
    finished_.clear();

    std::vector<Candidate> candidates;
    std::vector<RankedToken> ranked;
    std::vector<engine::BatchToken> batch;
    while (static_cast<int>(finished_.size()) < width) {
        const auto step_start = Clock::now();
        // Twice the width, so that W beams can go on even if W candidates end here.
        candidates.clear();
        for (int b = 0; b < static_cast<int>(beams_.size()); ++b) {
            best_tokens(session_.logits(beams_[b].output), model_.vocab_size(), 2 * width, b, beams_[b].sum_logprob,
                        ranked, candidates);
        }
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const Candidate & a, const Candidate & b) { return a.total > b.total; });

        std::vector<Beam> next;
        for (int rank = 0; rank < static_cast<int>(candidates.size()) && static_cast<int>(next.size()) < width; ++rank) {
            Beam child = beams_[candidates[rank].parent];
            if (std::optional<FinishReason> ended = child_of(candidates[rank], child)) {
                // An ending outside the best W would push out a better beam still going.
                if (rank < width) keep_hypothesis(child, *ended);
                continue;
            }
            next.push_back(std::move(child));
        }
        if (static_cast<int>(finished_.size()) >= width || next.empty()) break;

        follow_in_cache(next);
        beams_ = std::move(next);
        std::size_t longest = 0; // beams differ in length once a closing or an output was written into some
        for (const Beam & b : beams_) longest = std::max(longest, b.tokens.size());
        if (n_prompt + static_cast<int>(longest) > session_.context_size()) {
            for (Beam & b : beams_) keep_hypothesis(b, FinishReason::kContextFull);
            break;
        }
        // The tokens a beam did not choose this step (a closing, a program's output) go into its
        // own sequence first, in batch-sized pieces; then one batch decodes every beam's last
        // token, whose logits rank the next step.
        Status s = Status::ok();
        batch.clear();
        int step_tokens = 0;
        for (Beam & b : beams_) {
            step_tokens += b.step_tokens;
            const int first = n_prompt + static_cast<int>(b.tokens.size()) - b.step_tokens;
            const auto step = std::span<const Token>(b.tokens).last(static_cast<std::size_t>(b.step_tokens));
            if (step.size() > 1 && s) s = session_.decode_prompt(step.first(step.size() - 1), b.sequence, first);
            batch.push_back(engine::BatchToken{step.back(), b.sequence, first + b.step_tokens - 1});
            b.output = static_cast<int>(batch.size()) - 1;
        }
        if (s) s = session_.decode_step(batch);
        if (!s) {
            if (s.kind() != ErrorKind::kInput) return s;
            for (Beam & b : beams_) keep_hypothesis(b, FinishReason::kContextFull); // no room left
            break;
        }
        stats.decode_ms += ms_since(step_start);
        stats.decoded_tokens += step_tokens;
    }
    session_.clear_sequences(); // the beams' cells; a cached prompt stays for the next question

    std::stable_sort(finished_.begin(), finished_.end(),
                     [](const Hypothesis & a, const Hypothesis & b) { return a.score > b.score; });
    if (static_cast<int>(finished_.size()) > width) finished_.resize(width);
    out = std::move(finished_);
    return Status::ok();
}

} // namespace

Status beam_search(engine::Session & session, const std::vector<engine::Token> & prompt, const BeamOptions & options,
                   std::vector<Hypothesis> & out, engine::GenerationStats & stats) {
    BeamSearch search(session, options);
    return search.run(prompt, out, stats);
}

void choose_by_consistency(BeamRun & run, bool rate_question) {
    run.tally = tally(run.ballots, rate_question);
    order_by_verdicts(run.tally, run.verdicts);
    run.chosen = -1;
    run.agreeing = 0;
    if (run.tally.groups.empty()) return;
    const VoteGroup & chosen = run.tally.groups.front();
    run.agreeing = static_cast<int>(chosen.members.size());
    // Within the group a passing beam speaks for it; otherwise the best-scored one.
    run.chosen = checked_representative(chosen, run.ballots, run.verdicts);
}

Status run_beam_consistency(engine::Session & session, const std::vector<engine::Token> & prompt,
                            const BeamRequest & request, BeamRun & out, engine::GenerationStats & stats) {
    out = BeamRun{};
    if (Status s = beam_search(session, prompt, request.beam, out.beams, stats); !s) return s;
    for (const Hypothesis & h : out.beams) {
        Ballot ballot = ballot_of(h.result, request.question);
        ballot.mean_logprob = h.score;
        out.ballots.push_back(std::move(ballot));
        out.verdicts.push_back(request.verify ? request.verify(h.result) : verify::Outcome::kUnknown);
    }
    choose_by_consistency(out, verify::asks_for_rate(request.question));
    return Status::ok();
}

} // namespace r1tune::strategies

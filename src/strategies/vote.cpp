#include "strategies/vote.h"

#include <algorithm>

#include "verify/answer_compare.h"

namespace r1tune::strategies {

bool winner_is_certain(const Tally & tally, int still_running) {
    if (tally.groups.empty()) return false;
    const int leader = static_cast<int>(tally.groups[0].members.size());
    const int runner_up = tally.groups.size() > 1 ? static_cast<int>(tally.groups[1].members.size()) : 0;
    return leader > runner_up + still_running;
}

namespace {

// The tally of every ballot, ordered by the checks' verdicts, and the sample that speaks for the winner.
void decide(VoteRun & out, bool rate_question) {
    out.tally = tally(out.ballots, rate_question);
    order_by_verdicts(out.tally, out.verdicts);
    out.winner =
        out.tally.groups.empty() ? -1 : checked_representative(out.tally.groups.front(), out.ballots, out.verdicts);
}

} // namespace

Status run_vote(engine::Session & session, const std::vector<engine::Token> & prompt, const VoteRequest & request,
                const engine::StreamCallback & on_text, VoteRun & out, engine::GenerationStats & stats) {
    out = request.continues != nullptr ? *request.continues : VoteRun{};
    const int before = static_cast<int>(out.samples.size());
    std::vector<engine::SamplerSettings> samplers;
    for (int i = 0; i < request.samples; ++i) {
        engine::SamplerSettings s = request.sampler;
        s.seed = request.sampler.seed + static_cast<std::uint32_t>(before + i);
        samplers.push_back(s);
    }
    const bool rate_question = verify::asks_for_rate(request.question);
    out.ballots.resize(static_cast<std::size_t>(before + request.samples));
    out.verdicts.resize(out.ballots.size(), verify::Outcome::kUnknown);
    int finished = 0;
    engine::GenerationOptions generation = request.generation;
    generation.record_logprobs = true;
    // A hook already there (the trace guard's) hears of every ending first.
    generation.on_sequence_end = [&, earlier = request.generation.on_sequence_end](int i, const engine::SequenceResult & r) {
        const bool earlier_says_stop = earlier && earlier(i, r);
        ++finished;
        const auto k = static_cast<std::size_t>(before + i);
        out.ballots[k] = ballot_of(r, request.question);
        if (request.verify && !out.ballots[k].answer.empty()) out.verdicts[k] = request.verify(r);
        if (earlier_says_stop) return true;
        if (!request.early_stop) return false;
        if (out.verdicts[k] == verify::Outcome::kPass) return true;
        if (request.wait_for_verification) return false;
        // A leader whose every answer failed a check is no winner to stop for: the samples still
        // running may bring one that holds.
        Tally now = tally(out.ballots, rate_question);
        order_by_verdicts(now, out.verdicts);
        const bool leader_failed =
            !now.groups.empty() && std::all_of(now.groups[0].members.begin(), now.groups[0].members.end(),
                                               [&](int m) { return out.verdicts[m] == verify::Outcome::kFail; });
        return !leader_failed && winner_is_certain(now, request.samples - finished);
    };
    std::vector<engine::SequenceResult> drawn;
    if (Status s = engine::generate(session, prompt, samplers, generation, on_text, drawn, stats); !s) return s;
    for (auto & sample : drawn) out.samples.push_back(std::move(sample));

    // What a cancelled sample would have cost: the mean length of the samples that ran to their
    // own end (not the abandoned ones, which were cut short too).
    out.cancelled = 0;
    out.tokens_saved_estimate = 0;
    int full_tokens = 0, full_samples = 0, cancelled_tokens = 0;
    for (const auto & sample : out.samples) {
        const int n = static_cast<int>(sample.tokens.size());
        if (sample.finish == engine::FinishReason::kCancelled) {
            ++out.cancelled;
            cancelled_tokens += n;
        } else if (sample.finish != engine::FinishReason::kAbandoned) {
            full_tokens += n;
            ++full_samples;
        }
    }
    if (out.cancelled > 0 && full_samples > 0) {
        out.tokens_saved_estimate = std::max(0, out.cancelled * (full_tokens / full_samples) - cancelled_tokens);
    }
    decide(out, rate_question);
    return Status::ok();
}

void count_vote(VoteRun & out, const std::string & question,
                const std::function<verify::Outcome(const engine::SequenceResult &)> & verify) {
    const std::size_t before = out.ballots.size();
    out.ballots.resize(out.samples.size());
    out.verdicts.resize(out.samples.size(), verify::Outcome::kUnknown);
    for (std::size_t k = before; k < out.samples.size(); ++k) {
        out.ballots[k] = ballot_of(out.samples[k], question);
        if (verify && !out.ballots[k].answer.empty()) out.verdicts[k] = verify(out.samples[k]);
    }
    decide(out, verify::asks_for_rate(question));
}

} // namespace r1tune::strategies

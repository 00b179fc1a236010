#include "decode/self_consistency.h"

#include <algorithm>

#include "verify/answer_compare.h"

namespace r1tune::decode {

int Tally::votes() const {
    int n = 0;
    for (const auto & g : groups) n += static_cast<int>(g.members.size());
    return n;
}

Tally tally(const std::vector<Ballot> & ballots, bool rate_question) {
    Tally t;
    for (int i = 0; i < static_cast<int>(ballots.size()); ++i) {
        const Ballot & ballot = ballots[i];
        if (ballot.answer.empty()) {
            ++t.abstentions;
            continue;
        }
        auto same = std::find_if(t.groups.begin(), t.groups.end(), [&](const VoteGroup & g) {
            return verify::same_answer(ballots[g.members.front()].answer, ballot.answer, rate_question);
        });
        if (same == t.groups.end()) same = t.groups.insert(t.groups.end(), VoteGroup{});
        same->members.push_back(i);
    }
    for (auto & g : t.groups) {
        double sum = 0;
        for (int m : g.members) sum += ballots[m].mean_logprob;
        g.mean_logprob = sum / static_cast<double>(g.members.size());
    }
    std::stable_sort(t.groups.begin(), t.groups.end(), [](const VoteGroup & a, const VoteGroup & b) {
        if (a.members.size() != b.members.size()) return a.members.size() > b.members.size();
        return a.mean_logprob > b.mean_logprob;
    });
    return t;
}

bool winner_is_certain(const Tally & tally, int still_running) {
    if (tally.groups.empty()) return false;
    const int leader = static_cast<int>(tally.groups[0].members.size());
    const int runner_up = tally.groups.size() > 1 ? static_cast<int>(tally.groups[1].members.size()) : 0;
    return leader > runner_up + still_running;
}

Status run_vote(engine::Session & session, const std::vector<engine::Token> & prompt, const VoteRequest & request,
                const engine::StreamCallback & on_text, VoteRun & out, engine::GenerationStats & stats) {
    out = VoteRun{};
    std::vector<engine::SamplerSettings> samplers;
    for (int i = 0; i < request.samples; ++i) {
        engine::SamplerSettings s = request.sampler;
        s.seed = request.sampler.seed + static_cast<std::uint32_t>(i);
        samplers.push_back(s);
    }
    const bool rate_question = verify::asks_for_rate(request.question);
    out.ballots.assign(request.samples, Ballot{});
    int finished = 0;
    engine::GenerationOptions generation = request.generation;
    generation.record_logprobs = true;
    generation.on_sequence_end = [&](int i, const engine::SequenceResult & r) {
        ++finished;
        // A sample cut off while still thinking has no answer; the last number of its unfinished
        // thinking would be a random ballot, so it abstains.
        const bool cut_off = r.answer.empty() && !r.thinking_closed && r.finish != engine::FinishReason::kEndOfSequence;
        if (!cut_off) out.ballots[i].answer = verify::extract_answer(r.answer, r.thinking, request.question);
        out.ballots[i].mean_logprob = r.mean_logprob();
        return request.early_stop && winner_is_certain(tally(out.ballots, rate_question), request.samples - finished);
    };
    if (Status s = engine::generate(session, prompt, samplers, generation, on_text, out.samples, stats); !s) return s;

    int finished_tokens = 0;
    for (const auto & sample : out.samples) {
        if (sample.finish == engine::FinishReason::kCancelled) {
            ++out.cancelled;
        } else {
            finished_tokens += static_cast<int>(sample.tokens.size());
        }
    }
    if (out.cancelled > 0 && finished > 0) {
        out.tokens_saved_estimate = out.cancelled * (finished_tokens / finished);
        for (const auto & sample : out.samples) {
            if (sample.finish == engine::FinishReason::kCancelled) {
                out.tokens_saved_estimate -= static_cast<int>(sample.tokens.size());
            }
        }
        out.tokens_saved_estimate = std::max(0, out.tokens_saved_estimate);
    }
    out.tally = tally(out.ballots, rate_question);
    if (!out.tally.groups.empty()) {
        const auto & members = out.tally.groups.front().members;
        out.winner = *std::max_element(members.begin(), members.end(), [&](int a, int b) {
            return out.ballots[a].mean_logprob < out.ballots[b].mean_logprob;
        });
    }
    return Status::ok();
}

} // namespace r1tune::decode

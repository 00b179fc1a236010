#include "decode/self_consistency.h"

#include <algorithm>

#include "verify/answer_compare.h"

namespace r1tune::decode {

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
        out.ballots[i] = ballot_of(r, request.question);
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
    if (!out.tally.groups.empty()) out.winner = representative(out.tally.groups.front(), out.ballots);
    return Status::ok();
}

} // namespace r1tune::decode

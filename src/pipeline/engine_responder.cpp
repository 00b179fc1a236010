#include "pipeline/engine_responder.h"

#include "decode/self_consistency.h"
#include "verify/answer_compare.h"

namespace r1tune::pipeline {

namespace {

void fill(const engine::SequenceResult & r, const engine::GenerationStats & stats, Response & out) {
    out.thinking = r.thinking;
    out.answer = r.answer;
    out.thinking_closed = r.thinking_closed;
    out.thinking_budget_reached = r.thinking_budget_reached;
    out.thinking_tokens = r.thinking_tokens;
    out.finish_reason = std::string(engine::to_string(r.finish));
    out.prompt_tokens = stats.prompt_tokens;
    out.generated_tokens = static_cast<int>(r.tokens.size());
    out.decoded_tokens = stats.decoded_tokens;
    out.prompt_ms = stats.prompt_ms;
    out.decode_ms = stats.decode_ms;
}

} // namespace

Status EngineResponder::respond(const std::vector<engine::ChatMessage> & conversation, Response & out) {
    std::string prompt_text;
    if (Status s = format_.render(conversation, prompt_text); !s) return s;
    std::vector<engine::Token> prompt;
    if (Status s = model_.tokenize(prompt_text, prompt); !s) return s;

    engine::GenerationOptions generation = options_.generation;
    generation.starts_in_thinking = format_.opens_thinking();
    for (const auto & stop : format_.turn_stops()) generation.stops.push_back(stop);
    if (options_.vote_samples > 1) return vote(prompt, generation, out);

    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    if (Status s = engine::generate(session_, prompt, {options_.sampler}, generation, on_text_, results, stats); !s) {
        return s;
    }
    fill(results.front(), stats, out);
    return Status::ok();
}

Status EngineResponder::vote(const std::vector<engine::Token> & prompt, const engine::GenerationOptions & generation,
                             Response & out) {
    decode::VoteRequest request;
    request.question = options_.question;
    request.samples = options_.vote_samples;
    request.sampler = options_.sampler;
    request.generation = generation;
    request.early_stop = options_.vote_early_stop;
    decode::VoteRun run;
    engine::GenerationStats stats;
    // k interleaved streams would be unreadable: a vote shows its result, not its text.
    if (Status s = decode::run_vote(session_, prompt, request, nullptr, run, stats); !s) return s;

    fill(run.samples[run.winner >= 0 ? run.winner : 0], stats, out);
    out.generated_tokens = 0; // the vote's cost is every sample's tokens
    VoteSummary summary;
    summary.samples = request.samples;
    summary.votes = run.tally.votes();
    summary.winner_votes = run.tally.groups.empty() ? 0 : static_cast<int>(run.tally.groups.front().members.size());
    summary.cancelled = run.cancelled;
    summary.tokens_saved_estimate = run.tokens_saved_estimate;
    for (std::size_t i = 0; i < run.samples.size(); ++i) {
        const auto & sample = run.samples[i];
        out.generated_tokens += static_cast<int>(sample.tokens.size());
        const auto & answer = run.ballots[i].answer;
        summary.candidates.push_back({answer.empty() ? "" : verify::describe_answer(answer, options_.language),
                                      std::string(engine::to_string(sample.finish)),
                                      static_cast<int>(sample.tokens.size()), sample.mean_logprob()});
    }
    out.vote = std::move(summary);
    return Status::ok();
}

} // namespace r1tune::pipeline

#include "pipeline/strategy_outcome.h"

#include <algorithm>

#include "verify/answer_compare.h"

namespace r1tune::pipeline {

namespace {

verify::Outcome outcome_of(const feedback::Check & check) {
    switch (feedback::judge(check)) {
        case feedback::Verification::kVerified: return verify::Outcome::kPass;
        case feedback::Verification::kFailed: return verify::Outcome::kFail;
        case feedback::Verification::kConsistent:
        case feedback::Verification::kUnverified: break;
    }
    return verify::Outcome::kUnknown;
}

} // namespace

void fill_response(const engine::SequenceResult & r, const engine::GenerationStats & stats, feedback::Response & out) {
    out.thinking = r.thinking;
    out.answer = r.answer;
    out.thinking_closed = r.thinking_closed;
    out.thinking_budget_reached = r.thinking_budget_reached;
    out.thinking_tokens = r.thinking_tokens;
    out.finish_reason = std::string(engine::to_string(r.finish));
    out.prompt_tokens = stats.prompt_tokens;
    out.reused_prompt_tokens = stats.reused_prompt_tokens;
    out.generated_tokens = static_cast<int>(r.tokens.size());
    out.decoded_tokens = stats.decoded_tokens;
    out.proposed_tokens = stats.proposed_tokens;
    out.accepted_tokens = stats.accepted_tokens;
    out.prompt_ms = stats.prompt_ms;
    out.decode_ms = stats.decode_ms;
    out.logprobs = r.logprobs;
}

void abstain(feedback::Response & out) {
    out.answer.clear();
    out.thinking.clear();
}

verify::Outcome verdict_of(feedback::Checker & checker, const engine::SequenceResult & r) {
    feedback::Response response;
    fill_response(r, engine::GenerationStats{}, response);
    return outcome_of(checker.check(response));
}

feedback::Candidate candidate_of(const strategies::Ballot & ballot, const engine::SequenceResult & r, double score,
                                 verify::Outcome verdict, feedback::Checker * checker, text::Language language) {
    feedback::Candidate c;
    c.answer_summary = ballot.answer.empty() ? "" : verify::describe_answer(ballot.answer, language);
    c.finish_reason = std::string(engine::to_string(r.finish));
    c.tokens = static_cast<int>(r.tokens.size());
    c.score = score;
    c.verdict = std::string(verify::to_string(verdict));
    c.answer = r.answer;
    c.thinking = r.thinking;
    c.logprobs = r.logprobs;
    // The strategy kept only the outcome; a failed sample is checked again for its sentence.
    if (verdict == verify::Outcome::kFail && checker != nullptr) {
        feedback::Response response;
        fill_response(r, engine::GenerationStats{}, response);
        if (const verify::Verdict * failure = feedback::first_failure(checker->check(response))) {
            c.failure = failure->sentence;
        }
    }
    return c;
}

bool vote_settled(const strategies::VoteRun & run) {
    if (run.tally.groups.empty()) return false;
    if (run.verdicts[static_cast<std::size_t>(run.winner)] == verify::Outcome::kPass) return true;
    // All agree and none abstained, on an answer no check refuted.
    const strategies::VoteGroup & group = run.tally.groups.front();
    return group.members.size() == run.samples.size() &&
           std::none_of(group.members.begin(), group.members.end(),
                        [&](int m) { return run.verdicts[static_cast<std::size_t>(m)] == verify::Outcome::kFail; });
}

void fill_vote(const strategies::VoteRun & run, const engine::GenerationStats & stats, feedback::Checker * checker,
               text::Language language, feedback::Response & out) {
    const int chosen = run.winner >= 0 ? run.winner : 0;
    fill_response(run.samples[static_cast<std::size_t>(chosen)], stats, out);
    if (run.winner < 0) abstain(out);
    out.generated_tokens = 0; // the vote's cost is every sample's tokens
    feedback::StrategySummary summary;
    summary.sequences = static_cast<int>(run.samples.size());
    summary.votes = run.tally.votes();
    summary.winner_votes = run.tally.groups.empty() ? 0 : static_cast<int>(run.tally.groups.front().members.size());
    summary.cancelled = run.cancelled;
    summary.tokens_saved_estimate = run.tokens_saved_estimate;
    for (std::size_t i = 0; i < run.samples.size(); ++i) {
        const auto & sample = run.samples[i];
        out.generated_tokens += static_cast<int>(sample.tokens.size());
        summary.candidates.push_back(candidate_of(run.ballots[i], sample, sample.mean_logprob(), run.verdicts[i], checker, language));
    }
    out.strategy = std::move(summary);
}

} // namespace r1tune::pipeline

#include "pipeline/engine_responder.h"

#include "pipeline/strategy_outcome.h"

#include <algorithm>

#include "strategies/beam_search.h"
#include "strategies/vote.h"
#include "verify/answer_compare.h"

namespace r1tune::pipeline {

namespace {

// The programs the answer `r` ran, in its thinking and then in its answer.
std::vector<tools::ToolRun> runs_of(const tools::PythonTool & tool, const engine::SequenceResult & r) {
    std::vector<tools::ToolRun> runs = tool.runs_in(r.thinking);
    for (tools::ToolRun & run : tool.runs_in(r.answer)) runs.push_back(std::move(run));
    return runs;
}

// Two rounds of an adaptive vote add up.
void add(const strategies::GuardCounts & round, strategies::GuardCounts & total) {
    total.loops_wrapped_up += round.loops_wrapped_up;
    total.loops_restarted += round.loops_restarted;
    total.loop_tokens += round.loop_tokens;
    total.abandoned += round.abandoned;
    total.tokens_saved_estimate += round.tokens_saved_estimate;
}

void add(const engine::GenerationStats & round, engine::GenerationStats & total) {
    total.prompt_tokens += round.prompt_tokens; // each round loads the prompt
    total.reused_prompt_tokens += round.reused_prompt_tokens;
    total.decoded_tokens += round.decoded_tokens;
    total.proposed_tokens += round.proposed_tokens;
    total.accepted_tokens += round.accepted_tokens;
    total.prompt_ms += round.prompt_ms;
    total.decode_ms += round.decode_ms;
}

void record(const strategies::GuardCounts & counts, feedback::Response & out) {
    out.interventions.loops_wrapped_up = counts.loops_wrapped_up;
    out.interventions.loops_restarted = counts.loops_restarted;
    out.interventions.loop_tokens = counts.loop_tokens;
}

} // namespace

strategies::TraceGuardOptions EngineResponder::guard_options() const {
    strategies::TraceGuardOptions o = options_.guard;
    o.confidence_filter = options_.strategy.confidence_filter;
    // A quarter of the samples finish before the bar is set (vote:2:conf: the first one).
    o.warmup = std::max(1, (options_.strategy.width + 3) / 4);
    // A restart differs from the looping run only by its seed; near-greedy sampling would walk
    // into the same loop again, so there a loop is wrapped up instead.
    if (options_.sampler.temperature < 0.3f) o.max_restarts = 0;
    return o;
}

bool EngineResponder::holds_special_tokens(const std::string & text) const {
    std::vector<engine::Token> parsed, plain;
    return model_.tokenize(text, parsed, /*parse_special=*/true) && model_.tokenize(text, plain, /*parse_special=*/false) &&
           parsed != plain;
}

Status EngineResponder::prompt_tokens(const std::vector<engine::ChatMessage> & conversation,
                                      const std::string & continuation, std::vector<engine::Token> & out) const {
    // What the user, the notebook or the model wrote is text: a turn marker in it must not become
    // the template's token. Where none of it holds one, the whole prompt is tokenized at once,
    // exactly as the template renders it; otherwise piece by piece (engine/chat_format).
    bool special = holds_special_tokens(continuation);
    for (const engine::ChatMessage & m : conversation) special = special || (m.role != "assistant" && holds_special_tokens(m.content));
    if (!special) {
        std::string prompt_text;
        if (Status s = format_.render(conversation, prompt_text); !s) return s;
        return model_.tokenize(prompt_text + continuation, out);
    }
    std::vector<engine::PromptPiece> pieces;
    if (Status s = format_.render_pieces(conversation, pieces); !s) return s;
    // The continuation: the model's earlier thinking and r1tune's nudge, after the opening.
    if (!continuation.empty()) pieces.push_back({continuation, true});
    out.clear();
    for (const engine::PromptPiece & piece : pieces) {
        std::vector<engine::Token> tokens;
        if (Status s = model_.tokenize(piece.text, tokens, /*parse_special=*/!piece.message_text); !s) return s;
        out.insert(out.end(), tokens.begin(), tokens.end());
    }
    return Status::ok();
}

engine::GenerationOptions EngineResponder::generation_options() const {
    engine::GenerationOptions generation = options_.generation;
    generation.starts_in_thinking = format_.opens_thinking();
    for (const auto & stop : format_.turn_stops()) generation.stops.push_back(stop);
    return generation;
}

Status EngineResponder::respond(const std::vector<engine::ChatMessage> & conversation, feedback::Response & out) {
    std::vector<engine::Token> prompt;
    if (Status s = prompt_tokens(conversation, "", prompt); !s) return s;
    switch (options_.strategy.kind) {
        case prompt::Strategy::Kind::kVote: return vote(prompt, generation_options(), out);
        case prompt::Strategy::Kind::kBeam: return beam(prompt, generation_options(), out);
        case prompt::Strategy::Kind::kPlain: break;
    }
    return single(prompt, generation_options(), out);
}

Status EngineResponder::extend_thinking(const std::vector<engine::ChatMessage> & conversation,
                                        const feedback::Response & previous, const std::string & nudge, feedback::Response & out) {
    if (!format_.opens_thinking()) return feedback::Responder::extend_thinking(conversation, previous, nudge, out);
    // The prompt ends inside the thinking block: everything the model thought, then the nudge.
    const std::string carried = previous.carried_thinking + previous.thinking + "\n\n" + nudge;
    std::vector<engine::Token> prompt;
    if (Status s = prompt_tokens(conversation, carried, prompt); !s) return s;
    if (Status s = single(prompt, generation_options(), out); !s) return s;
    out.carried_thinking = carried;
    return Status::ok();
}

std::unique_ptr<tools::PythonTool> EngineResponder::attach_tool(engine::GenerationOptions & generation) const {
    if (!options_.python_tool) return nullptr;
    tools::PythonToolOptions tool_options;
    tool_options.language = options_.language;
    tool_options.limits.cancel = session_.cancel_flag();
    auto tool = std::make_unique<tools::PythonTool>(tool_options);
    // A model that thinks writes its programs in the thinking, a chat model in its answer.
    generation.write_after = [tool = tool.get()](int, std::string_view thinking, std::string_view answer) {
        return tool->after(answer.empty() ? thinking : answer);
    };
    return tool;
}

Status EngineResponder::single(const std::vector<engine::Token> & prompt, engine::GenerationOptions generation,
                               feedback::Response & out) {
    strategies::TraceGuard guard(guard_options(), 1);
    guard.attach(generation, options_.language);
    const std::unique_ptr<tools::PythonTool> tool = attach_tool(generation);
    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    if (Status s = engine::generate(session_, prompt, {options_.sampler}, generation, on_text_, results, stats); !s) {
        return s;
    }
    fill_response(results.front(), stats, out);
    record(guard.counts(), out);
    if (tool) {
        out.tool_runs = runs_of(*tool, results.front());
        out.programs_run = tool->programs_run();
    }
    return Status::ok();
}

Status EngineResponder::vote(const std::vector<engine::Token> & prompt, const engine::GenerationOptions & generation,
                             feedback::Response & out) {
    const prompt::Strategy & strategy = options_.strategy;
    strategies::GuardCounts counts;
    engine::GenerationStats stats;
    strategies::VoteRun run;
    // One tool for both rounds: it keeps no state per sample, and a program run once is not run again.
    engine::GenerationOptions with_tool = generation;
    const std::unique_ptr<tools::PythonTool> tool = attach_tool(with_tool);
    // One round: `samples` more ballots after those of `earlier`, under a guard of their own (a
    // guard's state belongs to the sequences it watched).
    auto round = [&](int samples, const strategies::VoteRun * earlier) {
        strategies::TraceGuard guard(guard_options(), samples);
        engine::GenerationOptions guarded = with_tool;
        guard.attach(guarded, options_.language);
        strategies::VoteRequest request;
        request.question = options_.question;
        request.samples = samples;
        request.sampler = options_.sampler;
        request.generation = guarded;
        request.early_stop = options_.vote_early_stop;
        request.continues = earlier;
        if (options_.checker != nullptr) {
            request.verify = [this](const engine::SequenceResult & r) { return verdict_of(*options_.checker, r); };
            request.wait_for_verification = options_.checker->can_verify();
        }
        engine::GenerationStats round_stats;
        // k interleaved streams would be unreadable: a vote shows its result, not its text.
        const Status s = strategies::run_vote(session_, prompt, request, nullptr, run, round_stats);
        add(guard.counts(), counts);
        add(round_stats, stats);
        return s;
    };
    // auto:N asks two samples first: when they agree (or the first answer is verified) more
    // samples would rarely change the answer, so the other N - 2 are drawn only when they do not.
    const int first_round = strategy.adaptive ? std::min(2, strategy.width) : strategy.width;
    if (Status s = round(first_round, nullptr); !s) return s;
    if (first_round < strategy.width && !vote_settled(run)) {
        const strategies::VoteRun earlier = run;
        if (Status s = round(strategy.width - first_round, &earlier); !s) return s;
    }

    fill_vote(run, stats, options_.checker, options_.language, out);
    record(counts, out);
    out.strategy->abandoned = counts.abandoned;
    out.strategy->tokens_saved_estimate += counts.tokens_saved_estimate;
    if (tool) {
        const int chosen = run.winner >= 0 ? run.winner : 0;
        out.tool_runs = runs_of(*tool, run.samples[static_cast<std::size_t>(chosen)]);
        out.programs_run = tool->programs_run();
    }
    return Status::ok();
}

Status EngineResponder::beam(const std::vector<engine::Token> & prompt, const engine::GenerationOptions & generation,
                             feedback::Response & out) {
    strategies::BeamRequest request;
    request.question = options_.question;
    request.beam.width = options_.strategy.width;
    request.beam.max_tokens = generation.max_tokens;
    request.beam.stops = generation.stops;
    request.beam.starts_in_thinking = generation.starts_in_thinking;
    request.beam.thinking_budget = generation.thinking_budget;
    // Each beam runs its own programs; beams that share one share its run.
    engine::GenerationOptions with_tool;
    const std::unique_ptr<tools::PythonTool> tool = attach_tool(with_tool);
    request.beam.write_after = with_tool.write_after;
    if (options_.checker != nullptr) {
        request.verify = [this](const engine::SequenceResult & r) { return verdict_of(*options_.checker, r); };
    }
    strategies::BeamRun run;
    engine::GenerationStats stats;
    // Beams are only known once the search ends: like a vote, beam search shows its result.
    if (Status s = strategies::run_beam_consistency(session_, prompt, request, run, stats); !s) return s;
    if (run.beams.empty()) return Status::internal("beam search ended without a single beam");

    const engine::SequenceResult & chosen = run.beams[run.chosen >= 0 ? run.chosen : 0].result;
    fill_response(chosen, stats, out);
    if (tool) {
        out.tool_runs = runs_of(*tool, chosen);
        out.programs_run = tool->programs_run();
    }
    if (run.chosen < 0) abstain(out);
    out.generated_tokens = stats.decoded_tokens; // every beam's tokens, the pruned ones too
    feedback::StrategySummary summary;
    summary.beam = true;
    summary.sequences = request.beam.width;
    summary.votes = run.tally.votes();
    summary.winner_votes = run.agreeing;
    for (std::size_t i = 0; i < run.beams.size(); ++i) {
        summary.candidates.push_back(candidate_of(run.ballots[i], run.beams[i].result, run.beams[i].score, run.verdicts[i],
                                                  options_.checker, options_.language));
    }
    out.strategy = std::move(summary);
    return Status::ok();
}

} // namespace r1tune::pipeline

// The model as the feedback loop sees it: a conversation goes in, one response comes out. The
// loop talks to this interface only, so tests can script the model's replies and the loop can be
// checked without one; pipeline/engine_responder is the real model behind it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/chat_format.h"
#include "engine/generation.h"
#include "tools/tool_run.h"
#include "util/status.h"

namespace r1tune::feedback {

// What a strategy with several sequences saw (vote:N or beam:N): every candidate's answer and
// how the choice went.
struct Candidate {
    std::string answer_summary; // empty: no answer (cut off, cancelled or abandoned)
    std::string finish_reason;
    int tokens = 0;
    double score = 0;           // vote: mean token log-probability; beam: length-normalised log-probability
    std::string verdict;        // "pass" (verified), "fail" or "unknown": what the checks said of it
    std::string failure;        // with "fail": the failed check's sentence
    std::string answer;         // its answer's text (for the notebook's learning; not in the trace)
    std::string thinking;       // its thinking's text (serve's n: each sample is a choice; not in the trace)
    std::vector<engine::TokenLogprob> logprobs; // each sampled token's (serve's logprobs; not in the trace)
};
struct StrategySummary {
    bool beam = false;    // beam search, else a vote
    int sequences = 0;    // samples or beams
    int votes = 0;        // sequences that named an answer
    int winner_votes = 0; // the chosen group's size; winner_votes / sequences is the confidence
    int cancelled = 0;    // vote: samples ended early once the winner was certain
    int abandoned = 0;    // vote:N:conf: samples abandoned for low confidence
    int tokens_saved_estimate = 0; // by cancelling and abandoning
    std::vector<Candidate> candidates;
};

// What r1tune did to the reasoning traces while they ran.
struct TraceInterventions {
    int loops_wrapped_up = 0; // looping traces whose thinking r1tune closed
    int loops_restarted = 0;  // looping traces restarted on a new seed
    int loop_tokens = 0;      // tokens those loops had repeated before they were caught
};

struct Response {
    std::string thinking;         // this attempt's own thinking
    std::string answer;
    // With --feedback wait: what the prompt carried into the thinking block before it (earlier
    // thinking and r1tune's nudges), kept apart so that answers are never read out of r1tune's
    // own words.
    std::string carried_thinking;
    bool thinking_closed = false;
    bool thinking_budget_reached = false; // r1tune closed the thinking block at the budget
    int thinking_tokens = 0;
    std::string finish_reason; // engine::to_string(FinishReason): "end_of_sequence", "max_tokens", "abandoned", …
    int prompt_tokens = 0;
    int reused_prompt_tokens = 0; // of prompt_tokens, taken from the cache (a shared prefix)
    int generated_tokens = 0;
    int decoded_tokens = 0; // went through llama_decode after the prompt (all samples of a vote)
    double prompt_ms = 0;
    double decode_ms = 0;   // decode steps and sampling
    double decode_tokens_per_second() const { return decode_ms > 0 ? decoded_tokens * 1000.0 / decode_ms : 0; }
    int proposed_tokens = 0; // speculation's proposals checked (--spec), and how many held
    int accepted_tokens = 0;
    std::optional<StrategySummary> strategy; // set when the answer came out of a vote or beams
    TraceInterventions interventions;
    // With SolverOptions::record_logprobs: each token the model sampled for this answer, and its
    // log-probability (serve's logprobs; not in the trace).
    std::vector<engine::TokenLogprob> logprobs;
    std::vector<tools::ToolRun> tool_runs; // the programs this answer ran as it reasoned
    int programs_run = 0;                  // by every sequence behind it (a vote's every sample)
};

class Responder {
public:
    virtual ~Responder() = default;
    // Answers the conversation's last user turn.
    virtual Status respond(const std::vector<engine::ChatMessage> & conversation, Response & out) = 0;
    // Answers the same turn again by continuing `previous`'s thinking (carried and own) after `nudge` (written as
    // the model's own thought), instead of starting over. A responder whose model does not think
    // in a block cannot, and says so.
    virtual Status extend_thinking(const std::vector<engine::ChatMessage> & conversation, const Response & previous,
                                   const std::string & nudge, Response & out) {
        (void)conversation, (void)previous, (void)nudge, (void)out;
        return Status::usage("this model does not think in a <think> block, so its thinking cannot be extended");
    }
};

} // namespace r1tune::feedback

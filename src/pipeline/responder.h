// The model as the pipeline sees it: a conversation goes in, one response comes out. The
// feedback loop talks to this interface only, so tests can script the model's replies and the
// loop can be checked without one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/chat_format.h"
#include "util/status.h"

namespace r1tune::pipeline {

// What a self-consistency vote saw: every sample's answer and how the vote went.
struct VoteCandidate {
    std::string answer_summary; // empty: the sample gave no answer (or was cancelled)
    std::string finish_reason;
    int tokens = 0;
    double mean_logprob = 0;
};
struct VoteSummary {
    int samples = 0;
    int votes = 0;        // samples that named an answer
    int winner_votes = 0; // the winning group's size; winner_votes / samples is the confidence
    int cancelled = 0;    // samples ended early once the winner was certain
    int tokens_saved_estimate = 0;
    std::vector<VoteCandidate> candidates;
};

struct Response {
    std::string thinking;
    std::string answer;
    bool thinking_closed = false;
    bool thinking_budget_reached = false; // r1tune closed the thinking block at the budget
    int thinking_tokens = 0;
    std::string finish_reason; // "end_of_sequence", "stop_string", "max_tokens", "context_full", "cancelled"
    int prompt_tokens = 0;
    int generated_tokens = 0;
    int decoded_tokens = 0; // went through llama_decode after the prompt (all samples of a vote)
    double prompt_ms = 0;
    double decode_ms = 0;   // decode steps and sampling
    double decode_tokens_per_second() const { return decode_ms > 0 ? decoded_tokens * 1000.0 / decode_ms : 0; }
    std::optional<VoteSummary> vote; // set when the answer came out of a vote
};

class Responder {
public:
    virtual ~Responder() = default;
    // Answers the conversation's last user turn.
    virtual Status respond(const std::vector<engine::ChatMessage> & conversation, Response & out) = 0;
};

} // namespace r1tune::pipeline

// The model as the pipeline sees it: a conversation goes in, one response comes out. The
// feedback loop talks to this interface only, so tests can script the model's replies and the
// loop can be checked without one.
#pragma once

#include <string>
#include <vector>

#include "engine/chat_format.h"
#include "util/status.h"

namespace r1tune::pipeline {

struct Response {
    std::string thinking;
    std::string answer;
    bool thinking_closed = false;
    bool thinking_budget_reached = false; // r1tune closed the thinking block at the budget
    int thinking_tokens = 0;
    std::string finish_reason; // "end_of_sequence", "stop_string", "max_tokens", "context_full"
    int prompt_tokens = 0;
    int generated_tokens = 0;
    double prompt_ms = 0;
    double decode_ms = 0;
};

class Responder {
public:
    virtual ~Responder() = default;
    // Answers the conversation's last user turn.
    virtual Status respond(const std::vector<engine::ChatMessage> & conversation, Response & out) = 0;
};

} // namespace r1tune::pipeline

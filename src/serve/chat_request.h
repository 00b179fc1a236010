// A chat completion request in the OpenAI shape, read and checked before it reaches the model:
// the messages, the sampler values a client may set, and r1tune's levers in the `r1tune`
// extension object. Every refusal is one sentence that names the field, which the server sends
// back in the OpenAI error shape.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/chat_format.h"
#include "pipeline/solver.h"
#include "util/status.h"

namespace r1tune::serve {

// r1tune's levers for one request; unset ones keep the server's (and so the profile's) choice.
struct Levers {
    std::optional<std::string> strategy;      // plain, vote:N, vote:N:conf, auto:N, beam:N
    std::optional<std::string> profile;       // a profile table: chat, deepseek, guide
    std::optional<std::string> scaffold;      // a scaffold name, none, auto
    std::optional<std::string> answer_format; // free, boxed
    std::optional<std::string> tools;         // python, off
    std::optional<std::string> feedback;      // turn, wait
    std::optional<std::string> check;         // constraints the answer must satisfy
    std::optional<std::string> expect;        // a reference answer
    std::optional<std::string> tests;         // Python tests for the answer's code
    std::optional<int> retries;
    std::optional<int> thinking_budget;
    std::optional<bool> notebook; // false: this question does without the server's notebook
};

struct ChatRequest {
    // The conversation before the question: leading system messages merged into one, then
    // earlier user and assistant turns.
    std::vector<engine::ChatMessage> earlier_turns;
    std::string question; // the last message, a user's
    std::string model;    // the name the client asked for (the server answers with its own model)
    bool stream = false;
    bool stream_usage = false; // stream_options.include_usage: a last chunk with the usage
    pipeline::SamplerOverrides sampler;
    std::optional<float> presence_penalty;
    std::optional<float> frequency_penalty;
    std::optional<std::uint32_t> seed;
    std::optional<int> max_tokens;
    std::vector<std::string> stops;
    int n = 1; // samples, each a choice of the reply: a vote of n in one batch, every sample run to its end
    bool logprobs = false; // each sampled token's log-probability in the reply (no top_logprobs)
    Levers levers;
};

// Reads a request body. Unknown top-level fields are ignored (OpenAI clients send fields a
// server may not use), except those whose meaning r1tune cannot honour (tool calls, a JSON
// answer format, top_logprobs): those are refused rather than silently dropped. Unknown
// fields inside `r1tune` are refused: a mistyped lever must not pass for the default.
Status parse_chat_request(std::string_view body, ChatRequest & out);

} // namespace r1tune::serve

// The server's replies in the OpenAI shape: a chat completion, the chunks of a streamed one, and
// errors. The model's thinking goes in `reasoning_content` (as DeepSeek's API and llama-server
// put it), the answer in `content`; r1tune's trace of the question (route, checks with their
// sentences, every attempt, the verification) rides along in an `r1tune` object that OpenAI
// clients ignore.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/trace.h"
#include "util/status.h"

namespace r1tune::serve {

// What every reply of one completion shares.
struct CompletionHeader {
    std::string id;      // "chatcmpl-…"
    std::int64_t created = 0; // Unix seconds
    std::string model;   // the model the server runs
};

// OpenAI's finish_reason for the pipeline's: "stop" or "length".
std::string finish_reason(const std::string & pipeline_reason);

// Tokens the whole question took, every attempt and sample included.
nlohmann::json usage(const pipeline::SolveTrace & trace);

// What a reply holds beyond the answer: how many samples (each a choice) and their tokens'
// log-probabilities.
struct ReplyShape {
    int n = 1;
    bool logprobs = false;
};

// The reply's choices: the answer, or with n > 1 every sample of the last attempt's vote, each
// {index, message: {role, content, reasoning_content?}, finish_reason, logprobs?}. Log-probabilities
// are OpenAI's {content: [{token, logprob, bytes, top_logprobs: []}]}, over every sampled token
// (a thinking model's thinking too).
nlohmann::json choices(const pipeline::SolveTrace & trace, ReplyShape shape);

nlohmann::json completion(const CompletionHeader & header, const pipeline::SolveTrace & trace, ReplyShape shape = {});

// One streamed chunk whose only choice (`index`) carries `delta` (and `finish`, when given).
nlohmann::json chunk(const CompletionHeader & header, nlohmann::json delta,
                     const std::optional<std::string> & finish = std::nullopt, int index = 0);

// A chunk with no choices: the usage at the end of a stream, or r1tune's own news (an attempt's
// check, a restarted sample), under `r1tune`.
nlohmann::json side_chunk(const CompletionHeader & header, const char * field, nlohmann::json value);

// The HTTP status for a failed request and its body in OpenAI's error shape.
int http_status(const Status & status);
nlohmann::json error_body(const Status & status);
nlohmann::json error_body(const std::string & message, const std::string & type, const std::string & code);

// Text for a server-sent event: "data: …\n\n".
std::string sse_event(const nlohmann::json & payload);

} // namespace r1tune::serve

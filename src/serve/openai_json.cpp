#include "serve/openai_json.h"

namespace r1tune::serve {

using nlohmann::json;

std::string finish_reason(const std::string & pipeline_reason) {
    return pipeline_reason == "max_tokens" || pipeline_reason == "context_full" ? "length" : "stop";
}

json usage(const pipeline::SolveTrace & trace) {
    long long prompt = 0, generated = 0;
    for (const feedback::Attempt & a : trace.loop.attempts) {
        prompt += a.response.prompt_tokens;
        generated += a.response.generated_tokens;
    }
    return {{"prompt_tokens", prompt}, {"completion_tokens", generated}, {"total_tokens", prompt + generated}};
}

namespace {

json logprobs_json(const std::vector<engine::TokenLogprob> & tokens) {
    json content = json::array();
    for (const engine::TokenLogprob & t : tokens) {
        // The bytes as they are: a token may hold part of a character, which the text cannot.
        json bytes = json::array();
        for (const unsigned char b : t.text) bytes.push_back(b);
        content.push_back({{"token", t.text}, {"logprob", t.logprob}, {"bytes", std::move(bytes)}, {"top_logprobs", json::array()}});
    }
    return {{"content", std::move(content)}};
}

json choice(int index, const std::string & answer, const std::string & thinking, const std::string & finish,
            const std::vector<engine::TokenLogprob> * logprobs) {
    json message = {{"role", "assistant"}, {"content", answer}};
    if (!thinking.empty()) message["reasoning_content"] = thinking;
    return {{"index", index},
            {"message", std::move(message)},
            {"finish_reason", finish_reason(finish)},
            {"logprobs", logprobs ? logprobs_json(*logprobs) : json()}};
}

} // namespace

json choices(const pipeline::SolveTrace & trace, ReplyShape shape) {
    const feedback::Response & last = trace.loop.attempts.back().response;
    json out = json::array();
    if (shape.n > 1 && last.strategy) {
        for (const feedback::Candidate & c : last.strategy->candidates) {
            out.push_back(choice(static_cast<int>(out.size()), c.answer, c.thinking, c.finish_reason,
                                 shape.logprobs ? &c.logprobs : nullptr));
        }
    } else {
        out.push_back(choice(0, last.answer, last.thinking, last.finish_reason, shape.logprobs ? &last.logprobs : nullptr));
    }
    return out;
}

json completion(const CompletionHeader & header, const pipeline::SolveTrace & trace, ReplyShape shape) {
    return {{"id", header.id},
            {"object", "chat.completion"},
            {"created", header.created},
            {"model", header.model},
            {"choices", choices(trace, shape)},
            {"usage", usage(trace)},
            {"r1tune", pipeline::to_json(trace)}};
}

json chunk(const CompletionHeader & header, json delta, const std::optional<std::string> & finish, int index) {
    json choice = {{"index", index}, {"delta", std::move(delta)}, {"finish_reason", nullptr}};
    if (finish) choice["finish_reason"] = *finish;
    return {{"id", header.id},
            {"object", "chat.completion.chunk"},
            {"created", header.created},
            {"model", header.model},
            {"choices", json::array({std::move(choice)})}};
}

json side_chunk(const CompletionHeader & header, const char * field, json value) {
    return {{"id", header.id},
            {"object", "chat.completion.chunk"},
            {"created", header.created},
            {"model", header.model},
            {"choices", json::array()},
            {field, std::move(value)}};
}

int http_status(const Status & status) {
    switch (status.kind()) {
        case ErrorKind::kUsage:
        case ErrorKind::kInput: return 400;
        case ErrorKind::kCancelled: return 503; // the server's shutdown, or a client that half-closed
        default: return 500;
    }
}

json error_body(const std::string & message, const std::string & type, const std::string & code) {
    return {{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}};
}

json error_body(const Status & status) {
    const int code = http_status(status);
    return error_body(status.message(), code == 400 ? "invalid_request_error" : "server_error",
                      code == 400 ? "invalid_request" : code == 503 ? "cancelled" : "internal_error");
}

std::string sse_event(const json & payload) {
    // Replace, not throw: a model's text cut mid-character must not end the stream.
    return "data: " + payload.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
}

} // namespace r1tune::serve

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

json completion(const CompletionHeader & header, const pipeline::SolveTrace & trace) {
    const feedback::Response & last = trace.loop.attempts.back().response;
    json message = {{"role", "assistant"}, {"content", last.answer}};
    if (!last.thinking.empty()) message["reasoning_content"] = last.thinking;
    return {{"id", header.id},
            {"object", "chat.completion"},
            {"created", header.created},
            {"model", header.model},
            {"choices", json::array({{{"index", 0}, {"message", message}, {"finish_reason", finish_reason(last.finish_reason)}}})},
            {"usage", usage(trace)},
            {"r1tune", pipeline::to_json(trace)}};
}

json chunk(const CompletionHeader & header, json delta, const std::optional<std::string> & finish) {
    json choice = {{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", nullptr}};
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

#include "serve/chat_request.h"

#include <limits>

#include <nlohmann/json.hpp>

namespace r1tune::serve {

namespace {

using nlohmann::json;

Status wrong_type(const std::string & field, const char * wanted) {
    return Status::input("\"" + field + "\" must be " + wanted);
}

Status read_string(const json & object, const char * key, const std::string & where, std::optional<std::string> & out) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return Status::ok();
    if (!it->is_string()) return wrong_type(where + key, "a string");
    out = it->get<std::string>();
    return Status::ok();
}

template <typename Number>
Status read_number(const json & object, const char * key, Number low, Number high, std::optional<Number> & out,
                   const std::string & where = "") {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return Status::ok();
    const bool integral = std::numeric_limits<Number>::is_integer;
    if (!it->is_number() || (integral && !it->is_number_integer())) {
        return wrong_type(where + key, integral ? "an integer" : "a number");
    }
    const double value = it->get<double>();
    if (value < static_cast<double>(low) || value > static_cast<double>(high)) {
        return Status::input("\"" + where + key + "\" is " + it->dump() + ", outside " + json(low).dump() +
                             " to " + json(high).dump());
    }
    out = integral ? static_cast<Number>(it->get<long long>()) : static_cast<Number>(value);
    return Status::ok();
}

// A message's text: a string, or OpenAI's list of content parts, all of them text.
Status message_text(const json & content, const std::string & where, std::string & out) {
    if (content.is_string()) {
        out = content.get<std::string>();
        return Status::ok();
    }
    if (!content.is_array()) return wrong_type(where + ".content", "a string or an array of text parts");
    out.clear();
    for (const json & part : content) {
        const auto type = part.is_object() ? part.find("type") : part.end();
        if (type == part.end() || *type != "text") {
            return Status::input(where + ".content holds a part that is not text; this model reads text only");
        }
        const auto text = part.find("text");
        if (text == part.end() || !text->is_string()) return wrong_type(where + ".content[].text", "a string");
        out += text->get<std::string>();
    }
    return Status::ok();
}

Status read_messages(const json & messages, ChatRequest & out) {
    if (!messages.is_array() || messages.empty()) return Status::input("\"messages\" must be a non-empty array");
    std::string system;
    bool conversation_started = false;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const std::string where = "messages[" + std::to_string(i) + "]";
        const json & m = messages[i];
        if (!m.is_object()) return wrong_type(where, "an object with a role and a content");
        const auto role = m.find("role");
        const auto content = m.find("content");
        if (role == m.end() || !role->is_string()) return wrong_type(where + ".role", "a string");
        if (content == m.end()) return Status::input(where + " has no content");
        if (m.contains("tool_calls") || m.contains("function_call")) {
            return Status::input(where + " holds tool calls; r1tune runs the model's Python itself and takes none");
        }
        std::string text;
        if (Status s = message_text(*content, where, text); !s) return s;
        const std::string r = role->get<std::string>();
        if (r == "system" || r == "developer") {
            // The chat templates take one system turn, at the start.
            if (conversation_started) {
                return Status::input(where + " is a " + r + " message after the conversation began; put system "
                                     "messages first");
            }
            system += (system.empty() ? "" : "\n\n") + text;
        } else if (r == "user" || r == "assistant") {
            conversation_started = true;
            out.earlier_turns.push_back({r, text});
        } else {
            return Status::input(where + ".role is \"" + r + "\"; r1tune takes system, developer, user and assistant");
        }
    }
    if (out.earlier_turns.empty() || out.earlier_turns.back().role != "user") {
        return Status::input("the last message must be the user's question");
    }
    out.question = std::move(out.earlier_turns.back().content);
    out.earlier_turns.pop_back();
    if (out.question.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Status::input("the last message, the question, is empty");
    }
    if (!system.empty()) out.earlier_turns.insert(out.earlier_turns.begin(), {"system", system});
    return Status::ok();
}

Status read_stops(const json & request, std::vector<std::string> & out) {
    const auto it = request.find("stop");
    if (it == request.end() || it->is_null()) return Status::ok();
    if (it->is_string()) {
        out.push_back(it->get<std::string>());
    } else if (it->is_array()) {
        for (const json & s : *it) {
            if (!s.is_string()) return wrong_type("stop", "a string or an array of strings");
            out.push_back(s.get<std::string>());
        }
    } else {
        return wrong_type("stop", "a string or an array of strings");
    }
    for (const std::string & s : out) {
        if (s.empty()) return Status::input("\"stop\" holds an empty string, which would stop every answer at once");
    }
    return Status::ok();
}

// Fields whose meaning r1tune cannot honour: refused, so a client is not misled by an answer that
// ignored them.
Status refuse_unsupported(const json & request) {
    const auto tools = request.find("tools");
    if ((tools != request.end() && !tools->is_null() && !tools->empty()) || request.contains("functions")) {
        return Status::input("\"tools\": r1tune calls no client tools; its own Python tool is the r1tune.tools lever");
    }
    const auto top = request.find("top_logprobs");
    if (top != request.end() && !top->is_null() && *top != 0) {
        return Status::input("\"top_logprobs\": this server returns the sampled token's log-probability only (\"logprobs\": true)");
    }
    const auto format = request.find("response_format");
    if (format != request.end() && format->is_object() && format->value("type", "text") != "text") {
        return Status::input("\"response_format\" of type " + format->value("type", std::string()) +
                             " is not supported; r1tune.answer_format boxed holds the answer to a \\boxed{} line");
    }
    return Status::ok();
}

Status read_levers(const json & request, Levers & out) {
    const auto it = request.find("r1tune");
    if (it == request.end() || it->is_null()) return Status::ok();
    if (!it->is_object()) return wrong_type("r1tune", "an object of levers");
    static const char * const kText[] = {"strategy", "profile", "scaffold", "answer_format", "tools",
                                         "feedback", "check",   "expect",   "tests"};
    std::optional<std::string> * const text_fields[] = {&out.strategy, &out.profile, &out.scaffold,
                                                        &out.answer_format, &out.tools, &out.feedback,
                                                        &out.check, &out.expect, &out.tests};
    for (const auto & [key, value] : it->items()) {
        bool known = key == "retries" || key == "thinking_budget" || key == "notebook";
        for (const char * k : kText) known = known || key == k;
        if (!known) {
            return Status::input("\"r1tune." + key + "\" is not a lever r1tune knows (strategy, profile, scaffold, "
                                 "answer_format, tools, feedback, check, expect, tests, retries, thinking_budget, notebook)");
        }
    }
    for (std::size_t i = 0; i < std::size(kText); ++i) {
        if (Status s = read_string(*it, kText[i], "r1tune.", *text_fields[i]); !s) return s;
    }
    if (Status s = read_number(*it, "retries", 0, 10, out.retries, "r1tune."); !s) return s;
    if (Status s = read_number(*it, "thinking_budget", 0, 1 << 20, out.thinking_budget, "r1tune."); !s) return s;
    if (const auto notebook = it->find("notebook"); notebook != it->end() && !notebook->is_null()) {
        if (!notebook->is_boolean()) return wrong_type("r1tune.notebook", "true or false");
        out.notebook = notebook->get<bool>();
    }
    return Status::ok();
}

} // namespace

Status parse_chat_request(std::string_view body, ChatRequest & out) {
    out = ChatRequest{};
    json request;
    try {
        request = json::parse(body);
    } catch (const json::exception & e) {
        // nlohmann's message names the byte and what it expected there, invalid UTF-8 and a number
        // too large for a double included.
        return Status::input(std::string("the body is not valid JSON: ") + e.what());
    }
    if (!request.is_object()) return Status::input("the body must be a JSON object");
    const auto messages = request.find("messages");
    if (messages == request.end()) return Status::input("\"messages\" is missing");
    if (Status s = refuse_unsupported(request); !s) return s;
    if (Status s = read_messages(*messages, out); !s) return s;

    std::optional<std::string> model;
    if (Status s = read_string(request, "model", "", model); !s) return s;
    out.model = model.value_or("");
    const auto stream = request.find("stream");
    if (stream != request.end() && !stream->is_null()) {
        if (!stream->is_boolean()) return wrong_type("stream", "true or false");
        out.stream = stream->get<bool>();
    }
    const auto options = request.find("stream_options");
    if (options != request.end() && options->is_object()) out.stream_usage = options->value("include_usage", false);

    auto & sampler = out.sampler;
    if (Status s = read_number(request, "temperature", 0.0f, 2.0f, sampler.temperature); !s) return s;
    if (Status s = read_number(request, "top_p", 0.0f, 1.0f, sampler.top_p); !s) return s;
    if (Status s = read_number(request, "top_k", 0, 1 << 20, sampler.top_k); !s) return s;
    if (Status s = read_number(request, "min_p", 0.0f, 1.0f, sampler.min_p); !s) return s;
    if (Status s = read_number(request, "repeat_penalty", 0.0f, 10.0f, sampler.repeat_penalty); !s) return s;
    if (Status s = read_number(request, "presence_penalty", -2.0f, 2.0f, out.presence_penalty); !s) return s;
    if (Status s = read_number(request, "frequency_penalty", -2.0f, 2.0f, out.frequency_penalty); !s) return s;
    std::optional<long long> seed;
    if (Status s = read_number(request, "seed", 0LL, static_cast<long long>(UINT32_MAX), seed); !s) return s;
    if (seed) out.seed = static_cast<std::uint32_t>(*seed);
    // Newer clients send max_completion_tokens, older ones max_tokens.
    for (const char * key : {"max_completion_tokens", "max_tokens"}) {
        if (Status s = read_number(request, key, 1, 1 << 20, out.max_tokens); !s) return s;
        if (out.max_tokens) break;
    }
    if (Status s = read_stops(request, out.stops); !s) return s;
    std::optional<int> n;
    if (Status s = read_number(request, "n", 1, 256, n); !s) return s;
    out.n = n.value_or(1);
    const auto logprobs = request.find("logprobs");
    if (logprobs != request.end() && !logprobs->is_null()) {
        if (!logprobs->is_boolean()) return wrong_type("logprobs", "true or false");
        out.logprobs = logprobs->get<bool>();
    }
    return read_levers(request, out.levers);
}

} // namespace r1tune::serve

#include "remote/chat_completion.h"

#include <algorithm>

#include "text/utf8.h"

namespace r1tune::remote {

namespace {

using json = nlohmann::json;

std::string quote_start(std::string_view body) {
    constexpr std::size_t kQuoted = 200;
    const std::string_view start = body.substr(0, kQuoted);
    // Cut at a character's end, so a message in Chinese stays text.
    const std::string_view whole = start.substr(0, text::complete_utf8_prefix(start));
    return text::is_valid_utf8(whole) ? std::string(whole) : "(not text)";
}

std::string string_field(const json & object, const char * name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Adds the log-probabilities of a choice's (or a chunk's) "logprobs": {"content": [{"logprob": x}, …]}.
void add_logprobs(const json & choice, Choice & out) {
    const auto logprobs = choice.find("logprobs");
    if (logprobs == choice.end() || !logprobs->is_object()) return;
    const auto content = logprobs->find("content");
    if (content == logprobs->end() || !content->is_array()) return;
    for (const json & token : *content) {
        if (token.is_object() && token.contains("logprob") && token["logprob"].is_number()) {
            out.sum_logprob += token["logprob"].get<double>();
            ++out.logprob_count;
        }
    }
}

void read_usage(const json & reply, Completion & out) {
    const auto usage = reply.find("usage");
    if (usage == reply.end() || !usage->is_object()) return;
    if (usage->contains("prompt_tokens") && (*usage)["prompt_tokens"].is_number_integer()) {
        out.prompt_tokens = (*usage)["prompt_tokens"].get<long long>();
    }
    if (usage->contains("completion_tokens") && (*usage)["completion_tokens"].is_number_integer()) {
        out.completion_tokens = (*usage)["completion_tokens"].get<long long>();
    }
}

// A server that sends its thinking apart has closed the block once the answer began, or once
// the model stopped on its own.
void settle_thinking(bool had_reasoning, Choice & c) {
    if (had_reasoning && (!c.answer.empty() || c.finish_reason == "stop")) c.thinking_closed = true;
}

} // namespace

json to_json(const CompletionRequest & r) {
    json messages = json::array();
    for (const auto & m : r.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
    json body = {{"messages", std::move(messages)},
                 {"temperature", r.sampler.temperature},
                 {"top_p", r.sampler.top_p},
                 {"seed", r.sampler.seed},
                 {"n", r.n},
                 {"stream", r.stream}};
    if (!r.model.empty()) body["model"] = r.model;
    // Outside OpenAI's own fields, but llama-server and vLLM read them; only sent when they do
    // something, so that a strict server meets them only where they matter.
    if (r.sampler.top_k > 0) body["top_k"] = r.sampler.top_k;
    if (r.sampler.min_p > 0) body["min_p"] = r.sampler.min_p;
    if (r.sampler.repeat_penalty != 1.0f) { // llama-server's name, and vLLM's
        body["repeat_penalty"] = r.sampler.repeat_penalty;
        body["repetition_penalty"] = r.sampler.repeat_penalty;
    }
    if (r.sampler.presence_penalty != 0) body["presence_penalty"] = r.sampler.presence_penalty;
    if (r.sampler.frequency_penalty != 0) body["frequency_penalty"] = r.sampler.frequency_penalty;
    if (r.max_tokens > 0) body["max_tokens"] = r.max_tokens;
    if (!r.stops.empty()) body["stop"] = r.stops;
    if (r.logprobs) body["logprobs"] = true;
    if (r.stream) body["stream_options"] = {{"include_usage", true}};
    return body;
}

Status parse_completion(std::string_view body, Completion & out) {
    out = Completion{};
    const json reply = json::parse(body, nullptr, false);
    if (!reply.is_object() || !reply.contains("choices") || !reply["choices"].is_array()) {
        return Status::io("the backend's reply is not a chat completion: " + quote_start(body));
    }
    for (const json & c : reply["choices"]) {
        if (!c.is_object() || !c.contains("message") || !c["message"].is_object()) {
            return Status::io("the backend's reply has a choice without a message: " + quote_start(body));
        }
        const json & message = c["message"];
        const std::string reasoning = string_field(message, "reasoning_content");
        const text::SplitText split = text::split_thinking(string_field(message, "content"), false);
        Choice choice;
        choice.thinking = reasoning + split.thinking;
        choice.answer = split.answer;
        choice.thinking_closed = split.thinking_closed;
        choice.finish_reason = string_field(c, "finish_reason");
        settle_thinking(!reasoning.empty(), choice);
        add_logprobs(c, choice);
        const std::size_t index = c.contains("index") && c["index"].is_number_unsigned()
                                      ? c["index"].get<std::size_t>() : out.choices.size();
        if (index >= reply["choices"].size()) return Status::io("the backend's reply has a choice out of order");
        if (out.choices.size() <= index) out.choices.resize(index + 1);
        out.choices[index] = std::move(choice);
    }
    read_usage(reply, out);
    return Status::ok();
}

std::string error_sentence(const std::string & url, long code, std::string_view body) {
    const json reply = json::parse(body, nullptr, false);
    std::string message;
    if (reply.is_object() && reply.contains("error")) {
        const json & error = reply["error"];
        message = error.is_object() ? string_field(error, "message") : error.is_string() ? error.get<std::string>() : "";
    }
    if (message.empty()) message = quote_start(body);
    return url + " answered " + std::to_string(code) + (message.empty() ? "" : ": " + message);
}

Choice & CompletionStream::choice(std::size_t index) {
    if (completion_.choices.size() <= index) {
        completion_.choices.resize(index + 1);
        while (splitters_.size() <= index) splitters_.emplace_back(false);
    }
    return completion_.choices[index];
}

void CompletionStream::read_event(const std::string & data, std::vector<Delta> & out) {
    if (data == "[DONE]") {
        done_ = true;
        return;
    }
    const json chunk = json::parse(data, nullptr, false);
    // A garbled event would cut the answer short without a word: the stream is broken.
    if (!chunk.is_object()) {
        if (error_.empty()) {
            error_ = "an event that is not a JSON object: " + quote_start(data);
            garbled_ = true;
        }
        return;
    }
    if (chunk.contains("error")) {
        const json & error = chunk["error"];
        error_ = error.is_object() ? string_field(error, "message") : error.dump();
        garbled_ = false;
    }
    read_usage(chunk, completion_);
    if (!chunk.contains("choices") || !chunk["choices"].is_array()) return;
    for (const json & c : chunk["choices"]) {
        if (!c.is_object()) continue;
        const std::size_t index = c.contains("index") && c["index"].is_number_unsigned() ? c["index"].get<std::size_t>() : 0;
        // A bound on what a server may claim: r1tune never asks for more than this many samples.
        constexpr std::size_t kMostChoices = 1024;
        if (index >= kMostChoices) continue;
        Choice & target = choice(index);
        const json delta = c.value("delta", json::object());
        if (!delta.is_object()) continue;
        const std::string reasoning = string_field(delta, "reasoning_content");
        if (!reasoning.empty()) {
            target.thinking += reasoning;
            out.push_back({static_cast<int>(index), {text::Channel::kThinking, reasoning}});
            text_seen_ = true;
            reasoning_seen_.resize(std::max(reasoning_seen_.size(), index + 1), false);
            reasoning_seen_[index] = true;
        }
        const std::string content = string_field(delta, "content");
        if (!content.empty()) {
            text_seen_ = true;
            for (text::Span & span : splitters_[index].feed(content)) {
                (span.channel == text::Channel::kThinking ? target.thinking : target.answer) += span.text;
                out.push_back({static_cast<int>(index), std::move(span)});
            }
        }
        add_logprobs(c, target);
        const std::string finish = string_field(c, "finish_reason");
        if (!finish.empty()) target.finish_reason = finish;
    }
}

std::vector<CompletionStream::Delta> CompletionStream::feed(std::string_view bytes) {
    std::vector<Delta> out;
    buffer_.append(bytes);
    // Servers may end their lines with CRLF (sse-starlette does); a CR left at the end waits for
    // its LF in the next piece.
    if (buffer_.find("\r\n") != std::string::npos) {
        std::string lf;
        lf.reserve(buffer_.size());
        for (std::size_t i = 0; i < buffer_.size(); ++i) {
            if (buffer_[i] != '\r' || i + 1 == buffer_.size() || buffer_[i + 1] != '\n') lf += buffer_[i];
        }
        buffer_.swap(lf);
    }
    const std::size_t first = buffer_.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && buffer_[first] == '{' && !done_ && completion_.choices.empty()) whole_reply_ = true;
    if (whole_reply_) return out;
    std::size_t end;
    while ((end = buffer_.find("\n\n")) != std::string::npos) {
        const std::string event = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        // An event's data is its data lines joined by newlines (most servers write one); other
        // fields (event:, id:, comments) say nothing r1tune reads.
        std::string data;
        bool has_data = false;
        std::size_t line_start = 0;
        while (line_start < event.size()) {
            std::size_t line_end = event.find('\n', line_start);
            if (line_end == std::string::npos) line_end = event.size();
            const std::string_view line(event.data() + line_start, line_end - line_start);
            if (line.rfind("data:", 0) == 0) {
                std::string_view value = line.substr(5);
                if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
                if (has_data) data += '\n';
                data += value;
                has_data = true;
            }
            line_start = line_end + 1;
        }
        if (has_data) read_event(data, out);
    }
    return out;
}

Status CompletionStream::finish(std::vector<Delta> & last, Completion & out) {
    last.clear();
    if (whole_reply_) {
        if (Status s = parse_completion(buffer_, out); !s) return s;
        for (std::size_t i = 0; i < out.choices.size(); ++i) {
            const Choice & c = out.choices[i];
            if (!c.thinking.empty()) last.push_back({static_cast<int>(i), {text::Channel::kThinking, c.thinking}});
            if (!c.answer.empty()) last.push_back({static_cast<int>(i), {text::Channel::kAnswer, c.answer}});
        }
        return Status::ok();
    }
    // A garbled stream is the server's fault. An error it reported about this answer
    // (llama-server's parser refusing what the model wrote, a prompt past its context) is the
    // question's, as a 4xx would be: an evaluation records it on the item and goes on, where
    // asking again would only meet it again.
    if (garbled_) return Status::io("the backend's stream ended with an error: " + error_);
    if (!error_.empty()) return Status::input("the backend's stream ended with an error: " + error_);
    for (std::size_t i = 0; i < completion_.choices.size(); ++i) {
        Choice & c = completion_.choices[i];
        for (text::Span & span : splitters_[i].finish()) {
            (span.channel == text::Channel::kThinking ? c.thinking : c.answer) += span.text;
            last.push_back({static_cast<int>(i), std::move(span)});
        }
        c.thinking_closed = c.thinking_closed || splitters_[i].thinking_was_closed();
        settle_thinking(i < reasoning_seen_.size() && reasoning_seen_[i], c);
    }
    const bool every_choice_ended = std::all_of(completion_.choices.begin(), completion_.choices.end(),
                                                [](const Choice & c) { return !c.finish_reason.empty(); });
    if (!done_ && (completion_.choices.empty() || !every_choice_ended)) {
        return Status::io("the backend's stream broke off before the answer was complete");
    }
    out = completion_;
    return Status::ok();
}

engine::FinishReason finish_reason_of(const std::string & server_reason) {
    return server_reason == "length" ? engine::FinishReason::kMaxTokens : engine::FinishReason::kEndOfSequence;
}

} // namespace r1tune::remote

// The OpenAI chat-completions protocol as r1tune speaks it to a remote backend (llama-server,
// vLLM, SGLang, another r1tune serve): the request, the whole reply, and a streamed reply read
// event by event. Thinking arrives as `reasoning_content` (DeepSeek's API, llama-server) or as a
// <think> block inside `content` (a server that passes the model's text through): both end up
// in Choice::thinking.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/chat_format.h"
#include "engine/generation.h"
#include "engine/sampler.h"
#include "text/thinking_split.h"
#include "util/status.h"

namespace r1tune::remote {

struct CompletionRequest {
    std::string model; // the backend's model id; empty: the field is left out
    std::vector<engine::ChatMessage> messages;
    engine::SamplerSettings sampler;
    int max_tokens = 0; // 0: the server's limit
    std::vector<std::string> stops;
    int n = 1;             // samples of the same prompt
    bool logprobs = false; // each sampled token's log-probability (a vote's tie-break)
    bool stream = false;
};

nlohmann::json to_json(const CompletionRequest & request);

struct Choice {
    std::string thinking;
    std::string answer;
    bool thinking_closed = false;
    std::string finish_reason; // as the server said it: "stop", "length", …
    double sum_logprob = 0;    // over the tokens the server gave log-probabilities for
    int logprob_count = 0;
};

struct Completion {
    std::vector<Choice> choices; // in the server's index order
    long long prompt_tokens = -1; // -1: the server gave no usage
    long long completion_tokens = -1;
};

// A whole (not streamed) reply. A body that is not a chat completion is an I/O error (the
// server's fault) that quotes its start.
Status parse_completion(std::string_view body, Completion & out);

// The sentence for a reply that is not 200: the OpenAI error's message when it has one.
std::string error_sentence(const std::string & url, long code, std::string_view body);

// A streamed reply, fed as bytes arrive. Each choice's text goes through a thinking splitter,
// so spans come out in their channel as soon as they are known. A server that ignored "stream"
// and sent one whole JSON reply is read as that (parse_completion) when it ends.
class CompletionStream {
public:
    struct Delta {
        int choice;
        text::Span span;
    };

    // Reads every complete event in `bytes` (and any kept from before); returns the new text.
    std::vector<Delta> feed(std::string_view bytes);
    // After the last byte: what the splitters held back, and the completion as a whole. An event
    // that is not JSON, or a stream that never said [DONE] or finished a choice, is an I/O error;
    // an error event (the server's word on this answer) an input error.
    Status finish(std::vector<Delta> & last, Completion & out);

    bool text_seen() const { return text_seen_; }
    const std::string & error() const { return error_; }

private:
    void read_event(const std::string & data, std::vector<Delta> & out);
    Choice & choice(std::size_t index);

    std::string buffer_;
    bool whole_reply_ = false; // the body began with '{': not events
    Completion completion_;
    std::vector<text::ThinkingSplitter> splitters_;
    std::vector<bool> reasoning_seen_; // per choice: thinking came as reasoning_content
    bool done_ = false;
    bool text_seen_ = false;
    std::string error_;
    bool garbled_ = false; // error_ is an event that was not JSON, not the server's own error
};

// A choice's finish_reason in r1tune's terms: "length" is the token limit, anything else the end
// of the turn (a stop string too: the protocol does not tell them apart).
engine::FinishReason finish_reason_of(const std::string & server_reason);

} // namespace r1tune::remote

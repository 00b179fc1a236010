// A remote OpenAI-compatible server that r1tune's pipeline runs on top of (`--backend URL`):
// llama-server, vLLM, SGLang, another `r1tune serve`, or a cluster behind a load balancer.
// Connecting asks the server for its models, so a wrong URL, a refused key or a server that is
// not OpenAI-shaped fails at once with a sentence, not at the first question.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "remote/chat_completion.h"
#include "util/status.h"

namespace r1tune::remote {

struct BackendOptions {
    std::string url;     // http(s)://host:port, with or without a trailing /v1
    std::string model;   // the server's model id; empty: the first it lists
    std::string api_key; // empty: none
    long timeout_seconds = 3600; // a long reasoning answer on a slow machine
};

class OpenAiBackend {
public:
    static Status connect(BackendOptions options, OpenAiBackend & out);

    const std::string & url() const { return base_; }
    const std::string & model() const { return options_.model; }
    // The model's chat template where the server shows it (llama-server's /props); else empty.
    const std::string & chat_template() const { return chat_template_; }

    // One chat completion (the model is filled in), streamed: each piece of text goes to
    // `on_delta` (may be empty) as it arrives. A request the server refuses (400, 413, 422, …) is
    // an input error, any other reply but 200 an I/O error, each with the server's own message.
    using DeltaCallback = std::function<void(const CompletionStream::Delta &)>;
    Status complete(CompletionRequest request, Completion & out, const DeltaCallback & on_delta = {},
                    const std::atomic<bool> * cancel = nullptr) const;

    // What the server refused once (a 4xx when asked for it), so it is not asked again: several
    // samples in one request (`n`), the tokens' log-probabilities. Shared by the backend's copies
    // and threads.
    bool takes_n() const { return !refused_->n; }
    bool takes_logprobs() const { return !refused_->logprobs; }
    void refuse_n() const { refused_->n = true; }
    void refuse_logprobs() const { refused_->logprobs = true; }

private:
    struct Refused {
        std::atomic<bool> n{false};
        std::atomic<bool> logprobs{false};
    };
    std::shared_ptr<Refused> refused_ = std::make_shared<Refused>();
    BackendOptions options_;
    std::string base_; // the URL without a trailing slash or /v1
    std::string chat_template_;
};

} // namespace r1tune::remote

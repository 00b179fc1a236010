#include "remote/openai_backend.h"

#include <algorithm>

#include "remote/http_client.h"

namespace r1tune::remote {

namespace {

using json = nlohmann::json;

bool starts_with(const std::string & s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

} // namespace

Status OpenAiBackend::connect(BackendOptions options, OpenAiBackend & out) {
    std::string base = options.url;
    if (!starts_with(base, "http://") && !starts_with(base, "https://")) {
        return Status::usage("--backend takes an http:// or https:// URL, not '" + options.url + "'");
    }
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.size() >= 3 && base.compare(base.size() - 3, 3, "/v1") == 0) base.resize(base.size() - 3);

    HttpRequest request;
    request.url = base + "/v1/models";
    request.api_key = options.api_key;
    request.timeout_seconds = 30;
    HttpReply reply;
    if (Status s = http_exchange(request, reply); !s) return s;
    if (reply.code == 401 || reply.code == 403) {
        return Status::usage(error_sentence(request.url, reply.code, reply.body) +
                             (options.api_key.empty() ? " (it wants an API key: --backend-key or R1TUNE_BACKEND_KEY)"
                                                      : " (it refused the API key)"));
    }
    if (reply.code != 200) return Status::io(error_sentence(request.url, reply.code, reply.body));
    const json models = json::parse(reply.body, nullptr, false);
    if (!models.is_object() || !models.contains("data") || !models["data"].is_array()) {
        return Status::io(request.url + " did not list models as an OpenAI-compatible server does");
    }
    std::vector<std::string> ids;
    for (const json & m : models["data"]) {
        if (m.is_object() && m.contains("id") && m["id"].is_string()) ids.push_back(m["id"].get<std::string>());
    }
    if (options.model.empty()) {
        if (ids.empty()) return Status::io(request.url + " lists no model");
        options.model = ids.front();
    } else if (std::find(ids.begin(), ids.end(), options.model) == ids.end()) {
        std::string listed;
        for (const auto & id : ids) listed += (listed.empty() ? "" : ", ") + id;
        return Status::usage("the backend has no model '" + options.model + "'" +
                             (listed.empty() ? std::string() : "; it lists " + listed));
    }
    // Only some servers show the template; one that does not is no error.
    request.url = base + "/props";
    if (http_exchange(request, reply) && reply.code == 200) {
        const json props = json::parse(reply.body, nullptr, false);
        if (props.is_object() && props.contains("chat_template") && props["chat_template"].is_string()) {
            out.chat_template_ = props["chat_template"].get<std::string>();
        }
    }
    out.options_ = std::move(options);
    out.base_ = std::move(base);
    return Status::ok();
}

Status OpenAiBackend::complete(CompletionRequest r, Completion & out, const DeltaCallback & on_delta,
                               const std::atomic<bool> * cancel) const {
    r.model = options_.model;
    // Always streamed: a cancelled request ends at the next event, and servers parse a
    // stream's text more leniently than a whole reply's (llama-server refuses some whole replies
    // of a model whose output strays from its template).
    r.stream = true;
    HttpRequest request;
    request.url = base_ + "/v1/chat/completions";
    request.body = to_json(r).dump(-1, ' ', false, json::error_handler_t::replace);
    request.api_key = options_.api_key;
    request.timeout_seconds = options_.timeout_seconds;
    request.cancel = cancel;
    CompletionStream stream;
    request.on_bytes = [&](std::string_view bytes) {
        for (const auto & delta : stream.feed(bytes)) {
            if (on_delta) on_delta(delta);
        }
    };
    HttpReply reply;
    if (Status s = http_exchange(request, reply); !s) return s;
    // A request the server refuses (a field it does not take, a prompt longer than its context)
    // is the input's fault; the rest (busy, broken, gone) the server's.
    const bool refused = reply.code >= 400 && reply.code < 500 && reply.code != 401 && reply.code != 403 &&
                         reply.code != 404 && reply.code != 408 && reply.code != 429;
    if (refused) return Status::input(error_sentence(request.url, reply.code, reply.body));
    if (reply.code != 200) return Status::io(error_sentence(request.url, reply.code, reply.body));
    std::vector<CompletionStream::Delta> last;
    if (Status s = stream.finish(last, out); !s) return s;
    for (const auto & delta : last) {
        if (on_delta) on_delta(delta);
    }
    return Status::ok();
}

} // namespace r1tune::remote

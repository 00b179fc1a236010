#include "serve/http_api.h"

#include <sys/socket.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <random>

#include <httplib.h>

#include "serve/api_key.h"
#include "serve/chat_request.h"
#include "serve/job.h"
#include "serve/model_worker.h"
#include "serve/openai_json.h"
#include "serve/web_page.h"

namespace r1tune::serve {

namespace {

using nlohmann::json;

// The host part of a Host header or an origin's authority ("localhost:8080" → "localhost",
// "[::1]:80" → "::1").
std::string host_name(std::string_view authority) {
    if (authority.starts_with("[")) {
        const std::size_t end = authority.find(']');
        return std::string(authority.substr(1, end == std::string_view::npos ? authority.npos : end - 1));
    }
    return std::string(authority.substr(0, authority.find(':')));
}

bool is_loopback_name(const std::string & host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// Why a browser's request from another site, or one sent to a name that is not this loopback
// server's, is refused; empty when it is fine. Without this, any web page the user opens could
// drive the model (a form needs no CORS), and a DNS-rebinding page could read the answers.
std::string foreign_request(const httplib::Request & req, const ApiOptions & options) {
    const std::string host = req.get_header_value("Host");
    // Browsers always send Host; a client without one (HTTP/1.0) cannot be a rebinding page.
    if (!host.empty() && is_loopback_name(host_name(options.host)) && !is_loopback_name(host_name(host))) {
        return "this server listens on loopback and answers requests for a loopback host only, not \"" + host + "\"";
    }
    const std::string origin = req.get_header_value("Origin");
    const std::size_t scheme = origin.find("://");
    if (!origin.empty() && (scheme == std::string::npos || origin.substr(scheme + 3) != host)) {
        return "a cross-origin request (from " + origin + ") is refused; use the page this server serves";
    }
    return {};
}

// How often a waiting HTTP thread looks at its client and the job.
constexpr std::chrono::milliseconds kLook{200};

void send_json(httplib::Response & res, int status, const json & body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response & res, int status, const std::string & message, const std::string & type,
                const std::string & code) {
    send_json(res, status, error_body(message, type, code));
}

std::string completion_id() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    char text[32];
    std::snprintf(text, sizeof text, "chatcmpl-%016llx", static_cast<unsigned long long>(random()));
    return text;
}

ReplyShape shape_of(const ChatRequest & request) { return {request.n, request.logprobs}; }

// Turns a job's events into server-sent events, as they arrive.
class EventStream {
public:
    EventStream(std::shared_ptr<Job> job, CompletionHeader header, ModelWorker & worker)
        : job_(std::move(job)), header_(std::move(header)), worker_(worker) {}

    // Writes what arrived since the last call, and the ending once the job is done (the sink is
    // then done). False when the client is gone: the job is cancelled and the stream aborted.
    bool pump(httplib::DataSink & sink, const std::function<bool()> & client_gone) {
        if (!started_) {
            started_ = true;
            if (!sink.write(opening().data(), opening().size())) return fail();
        }
        JobUpdate update = job_->take(kLook);
        std::string out;
        for (const JobEvent & e : update.events) out += event_text(e);
        if (update.finished) out += ending(update);
        if (!out.empty() && !sink.write(out.data(), out.size())) return fail();
        if (client_gone()) return fail();
        if (update.finished) sink.done();
        return true;
    }

    bool fail() {
        worker_.withdraw(job_);
        return false;
    }

private:
    std::string opening() const { return sse_event(chunk(header_, {{"role", "assistant"}, {"content", ""}})); }

    std::string event_text(const JobEvent & e) const {
        switch (e.kind) {
            case JobEvent::Kind::kText: {
                // Until no check can send the answer back, what the model writes is work, not the answer.
                const bool answer = e.channel == text::Channel::kAnswer && job_->answer_streams_live();
                return sse_event(chunk(header_, {{answer ? "content" : "reasoning_content", e.text}}));
            }
            case JobEvent::Kind::kAttempt:
                return sse_event(side_chunk(header_, "r1tune", {{"event", "attempt"}, {"round", e.round}, {"check", e.check}}));
            case JobEvent::Kind::kRestart:
                return sse_event(side_chunk(header_, "r1tune", {{"event", "restart"}}));
        }
        return {};
    }

    std::string ending(const JobUpdate & update) const {
        std::string out;
        if (!update.status) {
            out += sse_event(error_body(update.status));
        } else {
            const pipeline::SolveTrace & trace = *update.trace;
            const ReplyShape shape = shape_of(job_->request());
            for (const json & c : choices(trace, shape)) {
                const int index = c["index"].get<int>();
                const json & message = c["message"];
                if (shape.n > 1) {
                    // The samples were drawn together and streamed nothing as they went: each whole.
                    if (message.contains("reasoning_content")) {
                        out += sse_event(chunk(header_, {{"reasoning_content", message["reasoning_content"]}}, std::nullopt, index));
                    }
                    out += sse_event(chunk(header_, {{"content", message["content"]}}, std::nullopt, index));
                } else if (!job_->answer_streams_live()) {
                    out += sse_event(chunk(header_, {{"content", message["content"]}}));
                }
                // The tokens' log-probabilities ride on each choice's last chunk.
                json last = chunk(header_, json::object(), c["finish_reason"].get<std::string>(), index);
                if (shape.logprobs) last["choices"][0]["logprobs"] = c["logprobs"];
                out += sse_event(last);
            }
            out += sse_event(side_chunk(header_, "r1tune", {{"event", "verdict"}, {"trace", pipeline::to_json(trace)}}));
            if (job_->request().stream_usage) out += sse_event(side_chunk(header_, "usage", usage(trace)));
        }
        return out + "data: [DONE]\n\n";
    }

    std::shared_ptr<Job> job_;
    CompletionHeader header_;
    ModelWorker & worker_;
    bool started_ = false;
};

void chat_completions(const httplib::Request & req, httplib::Response & res, ModelWorker & worker,
                      const ApiOptions & options) {
    ChatRequest request;
    if (Status s = parse_chat_request(req.body, request); !s) {
        send_json(res, 400, error_body(s));
        return;
    }
    const bool stream = request.stream;
    auto job = std::make_shared<Job>(std::move(request));
    Status why;
    switch (worker.submit(job, why)) {
        case Admission::kQueued: break;
        case Admission::kRefused: send_json(res, http_status(why), error_body(why)); return;
        case Admission::kFull:
            send_error(res, 429, "the server is busy: its queue is full; try again shortly", "server_error", "queue_full");
            return;
        case Admission::kClosing:
            send_error(res, 503, "the server is shutting down", "server_error", "shutting_down");
            return;
    }
    const CompletionHeader header{completion_id(), static_cast<std::int64_t>(std::time(nullptr)), options.model_name};
    // cpp-httplib's own look at the socket: whether the client closed its end.
    const std::function<bool()> client_gone = req.is_connection_closed;
    if (stream) {
        auto events = std::make_shared<EventStream>(job, header, worker);
        res.set_header("Cache-Control", "no-cache");
        res.set_chunked_content_provider(
            "text/event-stream",
            [events, client_gone](std::size_t, httplib::DataSink & sink) { return events->pump(sink, client_gone); },
            [job, &worker](bool complete) {
                if (!complete) worker.withdraw(job); // the client went away mid-stream
            });
        return;
    }
    for (;;) {
        JobUpdate update = job->take(kLook);
        if (update.finished) {
            if (!update.status) {
                send_json(res, http_status(update.status), error_body(update.status));
            } else {
                send_json(res, 200, completion(header, *update.trace, shape_of(job->request())));
            }
            return;
        }
        if (client_gone()) worker.withdraw(job); // the worker then stops, or never starts, and finishes the job
    }
}

} // namespace

void install_api(httplib::Server & server, ModelWorker & worker, const ApiOptions & options) {
    // Every waiting request holds an HTTP thread: enough for the queue, the answer in progress
    // and the light routes, so a full queue answers 429 instead of leaving connections unaccepted.
    const std::size_t threads = static_cast<std::size_t>(options.queue_limit) + 8;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // A client that sends its request slower than this (or stops reading a stream) is let go, so
    // slow connections cannot hold every thread.
    server.set_read_timeout(10, 0);
    server.set_write_timeout(10, 0);
    // cpp-httplib's default, SO_REUSEPORT, lets a second server bind a port already in use and
    // take half its connections; SO_REUSEADDR alone still allows a quick restart.
    server.set_socket_options([](socket_t sock) {
        const int one = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    });
    server.set_payload_max_length(options.max_body_bytes);
    server.set_pre_routing_handler([&options](const httplib::Request & req, httplib::Response & res) {
        if (const std::string why = foreign_request(req, options); !why.empty()) {
            send_error(res, 403, why, "invalid_request_error", "forbidden");
            return httplib::Server::HandlerResponse::Handled;
        }
        const bool guarded = req.path.rfind("/v1/", 0) == 0 || req.path.rfind("/r1tune/", 0) == 0;
        if (guarded && !authorized(req.get_header_value("Authorization"), options.api_key)) {
            send_error(res, 401, "a valid API key is needed: send \"Authorization: Bearer KEY\"", "invalid_request_error",
                       "invalid_api_key");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_error_handler([&options](const httplib::Request & req, httplib::Response & res) {
        if (!res.body.empty()) return;
        if (res.status == 413) {
            send_error(res, 413, "the request body is larger than " + std::to_string(options.max_body_bytes) + " bytes",
                       "invalid_request_error", "body_too_large");
        } else if (res.status == 404) {
            send_error(res, 404, "no such endpoint: " + req.method + " " + req.path, "invalid_request_error", "not_found");
        } else {
            send_error(res, res.status, "the request could not be served", "invalid_request_error", "bad_request");
        }
    });
    server.set_exception_handler([](const httplib::Request &, httplib::Response & res, std::exception_ptr e) {
        std::string what = "unknown error";
        try {
            if (e) std::rethrow_exception(e);
        } catch (const std::exception & ex) {
            what = ex.what();
        } catch (...) {
        }
        send_error(res, 500, "internal error: " + what, "server_error", "internal_error");
    });

    server.Get(R"(/|/[a-z_]+\.(js|css))", [](const httplib::Request & req, httplib::Response & res) {
        WebFile file;
        if (!find_web_file(req.path, file)) {
            send_error(res, 404, "no such page: " + req.path, "invalid_request_error", "not_found");
            return;
        }
        res.set_content(std::string(file.text), std::string(file.content_type));
    });
    server.Get("/health", [&worker](const httplib::Request &, httplib::Response & res) {
        const ModelWorker::Load load = worker.load();
        send_json(res, 200,
                  {{"status", load.closing ? "stopping" : "ok"},
                   {"requests", {{"answering", load.answering}, {"waiting", load.waiting}}}});
    });
    server.Get("/v1/models", [&options](const httplib::Request &, httplib::Response & res) {
        send_json(res, 200,
                  {{"object", "list"},
                   {"data", json::array({{{"id", options.model_name}, {"object", "model"}, {"created", 0}, {"owned_by", "r1tune"}}})}});
    });
    server.Post("/v1/chat/completions", [&worker, &options](const httplib::Request & req, httplib::Response & res) {
        chat_completions(req, res, worker, options);
    });
}

} // namespace r1tune::serve

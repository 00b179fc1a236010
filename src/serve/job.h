// One request on its way through the server: the HTTP thread that received it waits on it, the
// worker that owns the model runs it, and the two meet here. The worker streams text and attempt
// events into it and finally the outcome; the HTTP thread takes what arrived since it last
// looked, and cancels the job when its client hangs up (the session then stops decoding).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/trace.h"
#include "serve/chat_request.h"
#include "text/thinking_split.h"
#include "util/status.h"

namespace r1tune::serve {

// Something the client may be shown while the job runs.
struct JobEvent {
    enum class Kind {
        kText,    // model text: `channel` says thinking or answer
        kAttempt, // an attempt was checked: `check` is its check as the trace shows it, `round` its round
        kRestart, // a looping sample started over: what it streamed is void
    };
    Kind kind = Kind::kText;
    text::Channel channel = text::Channel::kAnswer;
    std::string text;
    nlohmann::json check;
    int round = 0;
};

// What the HTTP side finds when it looks.
struct JobUpdate {
    std::vector<JobEvent> events; // since the last look
    bool finished = false;
    Status status;                          // with finished: how it ended
    std::optional<pipeline::SolveTrace> trace; // with finished and ok: every decision and attempt
};

class Job {
public:
    explicit Job(ChatRequest request) : request_(std::move(request)) {}

    const ChatRequest & request() const { return request_; }
    // Whether the answer's text may stream as the final answer while it is written: only when no
    // check could send it back for another attempt. Set before the job is queued.
    void set_answer_streams_live(bool live) { answer_streams_live_ = live; }
    bool answer_streams_live() const { return answer_streams_live_; }

    // The worker's side.
    void add(JobEvent event);
    void finish(Status status, std::optional<pipeline::SolveTrace> trace);

    // The HTTP side: waits up to `timeout` for anything new, then hands it over.
    JobUpdate take(std::chrono::milliseconds timeout);
    void cancel() { cancelled_.store(true); }
    bool cancelled() const { return cancelled_.load(); }
    // What the session polls while it decodes for this job.
    const std::atomic<bool> & cancel_flag() const { return cancelled_; }

private:
    const ChatRequest request_;
    bool answer_streams_live_ = false;
    std::atomic<bool> cancelled_{false};
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<JobEvent> events_;
    bool finished_ = false;
    bool handed_over_ = false; // the outcome was taken: later looks find nothing
    Status status_;
    std::optional<pipeline::SolveTrace> trace_;
};

} // namespace r1tune::serve

// The one thread that owns the model. Requests are planned on the HTTP threads (so a bad lever
// is refused at once), then wait in a bounded queue; the worker answers them one at a time
// through the pipeline, in one session whose prompt cells carry over from request to request
// (the longest shared prefix, e.g. a system prompt and scaffold, is not evaluated again).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "notebook/notebook_store.h"
#include "notebook/retrieval.h"
#include "pipeline/runtime.h"
#include "serve/job.h"
#include "serve/request_plan.h"

namespace r1tune::serve {

struct WorkerOptions {
    pipeline::SolverOptions solver; // the server's command line: every request starts from it
    std::optional<std::uint32_t> seed; // every request's seed unless it names one; unset: a random one each
    int queue_limit = 16;           // requests that may wait while one is answered
    // The mistake notebook whose entries go in front of each question (null: none), within the
    // retrieval's budget, and where corrected mistakes are recorded (null: nowhere). Only the
    // worker's thread uses them.
    notebook::NotebookStore * notebook = nullptr;
    notebook::RetrievalOptions retrieval;
    notebook::NotebookStore * learn_into = nullptr;
};

enum class Admission {
    kQueued,
    kRefused, // the request cannot run as asked: the status says why (an HTTP 400)
    kFull,    // the queue is full: try again later (an HTTP 429)
    kClosing, // the server is shutting down (an HTTP 503)
};

class ModelWorker {
public:
    // `runtime` must hold an open session; it stays the caller's and must outlive the worker.
    ModelWorker(pipeline::Runtime & runtime, WorkerOptions options);
    ~ModelWorker();
    ModelWorker(const ModelWorker &) = delete;
    ModelWorker & operator=(const ModelWorker &) = delete;

    const pipeline::Runtime & runtime() const { return runtime_; }

    // Plans the job's request and queues it. With kRefused, `why` says what is wrong.
    Admission submit(const std::shared_ptr<Job> & job, Status & why);

    // Takes a job its client left out of the queue, so that it neither waits for its turn nor
    // holds a place; a job already running is stopped by its cancel flag instead.
    void withdraw(const std::shared_ptr<Job> & job);

    // How many requests are being answered (0 or 1) and how many wait: /health reports them.
    struct Load {
        int answering = 0;
        int waiting = 0;
        bool closing = false; // shutting down: the answer in progress finishes, nothing new starts
    };
    Load load() const;

    // Stops taking requests, cancels those still waiting, gives the one being answered `grace`
    // to finish and then cancels it, and returns once the worker thread has ended.
    void shut_down(std::chrono::milliseconds grace);

private:
    struct Queued {
        std::shared_ptr<Job> job;
        RequestPlan planned;
    };
    void work();
    void answer(Queued & queued);

    pipeline::Runtime & runtime_;
    const WorkerOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Queued> queue_;
    std::shared_ptr<Job> running_;
    bool closing_ = false;
    std::thread thread_;
};

} // namespace r1tune::serve

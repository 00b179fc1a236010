// The threads that answer with the model. Requests are planned on the HTTP threads (so a bad
// lever is refused at once), then wait in a bounded queue; --parallel threads each take one and
// answer it through the pipeline. A local model gives each thread a lane of one context: their
// decode steps run together in one batch, and a lane's prompt cells carry over from request to
// request (the longest shared prefix, e.g. a system prompt and scaffold, is not evaluated
// again). A remote server batches the requests as it can.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "notebook/notebook_store.h"
#include "notebook/retrieval.h"
#include "pipeline/model_backend.h"
#include "serve/job.h"
#include "serve/request_plan.h"

namespace r1tune::serve {

struct WorkerOptions {
    pipeline::SolverOptions solver; // the server's command line: every request starts from it
    std::optional<std::uint32_t> seed; // every request's seed unless it names one; unset: a random one each
    int queue_limit = 16;           // requests that may wait while one is answered
    // The mistake notebook whose entries go in front of each question (null: none), within the
    // retrieval's budget, and where corrected mistakes are recorded (null: nowhere). Only the
    // worker's threads use them, one at a time.
    notebook::NotebookStore * notebook = nullptr;
    notebook::RetrievalOptions retrieval;
    notebook::NotebookStore * learn_into = nullptr;
    // The widest vote or beam a request may ask for (a local session's sequences); 0: no limit.
    int widest = 0;
    int parallel = 1; // requests answered at once (a local model's lanes)
};

enum class Admission {
    kQueued,
    kRefused, // the request cannot run as asked: the status says why (an HTTP 400)
    kFull,    // the queue is full: try again later (an HTTP 429)
    kClosing, // the server is shutting down (an HTTP 503)
};

class ModelWorker {
public:
    // `model` (a local one's runtime with an open session) stays the caller's and must outlive
    // the worker; several answering threads need a model whose runs keep no shared state (remote).
    ModelWorker(pipeline::ModelBackend & model, WorkerOptions options);
    ~ModelWorker();
    ModelWorker(const ModelWorker &) = delete;
    ModelWorker & operator=(const ModelWorker &) = delete;

    // Plans the job's request and queues it. With kRefused, `why` says what is wrong.
    Admission submit(const std::shared_ptr<Job> & job, Status & why);

    // Takes a job its client left out of the queue, so that it neither waits for its turn nor
    // holds a place; a job already running is stopped by its cancel flag instead.
    void withdraw(const std::shared_ptr<Job> & job);

    // How many requests are being answered and how many wait: /health reports them.
    struct Load {
        int answering = 0;
        int waiting = 0;
        bool closing = false; // shutting down: the answer in progress finishes, nothing new starts
    };
    Load load() const;

    // Stops taking requests, cancels those still waiting, gives those being answered `grace` to
    // finish and then cancels them, and returns once the worker threads have ended.
    void shut_down(std::chrono::milliseconds grace);

private:
    struct Queued {
        std::shared_ptr<Job> job;
        RequestPlan planned;
    };
    void work();
    void answer(Queued & queued);

    pipeline::ModelBackend & model_;
    const WorkerOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable answered_; // a running job ended
    std::deque<Queued> queue_;
    std::vector<std::shared_ptr<Job>> running_;
    bool closing_ = false;
    bool shut_ = false;
    std::mutex notebook_mutex_;
    std::vector<std::thread> threads_;
};

} // namespace r1tune::serve

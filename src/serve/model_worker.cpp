#include "serve/model_worker.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "feedback/loop.h"
#include "pipeline/notebook_consult.h"
#include "pipeline/trace.h"

namespace r1tune::serve {

ModelWorker::ModelWorker(pipeline::Runtime & runtime, WorkerOptions options)
    : runtime_(runtime), options_(std::move(options)), thread_([this] { work(); }) {}

ModelWorker::~ModelWorker() { shut_down(std::chrono::milliseconds(0)); }

Admission ModelWorker::submit(const std::shared_ptr<Job> & job, Status & why) {
    static thread_local std::mt19937 random_seeds{std::random_device{}()};
    Queued queued{job, {}};
    why = plan_request(job->request(), options_.solver, runtime_.family(), options_.seed.value_or(random_seeds()),
                       queued.planned);
    if (!why) return Admission::kRefused;
    if (job->request().levers.notebook.value_or(false) && options_.notebook == nullptr) {
        why = Status::input("\"r1tune.notebook\": this server has no notebook (start it with --notebook)");
        return Admission::kRefused;
    }
    const int width = queued.planned.plan.profile.strategy.width;
    const int capacity = runtime_.session().sequence_capacity();
    if (width > capacity) {
        why = Status::input(prompt::to_string(queued.planned.plan.profile.strategy) + " needs " + std::to_string(width) +
                            " sequences and this server holds " + std::to_string(capacity) +
                            " (start it with --sequences " + std::to_string(width) + ")");
        return Admission::kRefused;
    }
    job->set_answer_streams_live(answer_is_final_as_written(queued.planned));
    {
        std::lock_guard lock(mutex_);
        if (closing_) return Admission::kClosing;
        // The limit counts requests that wait: an idle worker takes one even with no room to wait.
        const bool idle = !running_ && queue_.empty();
        if (!idle && static_cast<int>(queue_.size()) >= options_.queue_limit) return Admission::kFull;
        queue_.push_back(std::move(queued));
    }
    wake_.notify_all();
    return Admission::kQueued;
}

void ModelWorker::withdraw(const std::shared_ptr<Job> & job) {
    job->cancel();
    {
        std::lock_guard lock(mutex_);
        const auto it = std::find_if(queue_.begin(), queue_.end(), [&](const Queued & q) { return q.job == job; });
        if (it == queue_.end()) return;
        queue_.erase(it);
    }
    job->finish(Status::cancelled("the client hung up before its turn"), std::nullopt);
}

ModelWorker::Load ModelWorker::load() const {
    std::lock_guard lock(mutex_);
    return {running_ ? 1 : 0, static_cast<int>(queue_.size()), closing_};
}

void ModelWorker::shut_down(std::chrono::milliseconds grace) {
    std::deque<Queued> dropped;
    std::shared_ptr<Job> running;
    {
        std::lock_guard lock(mutex_);
        if (!thread_.joinable()) return;
        closing_ = true;
        dropped.swap(queue_);
        running = running_;
    }
    wake_.notify_all();
    for (Queued & q : dropped) {
        q.job->finish(Status::cancelled("the server is shutting down"), std::nullopt);
    }
    if (running) {
        // The running job's own take() wakes on its finish; poll rather than wait on it here, since
        // the HTTP side owns that conversation.
        const auto deadline = std::chrono::steady_clock::now() + grace;
        for (;;) {
            {
                std::lock_guard lock(mutex_);
                if (running_ != running) break;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                running->cancel();
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    thread_.join();
}

void ModelWorker::work() {
    for (;;) {
        Queued next;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
            if (queue_.empty()) return; // closing
            next = std::move(queue_.front());
            queue_.pop_front();
            running_ = next.job;
        }
        // Nothing may end the worker with a client waiting: an exception is that request's error.
        try {
            answer(next);
        } catch (const std::exception & e) {
            runtime_.session().cancel_when(nullptr);
            next.job->finish(Status::internal(std::string("the answer failed: ") + e.what()), std::nullopt);
        }
        std::lock_guard lock(mutex_);
        running_.reset();
    }
}

void ModelWorker::answer(Queued & queued) {
    Job & job = *queued.job;
    if (job.cancelled()) { // its client left as its turn came
        job.finish(Status::cancelled("the client hung up before its turn"), std::nullopt);
        return;
    }
    const pipeline::Solver & solver = queued.planned.solver;
    pipeline::SolvePlan & plan = queued.planned.plan;
    const bool notebook = options_.notebook != nullptr && job.request().levers.notebook.value_or(true);
    if (notebook) {
        if (Status s = pipeline::consult_notebook(*options_.notebook, options_.retrieval, runtime_.model(), plan); !s) {
            job.finish(s, std::nullopt);
            return;
        }
    }
    engine::Session & session = runtime_.session();
    session.cancel_when(&job.cancel_flag());
    pipeline::SolveTrace trace = pipeline::start_trace(plan, solver, runtime_);
    const auto on_text = [&job](const engine::StreamEvent & e) {
        if (e.restarted) {
            job.add({JobEvent::Kind::kRestart, e.channel, "", nullptr, 0});
        } else {
            job.add({JobEvent::Kind::kText, e.channel, std::string(e.text), nullptr, 0});
        }
    };
    const auto on_attempt = [&job](const feedback::Attempt & attempt, int round) {
        job.add({JobEvent::Kind::kAttempt, text::Channel::kAnswer, attempt.response.answer,
                 pipeline::to_json(attempt.check), round});
    };
    const Status status = solver.run(plan, runtime_, on_text, on_attempt, trace.loop);
    session.cancel_when(nullptr);
    if (status) {
        for (const std::string & line :
             pipeline::record_question(notebook ? options_.notebook : nullptr, notebook ? options_.learn_into : nullptr,
                                       plan, trace.loop, runtime_.model_path().filename().string())) {
            std::fprintf(stderr, "r1tune serve: %s\n", line.c_str());
        }
        job.finish(status, std::move(trace));
    } else {
        job.finish(status, std::nullopt);
    }
}

} // namespace r1tune::serve

#include "serve/model_worker.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "feedback/loop.h"
#include "pipeline/notebook_consult.h"
#include "pipeline/trace.h"

namespace r1tune::serve {

ModelWorker::ModelWorker(pipeline::ModelBackend & model, WorkerOptions options)
    : model_(model), options_(std::move(options)) {
    for (int i = 0; i < std::max(1, options_.parallel); ++i) threads_.emplace_back([this] { work(); });
}

ModelWorker::~ModelWorker() { shut_down(std::chrono::milliseconds(0)); }

Admission ModelWorker::submit(const std::shared_ptr<Job> & job, Status & why) {
    static thread_local std::mt19937 random_seeds{std::random_device{}()};
    Queued queued{job, {}};
    why = plan_request(job->request(), options_.solver, model_.family(), options_.seed.value_or(random_seeds()),
                       queued.planned);
    if (!why) return Admission::kRefused;
    if (why = model_.can_run(queued.planned.solver, queued.planned.plan); !why) {
        why = Status::input(why.message());
        return Admission::kRefused;
    }
    if (job->request().levers.notebook.value_or(false) && options_.notebook == nullptr) {
        why = Status::input("\"r1tune.notebook\": this server has no notebook (start it with --notebook)");
        return Admission::kRefused;
    }
    const int width = queued.planned.plan.profile.strategy.width;
    if (options_.widest > 0 && width > options_.widest) {
        why = Status::input(prompt::to_string(queued.planned.plan.profile.strategy) + " needs " + std::to_string(width) +
                            " sequences and this server holds " + std::to_string(options_.widest) +
                            " (start it with --sequences " + std::to_string(width) + ")");
        return Admission::kRefused;
    }
    job->set_answer_streams_live(answer_is_final_as_written(queued.planned));
    {
        std::lock_guard lock(mutex_);
        if (closing_) return Admission::kClosing;
        // The limit counts requests that wait: an idle thread takes one even with no room to wait.
        const bool idle = static_cast<int>(running_.size()) + static_cast<int>(queue_.size()) < std::max(1, options_.parallel);
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
    return {static_cast<int>(running_.size()), static_cast<int>(queue_.size()), closing_};
}

void ModelWorker::shut_down(std::chrono::milliseconds grace) {
    std::deque<Queued> dropped;
    {
        std::lock_guard lock(mutex_);
        if (shut_) return;
        shut_ = true;
        closing_ = true;
        dropped.swap(queue_);
    }
    wake_.notify_all();
    for (Queued & q : dropped) {
        q.job->finish(Status::cancelled("the server is shutting down"), std::nullopt);
    }
    {
        // The answers in progress get the grace period, then their cancel flags.
        std::unique_lock lock(mutex_);
        if (!answered_.wait_for(lock, grace, [this] { return running_.empty(); })) {
            for (const auto & job : running_) job->cancel();
        }
    }
    for (std::thread & t : threads_) t.join();
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
            running_.push_back(next.job);
        }
        // Nothing may end the worker with a client waiting: an exception is that request's error.
        try {
            answer(next);
        } catch (const std::exception & e) {
            next.job->finish(Status::internal(std::string("the answer failed: ") + e.what()), std::nullopt);
        }
        {
            std::lock_guard lock(mutex_);
            running_.erase(std::find(running_.begin(), running_.end(), next.job));
        }
        answered_.notify_all();
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
        // The notebook's connection is the workers' one: one of them reads or writes at a time.
        std::lock_guard lock(notebook_mutex_);
        if (Status s = model_.consult_notebook(*options_.notebook, options_.retrieval, plan); !s) {
            job.finish(s, std::nullopt);
            return;
        }
    }
    pipeline::SolveTrace trace = model_.start_trace(plan, solver);
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
    const Status status = model_.run(solver, plan, on_text, on_attempt, trace.loop, &job.cancel_flag());
    if (status) {
        std::lock_guard lock(notebook_mutex_);
        for (const std::string & line :
             pipeline::record_question(notebook ? options_.notebook : nullptr, notebook ? options_.learn_into : nullptr,
                                       plan, trace.loop, model_.model_name())) {
            std::fprintf(stderr, "r1tune serve: %s\n", line.c_str());
        }
        job.finish(status, std::move(trace));
    } else {
        job.finish(status, std::nullopt);
    }
}

} // namespace r1tune::serve

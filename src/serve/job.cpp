#include "serve/job.h"

namespace r1tune::serve {

void Job::add(JobEvent event) {
    {
        std::lock_guard lock(mutex_);
        events_.push_back(std::move(event));
    }
    changed_.notify_all();
}

void Job::finish(Status status, std::optional<pipeline::SolveTrace> trace) {
    {
        std::lock_guard lock(mutex_);
        finished_ = true;
        status_ = std::move(status);
        trace_ = std::move(trace);
    }
    changed_.notify_all();
}

JobUpdate Job::take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [this] { return !events_.empty() || (finished_ && !handed_over_); });
    JobUpdate update;
    update.events.swap(events_);
    if (finished_ && !handed_over_) {
        update.finished = true;
        update.status = status_;
        update.trace = std::move(trace_);
        handed_over_ = true;
    }
    return update;
}

} // namespace r1tune::serve

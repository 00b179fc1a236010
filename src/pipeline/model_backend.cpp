#include "pipeline/model_backend.h"

#include "pipeline/notebook_consult.h"
#include "pipeline/remote_responder.h"

namespace r1tune::pipeline {

Status LocalModel::can_run(const Solver & solver, const SolvePlan & plan) const {
    (void)plan;
    return solver.check_model(runtime_.model(), runtime_.format());
}

Status LocalModel::consult_notebook(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
                                    SolvePlan & plan) const {
    return pipeline::consult_notebook(store, options, runtime_.model(), plan);
}

SolveTrace LocalModel::start_trace(const SolvePlan & plan, const Solver & solver) const {
    return pipeline::start_trace(plan, solver, runtime_);
}

int LocalModel::take_lane() {
    std::unique_lock lock(lanes_mutex_);
    // An evaluation opens new sessions between runs: the pool follows them.
    if (answering_ == 0 && known_lanes_ != runtime_.lanes()) {
        known_lanes_ = runtime_.lanes();
        free_lanes_.clear();
        for (int lane = known_lanes_ - 1; lane >= 0; --lane) free_lanes_.push_back(lane);
    }
    lane_freed_.wait(lock, [this] { return !free_lanes_.empty(); });
    const int lane = free_lanes_.back();
    free_lanes_.pop_back();
    ++answering_;
    return lane;
}

void LocalModel::give_back(int lane) {
    {
        std::lock_guard lock(lanes_mutex_);
        free_lanes_.push_back(lane);
        --answering_;
    }
    lane_freed_.notify_one();
}

Status LocalModel::run(const Solver & solver, const SolvePlan & plan, const engine::StreamCallback & on_text,
                       const feedback::AttemptCallback & on_attempt, feedback::LoopResult & out,
                       const std::atomic<bool> * cancel) {
    if (!runtime_.has_session()) return Status::internal("the model's session is not open");
    // Whatever way the run ends, the lane goes back, without a flag that outlives its owner.
    struct Lane {
        LocalModel & model;
        int lane;
        engine::Session & session;
        ~Lane() {
            session.cancel_when(nullptr);
            model.give_back(lane);
        }
    };
    const int taken = take_lane();
    Lane lane{*this, taken, runtime_.session(taken)};
    lane.session.cancel_when(cancel);
    return solver.run(plan, runtime_, lane.session, on_text, on_attempt, out);
}

prompt::ModelFamily RemoteModel::family() const { return family_of(backend_); }

Status RemoteModel::consult_notebook(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
                                     SolvePlan & plan) const {
    return consult_notebook_remote(store, options, plan);
}

SolveTrace RemoteModel::start_trace(const SolvePlan & plan, const Solver & solver) const {
    return start_remote_trace(plan, solver, backend_);
}

Status RemoteModel::run(const Solver & solver, const SolvePlan & plan, const engine::StreamCallback & on_text,
                        const feedback::AttemptCallback & on_attempt, feedback::LoopResult & out,
                        const std::atomic<bool> * cancel) {
    return solver.run_remote(plan, backend_, on_text, on_attempt, out, cancel);
}

} // namespace r1tune::pipeline

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

Status LocalModel::run(const Solver & solver, const SolvePlan & plan, const engine::StreamCallback & on_text,
                       const feedback::AttemptCallback & on_attempt, feedback::LoopResult & out,
                       const std::atomic<bool> * cancel) {
    runtime_.session().cancel_when(cancel);
    // Whatever way the run ends, the session must not keep a flag that outlives its owner.
    struct Release {
        engine::Session & session;
        ~Release() { session.cancel_when(nullptr); }
    } release{runtime_.session()};
    return solver.run(plan, runtime_, on_text, on_attempt, out);
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

// Where a question's model runs: loaded here (a Runtime and its open session) or behind a remote
// OpenAI-compatible server (--backend). solve, eval and serve hold one and ask it the few things
// that differ: the model's family and name, whether it can run a plan, the notebook's token
// count, the trace's model fields, and the run itself.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "feedback/loop.h"
#include "notebook/notebook_store.h"
#include "notebook/retrieval.h"
#include "pipeline/runtime.h"
#include "pipeline/solver.h"
#include "pipeline/trace.h"
#include "prompt/model_family.h"
#include "remote/openai_backend.h"

namespace r1tune::pipeline {

class ModelBackend {
public:
    virtual ~ModelBackend() = default;
    virtual prompt::ModelFamily family() const = 0;
    // The model's name in results and notebook entries: a local file's name, a server's model id.
    virtual std::string model_name() const = 0;
    // Whether this model can run the plan: a local model with the solver's options (--feedback
    // wait needs a <think> block), a remote one without the levers only r1tune's engine runs.
    virtual Status can_run(const Solver & solver, const SolvePlan & plan) const = 0;
    // The notebook's entries for the plan, within the budget counted in this model's tokens.
    virtual Status consult_notebook(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
                                    SolvePlan & plan) const = 0;
    virtual SolveTrace start_trace(const SolvePlan & plan, const Solver & solver) const = 0;
    // Runs the plan. `cancel`, set from another thread, ends it (the decode step or the request
    // in flight) with a cancelled status.
    virtual Status run(const Solver & solver, const SolvePlan & plan, const engine::StreamCallback & on_text,
                       const feedback::AttemptCallback & on_attempt, feedback::LoopResult & out,
                       const std::atomic<bool> * cancel = nullptr) = 0;
};

// The model loaded here; the runtime's session must be open (and wide enough for the plans)
// before a plan runs. With several lanes open (serve --parallel), as many runs go at once, each
// in a lane of its own, their decodes batched together; a run takes the lane freed last, whose
// cached prompt is the likeliest to share a prefix with the next request.
class LocalModel : public ModelBackend {
public:
    explicit LocalModel(Runtime & runtime) : runtime_(runtime) {}

    prompt::ModelFamily family() const override { return runtime_.family(); }
    std::string model_name() const override { return runtime_.model_path().filename().string(); }
    Status can_run(const Solver & solver, const SolvePlan & plan) const override;
    Status consult_notebook(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
                            SolvePlan & plan) const override;
    SolveTrace start_trace(const SolvePlan & plan, const Solver & solver) const override;
    Status run(const Solver & solver, const SolvePlan & plan, const engine::StreamCallback & on_text,
               const feedback::AttemptCallback & on_attempt, feedback::LoopResult & out,
               const std::atomic<bool> * cancel) override;

private:
    // A free lane, waiting for one if all are answering.
    int take_lane();
    void give_back(int lane);

    Runtime & runtime_;
    std::mutex lanes_mutex_;
    std::condition_variable lane_freed_;
    std::vector<int> free_lanes_; // freed last at the back
    int known_lanes_ = 0;         // the runtime's lanes free_lanes_ was made for
    int answering_ = 0;
};

// The model behind a remote server. Its runs keep no state here, so several may run at once
// (eval shares items, serve answers requests side by side).
class RemoteModel : public ModelBackend {
public:
    explicit RemoteModel(remote::OpenAiBackend backend) : backend_(std::move(backend)) {}

    prompt::ModelFamily family() const override;
    std::string model_name() const override { return backend_.model(); }
    Status can_run(const Solver & solver, const SolvePlan & plan) const override { return solver.check_remote(plan); }
    Status consult_notebook(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
                            SolvePlan & plan) const override;
    SolveTrace start_trace(const SolvePlan & plan, const Solver & solver) const override;
    Status run(const Solver & solver, const SolvePlan & plan, const engine::StreamCallback & on_text,
               const feedback::AttemptCallback & on_attempt, feedback::LoopResult & out,
               const std::atomic<bool> * cancel) override;

private:
    remote::OpenAiBackend backend_;
};

} // namespace r1tune::pipeline

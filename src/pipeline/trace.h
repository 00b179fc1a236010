// The trace of one question through the pipeline: every decision made before the model ran
// (route, profile, scaffold, checks, model, settings) and every attempt after (answer, thinking,
// verdicts, tokens, timings, how a vote or beam chose), as one JSON document. `r1tune solve
// --json` prints it; whatever else answers questions reports the same document.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/sampler.h"
#include "pipeline/answer_checker.h"
#include "feedback/loop.h"
#include "pipeline/runtime.h"
#include "pipeline/solver.h"
#include "prompt/profiles.h"
#include "prompt/router.h"

namespace r1tune::pipeline {

struct SolveTrace {
    std::string question;
    prompt::RouteDecision route;
    std::string profile_table;
    prompt::Profile profile;
    std::string scaffold;          // name or path, "none" when the question went in as it is
    std::string scaffold_language; // "zh" or "en", empty without a scaffold
    std::string model_family;      // "deepseek-r1", "chat" or "base"
    std::string model_path;        // with a backend: the server's model id
    std::string model_description;
    std::string backend;           // the remote server's URL; empty: a local model
    int threads = 0;               // 0 with a backend, and context_size too (the server's own)
    std::string cpus; // the CPUs the threads are pinned to ("0-3"); empty = not pinned
    int context_size = 0;
    engine::SamplerSettings sampler;
    int max_tokens = 0;
    int thinking_budget = 0; // 0 = none
    std::string loops = "wrap"; // what a looping trace gets: wrap, restart, off
    std::string feedback = "turn"; // how a failed check goes back: turn, wait
    int max_feedback_rounds = 0;
    CheckPlan plan;
    std::vector<notebook::Retrieved> notebook; // the notebook's entries shown with the question
    feedback::LoopResult loop; // filled by the run
};

// The decisions of a planned question on the runtime (whose session is open), before it runs.
SolveTrace start_trace(const SolvePlan & plan, const Solver & solver, const Runtime & runtime);
// The same for a plan that runs on a remote backend.
SolveTrace start_remote_trace(const SolvePlan & plan, const Solver & solver, const remote::OpenAiBackend & backend);

// The whole trace; the last attempt's fields also stand at the top level, where most readers
// look. The loop must hold at least one attempt.
nlohmann::json to_json(const SolveTrace & trace);

// The parts, for `r1tune check` too.
nlohmann::json to_json(const verify::ExtractedAnswer & answer, const std::string & summary);
nlohmann::json to_json(const verify::Verdict & verdict);
nlohmann::json to_json(const feedback::Check & check);

} // namespace r1tune::pipeline

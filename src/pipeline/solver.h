// One question through the whole pipeline, shared by `r1tune solve` (one question) and
// `r1tune eval` (many): route it, take its profile (with the user's overrides), choose and place
// the scaffold, plan the checks, then generate with the profile's strategy and feed a failed
// check back for a bounded number of rounds.
//
// Creating the solver checks every option without a model, so a bad option fails before a slow
// load; planning needs the model's family (its profile table and where a scaffold goes), running
// needs the runtime (pipeline/runtime.h) with a session holding `max_width()` sequences.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "strategies/trace_guard.h"
#include "engine/chat_format.h"
#include "engine/generation.h"
#include "engine/model.h"
#include "engine/sampler.h"
#include "engine/session.h"
#include "pipeline/answer_checker.h"
#include "feedback/loop.h"
#include "pipeline/runtime.h"
#include "prompt/model_family.h"
#include "prompt/profiles.h"
#include "prompt/router.h"
#include "prompt/scaffold_library.h"
#include "prompt/scaffold_placement.h"
#include "notebook/retrieval.h"
#include "remote/openai_backend.h"

namespace r1tune::pipeline {

// Sampler values the user set; each one given overrides the profile's.
struct SamplerOverrides {
    std::optional<float> temperature;
    std::optional<int> top_k;
    std::optional<float> top_p;
    std::optional<float> min_p;
    std::optional<float> repeat_penalty;
};

// What the user chose. Empty strings and unset values leave the profile's choice.
struct SolverOptions {
    std::string profiles; // a table name or JSON file; empty: the model family's (default_profile_table)
    std::string scaffold;      // a scaffold name, a file, "none", "auto" (the router's), or empty (the profile's)
    std::string strategy;      // plain, vote:N, vote:N:conf, beam:N
    std::string answer_format; // free, boxed
    std::string tools;         // python, off
    std::string loops = "wrap";
    std::string feedback = "turn";
    engine::SamplerSettings sampler; // what profiles do not set: penalties' window, seed
    SamplerOverrides overrides;
    std::optional<int> max_tokens;
    std::optional<int> thinking_budget;
    std::vector<std::string> stops;
    int retries = 2; // feedback rounds after a failed check
    // A vote runs every sample to its end (serve's n: each sample is a choice of the reply), not
    // stopping once the winner is certain.
    bool every_sample = false;
    // Each sampled token's log-probability goes into the response (serve's logprobs).
    bool record_logprobs = false;
    // Speculative decoding: "ngram" proposes up to spec_tokens tokens per step from the text's
    // own earlier n-grams (engine/ngram_draft.h); "off".
    std::string spec = "off";
    int spec_tokens = 2;
    // Where a scaffold goes: "user" or "system" turn; empty: the model family's place.
    std::string scaffold_turn;
};

// The checks one question gets beyond the profile's: the user's (or a dataset item's).
struct QuestionChecks {
    std::optional<std::string> constraints;
    std::optional<std::string> expected; // a reference answer; the feedback loop then knows it
    std::optional<std::string> code_tests;
};

// Every decision made for one question before the model runs.
struct SolvePlan {
    std::string question;
    prompt::RouteDecision route;
    std::string table;       // the profile table's name
    prompt::Profile profile; // with the user's strategy, answer format and budget applied
    std::string scaffold;          // name or path, "none" when the question goes in as it is
    std::string scaffold_language; // "zh" or "en", empty without a scaffold
    std::string scaffold_note;     // why this scaffold (for --explain)
    prompt::ScaffoldPlacement placement = prompt::ScaffoldPlacement::kSystemTurn; // the family's, or --scaffold-turn
    std::string placement_why;                                                    // for --explain
    std::optional<prompt::ScaffoldTemplate> scaffold_body;
    engine::SamplerSettings sampler;
    int thinking_budget = 0;
    std::string answer_grammar; // empty = free answer
    CheckPlan checks;
    // Notebook entries shown with the question (pipeline/notebook_consult); none without --notebook.
    std::vector<notebook::Retrieved> notebook;
    // A chat client's conversation before the question (serve): a leading system message, then
    // earlier turns. The question's own turns follow; a scaffold's system turn joins the client's.
    std::vector<engine::ChatMessage> earlier_turns;
};


class Solver {
public:
    // Reads the profile table, the scaffold library and checks every option that needs no
    // question; errors are usage or input errors naming the option.
    static Status create(SolverOptions options, Solver & out);

    const SolverOptions & options() const { return options_; }
    // The user's table, or the family's default.
    const prompt::ProfileTable & table(prompt::ModelFamily family) const;
    feedback::RetryMode retry_mode() const { return retry_; }

    // The most sequences any task's strategy needs: the session must hold this many.
    int max_width(prompt::ModelFamily family) const;

    Status plan(const std::string & question, const QuestionChecks & checks, prompt::ModelFamily family,
                SolvePlan & out) const;

    // The most tokens an attempt may take: the user's -n, else the profile's budget, but no more
    // than the context holds.
    int max_tokens(const SolvePlan & plan, int context_size) const;

    // Whether this model can run what the options ask (--feedback wait needs a <think> block).
    Status check_model(const engine::Model & model, const engine::ChatFormat & format) const;

    // Runs the plan on the runtime's model, in `session` (one of the runtime's, which must hold
    // the plan's strategy's width). `on_text` streams a plain answer's text (may be empty);
    // `on_attempt` sees each checked attempt before any retry.
    Status run(const SolvePlan & plan, const Runtime & runtime, engine::Session & session,
               const engine::StreamCallback & on_text, const feedback::AttemptCallback & on_attempt,
               feedback::LoopResult & out) const;

    // Whether a remote backend can run the plan: levers that act on the model's tokens as they
    // are sampled (beam search, the confidence filter, a thinking budget, an answer grammar,
    // programs run mid-answer, --feedback wait, --loops restart, logprobs) are refused with a
    // sentence naming the lever.
    Status check_remote(const SolvePlan & plan) const;
    // The same for every task's profile in the family's table: what serve checks at its start.
    Status check_remote(prompt::ModelFamily family) const;
    // Runs the plan on a remote OpenAI-compatible server. `cancel`, when set from another thread,
    // ends the request in flight.
    Status run_remote(const SolvePlan & plan, const remote::OpenAiBackend & backend, const engine::StreamCallback & on_text,
                      const feedback::AttemptCallback & on_attempt, feedback::LoopResult & out,
                      const std::atomic<bool> * cancel = nullptr) const;

private:
    // The conversation the model is asked: the client's earlier turns, the scaffold's turns with
    // the notebook's entries, the question.
    static std::vector<engine::ChatMessage> conversation(const SolvePlan & plan);
    Status check_remote(const prompt::Profile & profile) const;
    Status run_loop(feedback::Responder & responder, const SolvePlan & plan, AnswerChecker & checker,
                    const feedback::AttemptCallback & on_attempt, feedback::LoopResult & out) const;

    SolverOptions options_;
    // The user's table alone, or one per default table name of the families (default_profile_table).
    std::vector<std::pair<std::string, prompt::ProfileTable>> tables_;
    prompt::ScaffoldLibrary library_;
    std::optional<std::filesystem::path> user_dir_;
    feedback::RetryMode retry_ = feedback::RetryMode::kNewTurn;
    strategies::LoopAction loops_ = strategies::LoopAction::kWrapUp;
    std::optional<prompt::Strategy> strategy_;
    std::optional<prompt::AnswerFormat> answer_format_;
    std::optional<bool> python_tool_;
    std::optional<prompt::ScaffoldPlacement> scaffold_turn_;
};

} // namespace r1tune::pipeline

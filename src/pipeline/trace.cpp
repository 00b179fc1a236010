#include "pipeline/trace.h"

#include <cmath>
#include <limits>

#include "cpu/cpu_list.h"
#include "pipeline/remote_responder.h"
#include "prompt/scaffold_placement.h"

namespace r1tune::pipeline {

namespace {

// Sampler values are floats; printed through a double they show float noise (0.6000000238).
double rounded(float value) { return std::round(static_cast<double>(value) * 1e6) / 1e6; }

nlohmann::json strategy_json(const feedback::StrategySummary & v) {
    nlohmann::json candidates = nlohmann::json::array();
    for (const auto & c : v.candidates) {
        nlohmann::json candidate = {{"answer", c.answer_summary},
                                    {"finish_reason", c.finish_reason},
                                    {"tokens", c.tokens},
                                    {v.beam ? "score" : "mean_logprob", c.score}};
        if (!c.verdict.empty()) candidate["verdict"] = c.verdict;
        if (!c.failure.empty()) candidate["failure"] = c.failure;
        candidates.push_back(std::move(candidate));
    }
    nlohmann::json doc = {{v.beam ? "beams" : "samples", v.sequences},
                          {"votes", v.votes},
                          {v.beam ? "agreeing" : "winner_votes", v.winner_votes},
                          {"confidence", v.sequences > 0 ? static_cast<double>(v.winner_votes) / v.sequences : 0.0},
                          {"candidates", candidates}};
    if (!v.beam) {
        doc["cancelled"] = v.cancelled;
        doc["abandoned_low_confidence"] = v.abandoned;
        doc["tokens_saved_estimate"] = v.tokens_saved_estimate;
    }
    return doc;
}

nlohmann::json attempt_json(const feedback::Attempt & a) {
    const feedback::Response & r = a.response;
    nlohmann::json doc = {{"user_turn", a.user_turn},
            {"answer", r.answer},
            {"thinking", r.thinking},
            {"carried_thinking", r.carried_thinking},
            {"thinking_closed", r.thinking_closed},
            {"thinking_budget_reached", r.thinking_budget_reached},
            {"finish_reason", r.finish_reason},
            {"tokens",
             {{"prompt", r.prompt_tokens},
              {"prompt_reused", r.reused_prompt_tokens},
              {"generated", r.generated_tokens},
              {"thinking", r.thinking_tokens}}},
            {"timings",
             {{"prompt_ms", r.prompt_ms},
              {"decode_ms", r.decode_ms},
              {"decode_tokens_per_second", r.decode_tokens_per_second()}}},
            {"check", to_json(a.check)}};
    if (!a.nudge.empty()) doc["nudge"] = a.nudge;
    if (r.proposed_tokens > 0) doc["speculation"] = {{"proposed", r.proposed_tokens}, {"accepted", r.accepted_tokens}};
    if (r.strategy) doc[r.strategy->beam ? "beam" : "vote"] = strategy_json(*r.strategy);
    nlohmann::json runs = nlohmann::json::array();
    for (const tools::ToolRun & run : r.tool_runs) {
        nlohmann::json one = {{"program", run.program}, {"output", run.output}, {"ms", run.ms}};
        if (!run.note.empty()) one["note"] = run.note;
        runs.push_back(std::move(one));
    }
    doc["tool_runs"] = std::move(runs);
    doc["programs_run"] = r.programs_run;
    doc["interventions"] = {{"loops_wrapped_up", r.interventions.loops_wrapped_up},
                            {"loops_restarted", r.interventions.loops_restarted},
                            {"loop_tokens", r.interventions.loop_tokens}};
    return doc;
}

} // namespace

namespace {

// What a trace says of a plan, whatever runs it.
SolveTrace planned(const SolvePlan & plan, const Solver & solver, prompt::ModelFamily family, int context_size) {
    SolveTrace t;
    t.question = plan.question;
    t.route = plan.route;
    t.profile_table = plan.table;
    t.profile = plan.profile;
    t.scaffold = plan.scaffold;
    t.scaffold_language = plan.scaffold_language;
    // A plan placed without a scaffold (a base model's, unless --scaffold-turn gave it one) sends
    // the question as it is.
    if (plan.placement == prompt::ScaffoldPlacement::kNone) {
        t.scaffold = "none";
        t.scaffold_language.clear();
    }
    t.model_family = std::string(prompt::to_string(family));
    t.context_size = context_size;
    t.sampler = plan.sampler;
    t.max_tokens = solver.max_tokens(plan, context_size);
    t.thinking_budget = plan.thinking_budget;
    t.loops = solver.options().loops;
    t.feedback = solver.options().feedback;
    t.max_feedback_rounds = solver.options().retries;
    t.notebook = plan.notebook;
    t.plan = plan.checks;
    return t;
}

} // namespace

SolveTrace start_trace(const SolvePlan & plan, const Solver & solver, const Runtime & runtime) {
    const engine::Session & session = runtime.session();
    SolveTrace t = planned(plan, solver, runtime.family(), session.context_size());
    t.model_path = runtime.model_path().string();
    t.model_description = runtime.model().description();
    t.threads = session.threads();
    t.cpus = cpu::format_cpu_list(session.cpus());
    return t;
}

SolveTrace start_remote_trace(const SolvePlan & plan, const Solver & solver, const remote::OpenAiBackend & backend) {
    // The server's context is its own; the budget is the user's or the profile's.
    SolveTrace t = planned(plan, solver, family_of(backend), std::numeric_limits<int>::max());
    t.context_size = 0;
    t.loops = "off"; // the server decodes: no loop guard watches its tokens
    t.backend = backend.url();
    t.model_path = backend.model();
    t.model_description = backend.model() + " at " + backend.url();
    return t;
}

nlohmann::json to_json(const verify::ExtractedAnswer & answer, const std::string & summary) {
    nlohmann::json quantities = nlohmann::json::array();
    for (const auto & q : answer.quantities) {
        quantities.push_back({{"name", q.name},
                              {"value", verify::to_canonical(q.value)},
                              {"unit", q.unit},
                              {"percent", q.percent},
                              {"text", q.text}});
    }
    return {{"summary", summary},
            {"rule", std::string(verify::to_string(answer.rule))},
            {"from_thinking", answer.from_thinking},
            {"no_solution", answer.no_solution},
            {"quantities", quantities}};
}

nlohmann::json to_json(const verify::Verdict & v) {
    nlohmann::json j = {{"verifier", v.verifier},
                        {"outcome", std::string(verify::to_string(v.outcome))},
                        {"sentence", v.sentence},
                        {"evidence", v.evidence}};
    if (v.offset != std::string::npos) j["offset"] = v.offset;
    return j;
}

nlohmann::json to_json(const feedback::Check & check) {
    nlohmann::json verdicts = nlohmann::json::array();
    for (const auto & v : check.verdicts) verdicts.push_back(to_json(v));
    return {{"answer", to_json(check.answer, check.answer_summary)}, {"verdicts", verdicts}};
}

nlohmann::json to_json(const SolveTrace & r) {
    const auto & s = r.sampler;
    nlohmann::json verifiers = nlohmann::json::array();
    for (auto v : r.profile.verifiers) verifiers.push_back(std::string(prompt::to_string(v)));
    nlohmann::json attempts = nlohmann::json::array();
    for (const auto & a : r.loop.attempts) attempts.push_back(attempt_json(a));

    // The final attempt's fields stay at the top level: most readers want only them.
    nlohmann::json doc = attempts.back();
    doc.erase("user_turn");
    doc["verification"] = std::string(to_string(r.loop.verification));
    if (!r.loop.stopped_early.empty()) doc["stopped_early"] = r.loop.stopped_early;
    doc["attempts"] = attempts;
    doc["question"] = r.question;
    doc["route"] = {{"task", std::string(prompt::to_string(r.route.task))},
                    {"language", std::string(prompt::language_code(r.route.language))},
                    {"reasons", r.route.reasons}};
    doc["profile"] = {{"table", r.profile_table},
                      {"strategy", prompt::to_string(r.profile.strategy)},
                      {"answer_format", std::string(prompt::to_string(r.profile.answer_format))},
                      {"verifiers", verifiers}};
    doc["scaffold"] = {{"name", r.scaffold}, {"language", r.scaffold_language}};
    doc["notebook"] = nlohmann::json::array();
    for (const notebook::Retrieved & entry : r.notebook) {
        doc["notebook"].push_back({{"id", entry.entry.id}, {"score", entry.score}, {"why", entry.why}});
    }
    doc["checks"] = {{"arithmetic", r.plan.arithmetic}};
    if (r.plan.constraints) {
        doc["checks"]["constraints"] = {{"text", *r.plan.constraints}, {"origin", r.plan.constraints_origin}};
    }
    if (r.plan.expected) doc["checks"]["expected"] = *r.plan.expected;
    doc["checks"]["code_tests"] = r.plan.code_tests.has_value();
    doc["model"] = {{"path", r.model_path}, {"description", r.model_description}, {"family", r.model_family}};
    if (!r.backend.empty()) doc["model"]["backend"] = r.backend;
    doc["settings"] = {{"threads", r.threads},
                       {"cpus", r.cpus.empty() ? nlohmann::json() : nlohmann::json(r.cpus)},
                       {"context_size", r.context_size},
                       {"max_tokens", r.max_tokens},
                       {"thinking_budget", r.thinking_budget},
                       {"tools", r.profile.python_tool ? "python" : "off"},
                       {"loops", r.loops},
                       {"feedback", r.feedback},
                       {"max_feedback_rounds", r.max_feedback_rounds},
                       {"temperature", rounded(s.temperature)},
                       {"top_k", s.top_k},
                       {"top_p", rounded(s.top_p)},
                       {"min_p", rounded(s.min_p)},
                       {"repeat_penalty", rounded(s.repeat_penalty)},
                       {"repeat_last_n", s.repeat_last_n},
                       {"presence_penalty", rounded(s.presence_penalty)},
                       {"frequency_penalty", rounded(s.frequency_penalty)},
                       {"seed", s.seed}};
    return doc;
}

} // namespace r1tune::pipeline

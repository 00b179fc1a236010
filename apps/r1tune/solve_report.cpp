#include "solve_report.h"

#include <cmath>
#include <cstdio>

#include "check_report.h"
#include "prompt/scaffold_library.h"

namespace r1tune::cli {

namespace {

// Sampler values are floats; printed through a double they show float noise (0.6000000238).
double rounded(float value) { return std::round(static_cast<double>(value) * 1e6) / 1e6; }

nlohmann::json strategy_json(const pipeline::StrategySummary & v) {
    nlohmann::json candidates = nlohmann::json::array();
    for (const auto & c : v.candidates) {
        nlohmann::json candidate = {{"answer", c.answer_summary},
                                    {"finish_reason", c.finish_reason},
                                    {"tokens", c.tokens},
                                    {v.beam ? "score" : "mean_logprob", c.score}};
        if (!c.verdict.empty()) candidate["verdict"] = c.verdict;
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

nlohmann::json attempt_json(const pipeline::Attempt & a) {
    const pipeline::Response & r = a.response;
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
    if (r.strategy) doc[r.strategy->beam ? "beam" : "vote"] = strategy_json(*r.strategy);
    doc["interventions"] = {{"loops_wrapped_up", r.interventions.loops_wrapped_up},
                            {"loops_restarted", r.interventions.loops_restarted},
                            {"loop_tokens", r.interventions.loop_tokens}};
    return doc;
}

std::string shown(float value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", rounded(value));
    return text;
}


} // namespace

nlohmann::json to_json(const SolveReport & r) {
    const auto & s = r.sampler;
    nlohmann::json verifiers = nlohmann::json::array();
    for (auto v : r.profile.verifiers) verifiers.push_back(std::string(prompt::to_string(v)));
    nlohmann::json attempts = nlohmann::json::array();
    for (const auto & a : r.loop.attempts) attempts.push_back(attempt_json(a));

    // The final attempt's fields stay at the top level: most readers want only them.
    nlohmann::json doc = attempts.back();
    doc.erase("user_turn");
    doc["verification"] = std::string(pipeline::to_string(r.loop.verification));
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
    doc["checks"] = {{"arithmetic", r.plan.arithmetic}};
    if (r.plan.constraints) {
        doc["checks"]["constraints"] = {{"text", *r.plan.constraints}, {"origin", r.plan.constraints_origin}};
    }
    if (r.plan.expected) doc["checks"]["expected"] = *r.plan.expected;
    doc["checks"]["code_tests"] = r.plan.code_tests.has_value();
    doc["model"] = {{"path", r.model_path}, {"description", r.model_description}, {"family", r.model_family}};
    doc["settings"] = {{"threads", r.threads},
                       {"cpus", r.cpus.empty() ? nlohmann::json() : nlohmann::json(r.cpus)},
                       {"context_size", r.context_size},
                       {"max_tokens", r.max_tokens},
                       {"thinking_budget", r.thinking_budget},
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

std::string summary_line(const SolveReport & r) {
    int prompt_tokens = 0, generated = 0, decoded = 0;
    double decode_ms = 0;
    for (const auto & a : r.loop.attempts) {
        prompt_tokens += a.response.prompt_tokens;
        generated += a.response.generated_tokens;
        decoded += a.response.decoded_tokens;
        decode_ms += a.response.decode_ms;
    }
    const auto & last = r.loop.attempts.back().response;
    char line[320];
    std::snprintf(line, sizeof line, "[%s after %zu attempt%s; %s: %d prompt tokens, %d generated at %.1f tokens/s]",
                  std::string(pipeline::to_string(r.loop.verification)).c_str(), r.loop.attempts.size(),
                  r.loop.attempts.size() == 1 ? "" : "s", last.finish_reason.c_str(), prompt_tokens, generated,
                  decode_ms > 0 ? decoded * 1000.0 / decode_ms : 0.0);
    return line;
}

std::string strategy_line(const pipeline::StrategySummary & v, const std::string & answer_summary) {
    const std::string what = v.beam ? " beams" : " samples";
    std::string line = (v.beam ? "beam: " : "vote: ");
    if (v.winner_votes == 0 || answer_summary.empty()) {
        line += "none of the " + std::to_string(v.sequences) + what + " gave an answer";
    } else {
        line += std::to_string(v.winner_votes) + " of " + std::to_string(v.sequences) + what + " agree on " + answer_summary;
    }
    if (!v.candidates.empty()) {
        int passed = 0;
        for (const auto & c : v.candidates) passed += c.verdict == "pass";
        if (passed > 0) line += " (" + std::to_string(passed) + " verified)";
    }
    std::string why;
    if (v.cancelled > 0) why += std::to_string(v.cancelled) + " cancelled once the answer was decided";
    if (v.abandoned > 0) {
        why += (why.empty() ? "" : ", ") + std::to_string(v.abandoned) + " abandoned for low confidence";
    }
    if (!why.empty()) line += " (" + why + ", ~" + std::to_string(v.tokens_saved_estimate) + " tokens saved)";
    return line;
}

std::string explanation(const SolveReport & r, std::string_view scaffold_note, std::string_view placement_why) {
    std::string out = "route: " + std::string(prompt::to_string(r.route.task)) + ", " +
                      std::string(prompt::language_code(r.route.language)) + "\n";
    for (const auto & reason : r.route.reasons) out += "  - " + reason + "\n";
    out += "profile: " + r.profile_table + "/" + std::string(prompt::to_string(r.route.task)) + ": temperature " +
           shown(r.sampler.temperature) + ", top_k " + std::to_string(r.sampler.top_k) + ", top_p " +
           shown(r.sampler.top_p) + ", repeat penalty " + shown(r.sampler.repeat_penalty) + ", max tokens " +
           std::to_string(r.max_tokens) + ", strategy " + prompt::to_string(r.profile.strategy) + "\n";
    if (!r.profile.note.empty()) out += "  - " + r.profile.note + "\n";
    out += "decoding: thinking budget " + (r.thinking_budget > 0 ? std::to_string(r.thinking_budget) : "none") +
           ", loops " + r.loops + ", answer format " + std::string(prompt::to_string(r.profile.answer_format)) +
           ", feedback " + r.feedback + "\n";
    out += "scaffold: " + r.scaffold + (r.scaffold_language.empty() ? "" : " (" + r.scaffold_language + ")") + "\n";
    if (!scaffold_note.empty()) out += "  - " + std::string(scaffold_note) + "\n";
    out += "model family: " + r.model_family + ": " + std::string(placement_why) + "\n";
    out += "checks: arithmetic " + std::string(r.plan.arithmetic ? "on" : "off");
    if (r.plan.constraints) out += "; constraints " + *r.plan.constraints + " (" + r.plan.constraints_origin + ")";
    if (r.plan.expected) out += "; reference " + *r.plan.expected;
    if (r.plan.code_tests) out += "; code tests";
    out += "; up to " + std::to_string(r.max_feedback_rounds) + " feedback round" +
           (r.max_feedback_rounds == 1 ? "" : "s") + "\n";
    return out;
}

} // namespace r1tune::cli

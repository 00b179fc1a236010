#include "solve_report.h"

#include <cmath>
#include <cstdio>

namespace r1tune::cli {

namespace {

// Sampler values are floats; printed through a double they show float noise (0.6000000238).
std::string shown(float value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", std::round(static_cast<double>(value) * 1e6) / 1e6);
    return text;
}

} // namespace

std::string summary_line(const pipeline::SolveTrace & r) {
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
                  std::string(feedback::to_string(r.loop.verification)).c_str(), r.loop.attempts.size(),
                  r.loop.attempts.size() == 1 ? "" : "s", last.finish_reason.c_str(), prompt_tokens, generated,
                  decode_ms > 0 ? decoded * 1000.0 / decode_ms : 0.0);
    return line;
}

std::string strategy_line(const feedback::StrategySummary & v, const std::string & answer_summary) {
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

std::string explanation(const pipeline::SolveTrace & r, std::string_view scaffold_note, std::string_view placement_why) {
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
    if (!r.notebook.empty()) {
        out += "notebook: " + std::to_string(r.notebook.size()) + " entr" + (r.notebook.size() == 1 ? "y" : "ies") +
               " in front of the question\n";
        for (const notebook::Retrieved & entry : r.notebook) {
            out += "  - #" + std::to_string(entry.entry.id) + " (score " + shown(static_cast<float>(entry.score)) +
                   "): " + entry.why + "\n";
        }
    }
    out += "checks: arithmetic " + std::string(r.plan.arithmetic ? "on" : "off");
    if (r.plan.constraints) out += "; constraints " + *r.plan.constraints + " (" + r.plan.constraints_origin + ")";
    if (r.plan.expected) out += "; reference " + *r.plan.expected;
    if (r.plan.code_tests) out += "; code tests";
    out += "; up to " + std::to_string(r.max_feedback_rounds) + " feedback round" +
           (r.max_feedback_rounds == 1 ? "" : "s") + "\n";
    return out;
}

} // namespace r1tune::cli

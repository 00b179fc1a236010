// How `r1tune solve` shows its result: a JSON trace for machines (every decision and attempt),
// or a summary line for people.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/sampler.h"
#include "pipeline/answer_checker.h"
#include "prompt/profiles.h"
#include "prompt/router.h"

namespace r1tune::cli {

struct SolveReport {
    std::string question;
    prompt::RouteDecision route;
    std::string profile_table;
    prompt::Profile profile;
    std::string scaffold;          // name or path, "none" when the question went in as it is
    std::string scaffold_language; // "zh" or "en", empty without a scaffold
    std::string model_family;      // "deepseek-r1", "chat" or "base"
    std::string model_path;
    std::string model_description;
    int threads = 0;
    std::string cpus; // the CPUs the threads are pinned to ("0-3"); empty = not pinned
    int context_size = 0;
    engine::SamplerSettings sampler;
    int max_tokens = 0;
    int thinking_budget = 0; // 0 = none
    std::string loops = "wrap"; // what a looping trace gets: wrap, restart, off
    std::string feedback = "turn"; // how a failed check goes back: turn, wait
    int max_feedback_rounds = 0;
    pipeline::CheckPlan plan;
    pipeline::LoopResult loop;
};

nlohmann::json to_json(const SolveReport & report);

// One line for stderr: verification, attempts, finish reason, token counts and speed.
std::string summary_line(const SolveReport & report);

// One line for stderr on how a vote or a beam search chose: "vote: 5 of 8 samples agree on 12
// (2 cancelled once the winner was certain, ~300 tokens saved)".
std::string strategy_line(const pipeline::StrategySummary & summary, const std::string & answer_summary);

// What --explain prints before the model runs: the router's decision and why, the profile,
// the scaffold and where it goes, and the checks that will run.
std::string explanation(const SolveReport & report, std::string_view scaffold_note, std::string_view placement_why);

} // namespace r1tune::cli

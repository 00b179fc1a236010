// How `r1tune solve` shows its result to people: a summary line, how a vote chose, and what
// --explain prints. (The JSON trace for machines is the pipeline's: pipeline/trace.h.)
#pragma once

#include <string>
#include <string_view>

#include "pipeline/trace.h"

namespace r1tune::cli {

// One line for stderr: verification, attempts, finish reason, token counts and speed.
std::string summary_line(const pipeline::SolveTrace & trace);

// One line for stderr on how a vote or a beam search chose: "vote: 5 of 8 samples agree on 12
// (2 cancelled once the winner was certain, ~300 tokens saved)".
std::string strategy_line(const feedback::StrategySummary & summary, const std::string & answer_summary);

// What --explain prints before the model runs: the router's decision and why, the profile,
// the scaffold and where it goes, and the checks that will run.
std::string explanation(const pipeline::SolveTrace & trace, std::string_view scaffold_note, std::string_view placement_why);

} // namespace r1tune::cli

// The evaluation's report in three forms from the same summaries: Markdown for people, JSON for
// tools, and an SVG plot of accuracy (with its 95 % interval) against tokens spent, which is
// the trade-off every lever of r1tune moves along.
#pragma once

#include <string>
#include <vector>

#include "eval/summary.h"

namespace r1tune::eval {

struct Comparison {
    std::string first;
    std::string second;
    std::string lever; // the one lever second adds to first (eval/configuration.h), else empty
    PairedComparison result;
    CostRatio cost;
};

struct Report {
    std::string title;                  // e.g. "gsm8k.jsonl on deepseek-r1-distill-qwen-1.5b"
    std::vector<ConfigSummary> summaries;
    // Each configuration against the first one, then each against its twin without one lever
    // where both ran (a lever alone: "auto:5+verify+tools" against "auto:5+verify").
    std::vector<Comparison> comparisons;
    // Configurations the run was asked for that have no results yet: a long evaluation spread
    // over days is reported as it goes, and a missing row must read as "not run", not be silent.
    std::vector<std::string> not_run;
};

// Summaries of `results` plus those comparisons; `requested` is the run's configurations in
// order: the summaries follow it (the first is the baseline), and each without a result is listed
// in not_run.
Report build_report(std::string title, const std::vector<ItemResult> & results,
                    const std::vector<std::string> & requested);

std::string markdown_report(const Report & report);
std::string json_report(const Report & report); // pretty-printed
std::string svg_plot(const Report & report);

} // namespace r1tune::eval

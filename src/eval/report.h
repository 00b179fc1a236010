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
    PairedComparison result;
    CostRatio cost;
};

struct Report {
    std::string title;                  // e.g. "gsm8k.jsonl on deepseek-r1-distill-qwen-1.5b"
    std::vector<ConfigSummary> summaries;
    std::vector<Comparison> comparisons; // each configuration against the first one
};

// Summaries of `results` plus every configuration compared with the first.
Report build_report(std::string title, const std::vector<ItemResult> & results);

std::string markdown_report(const Report & report);
std::string json_report(const Report & report); // pretty-printed
std::string svg_plot(const Report & report);

} // namespace r1tune::eval

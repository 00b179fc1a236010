// What one configuration of an evaluation achieved, from its items' results: accuracy with its
// 95 % interval, how far a ✓ can be trusted (verified precision), how often it gave no answer or
// nothing could be checked, and what it cost in tokens and time.
#pragma once

#include <string>
#include <cstdint>
#include <vector>

#include "eval/statistics.h"

namespace r1tune::eval {

// One item run under one configuration: a line of the results file.
struct ItemResult {
    std::string config;       // e.g. "deepseek vote:8"
    std::string item_id;
    bool answered = false;    // an answer could be extracted
    bool correct = false;     // it matches the reference
    std::string verification; // "verified", "consistent", "unverified", "failed" (r1tune's own verdict) or "error"
    int thinking_tokens = 0;
    int generated_tokens = 0; // all attempts and samples
    int programs_run = 0;     // code executions while it reasoned (all attempts and samples)
    double latency_ms = 0;    // the whole solve, retries included
    double share_ms = 0;      // its share of the run's wall time, with items answered at once (eval/time_share.h)
    std::string answer;       // what was extracted ("鸡=23，兔=12"), empty if nothing
    int attempts = 0;         // 1 + feedback rounds run
    std::string error;        // why the item could not run (verification "error"); empty otherwise
    std::string verdicts;     // the last attempt's verdicts, "arithmetic:pass constraints:unknown"
    std::string response;     // the last attempt's answer text, so that a wrong ✓ can be read later
    std::vector<std::int64_t> notebook; // ids of the notebook entries shown with the question
};

struct ConfigSummary {
    std::string config;
    int items = 0;
    Proportion accuracy;            // correct / items
    Interval accuracy_interval;
    Proportion verified;            // verified / items: how often a ✓ is given
    Proportion verified_precision;  // correct / verified
    Interval verified_precision_interval;
    Proportion abstained;           // no answer / items
    Proportion unverified;          // neither verified nor failed / items
    double mean_thinking_tokens = 0;
    double mean_generated_tokens = 0;
    double mean_programs_run = 0;
    double mean_latency_ms = 0;     // how long an item took, sharing the machine with those answered at once
    double mean_share_ms = 0;       // the run's wall time per item: what compares across runs
    double tokens_per_second = 0;   // all generated tokens over the run's wall time
};

// One summary per configuration, in the order configurations first appear in `results`.
std::vector<ConfigSummary> summarize(const std::vector<ItemResult> & results);

// What the second configuration costs next to the first on the items both ran: the ratio of
// their generated tokens and of their wall time per item (what "at most 4x the tokens" is read from).
struct CostRatio {
    double tokens = 0;
    double time = 0;
};
CostRatio cost_ratio(const std::vector<ItemResult> & results, const std::string & first, const std::string & second);

// The paired comparison of two configurations over the items both have run.
PairedComparison compare_configs(const std::vector<ItemResult> & results, const std::string & first,
                                 const std::string & second);

} // namespace r1tune::eval

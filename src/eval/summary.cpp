#include "eval/summary.h"

#include <algorithm>
#include <map>

namespace r1tune::eval {

std::vector<ConfigSummary> summarize(const std::vector<ItemResult> & results) {
    std::vector<ConfigSummary> out;
    struct Totals {
        double thinking = 0, generated = 0, programs = 0, latency = 0, share = 0;
    };
    std::vector<Totals> totals;
    for (const ItemResult & r : results) {
        auto it = std::find_if(out.begin(), out.end(), [&](const ConfigSummary & s) { return s.config == r.config; });
        if (it == out.end()) {
            out.push_back(ConfigSummary{});
            out.back().config = r.config;
            totals.emplace_back();
            it = out.end() - 1;
        }
        ConfigSummary & s = *it;
        Totals & t = totals[static_cast<std::size_t>(it - out.begin())];
        ++s.items;
        s.accuracy.successes += r.correct;
        ++s.accuracy.trials;
        s.abstained.successes += !r.answered;
        ++s.abstained.trials;
        s.unverified.successes += r.verification == "unverified";
        ++s.unverified.trials;
        s.verified.successes += r.verification == "verified";
        ++s.verified.trials;
        if (r.verification == "verified") {
            ++s.verified_precision.trials;
            s.verified_precision.successes += r.correct;
        }
        t.thinking += r.thinking_tokens;
        t.generated += r.generated_tokens;
        t.programs += r.programs_run;
        t.latency += r.latency_ms;
        t.share += r.share_ms;
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        ConfigSummary & s = out[i];
        s.accuracy_interval = wilson_interval(s.accuracy);
        s.verified_precision_interval = wilson_interval(s.verified_precision);
        s.mean_thinking_tokens = totals[i].thinking / s.items;
        s.mean_generated_tokens = totals[i].generated / s.items;
        s.mean_programs_run = totals[i].programs / s.items;
        s.mean_latency_ms = totals[i].latency / s.items;
        s.mean_share_ms = totals[i].share / s.items;
        s.tokens_per_second = totals[i].share > 0 ? totals[i].generated * 1000.0 / totals[i].share : 0;
    }
    return out;
}

CostRatio cost_ratio(const std::vector<ItemResult> & results, const std::string & first, const std::string & second) {
    std::map<std::string, const ItemResult *> first_rows;
    for (const ItemResult & r : results) {
        if (r.config == first) first_rows[r.item_id] = &r;
    }
    double tokens[2] = {0, 0}, time[2] = {0, 0};
    for (const ItemResult & r : results) {
        if (r.config != second) continue;
        const auto it = first_rows.find(r.item_id);
        if (it == first_rows.end()) continue;
        tokens[0] += it->second->generated_tokens;
        tokens[1] += r.generated_tokens;
        time[0] += it->second->share_ms;
        time[1] += r.share_ms;
    }
    return {tokens[0] > 0 ? tokens[1] / tokens[0] : 0, time[0] > 0 ? time[1] / time[0] : 0};
}

PairedComparison compare_configs(const std::vector<ItemResult> & results, const std::string & first,
                                 const std::string & second) {
    std::map<std::string, bool> first_correct;
    for (const ItemResult & r : results) {
        if (r.config == first) first_correct[r.item_id] = r.correct;
    }
    std::vector<PairedOutcome> paired;
    for (const ItemResult & r : results) {
        if (r.config != second) continue;
        const auto it = first_correct.find(r.item_id);
        if (it != first_correct.end()) paired.push_back({r.item_id, it->second, r.correct});
    }
    return compare_paired(paired);
}

} // namespace r1tune::eval

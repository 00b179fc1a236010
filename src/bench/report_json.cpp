#include "bench/report_json.h"

namespace r1tune::bench {

namespace {

using nlohmann::json;

const char * consistency_key(Consistency consistency) {
    switch (consistency) {
        case Consistency::kNotCompared: return "not_compared";
        case Consistency::kOneRound: return "one_round";
        case Consistency::kR1tuneEveryRound: return "r1tune_every_round";
        case Consistency::kLlamaEveryRound: return "llama_cpp_every_round";
        case Consistency::kMixed: return "mixed";
    }
    return "";
}

json spread_json(const Spread & spread, const std::vector<double> & rounds) {
    if (spread.count == 0) return nullptr;
    return {{"rounds", rounds}, {"median", spread.median}, {"min", spread.min}, {"max", spread.max}};
}

json row_json(const ComparisonRow & row) {
    const std::vector<double> ratios = round_ratios(row.r1tune, row.llama);
    return {{"label", row.label},
            {"unit", row.unit},
            {"higher_is_better", row.higher_is_better},
            {"r1tune", spread_json(row.r1tune_spread(), row.r1tune)},
            {"llama_cpp", spread_json(row.llama_spread(), row.llama)},
            {"ratio", spread_json(row.ratio_spread(), ratios)},
            {"consistency", consistency_key(row.consistency())}};
}

} // namespace

json report_json(const BenchReport & report) {
    json sections = json::array();
    for (const auto & section : report.sections) {
        json rows = json::array();
        for (const auto & row : section.rows) rows.push_back(row_json(row));
        sections.push_back({{"name", section.name},
                            {"title", section.title},
                            {"llama_cpp_tool", section.llama_tool},
                            {"llama_cpp_unavailable", section.llama_unavailable.empty() ? json(nullptr) : json(section.llama_unavailable)},
                            {"rows", rows},
                            {"notes", section.notes}});
    }
    return {{"model", {{"path", report.model_path}, {"description", report.model_description}, {"bytes", report.model_bytes}}},
            {"machine", {{"cpu", report.cpu.model}, {"physical_cores", report.cpu.physical_cores},
                         {"logical_cores", report.cpu.logical_cores}, {"memory_bytes", report.memory.total_bytes},
                         {"load_average_before", report.load_before ? json(*report.load_before) : json(nullptr)}}},
            {"settings", {{"threads", report.threads}, {"rounds", report.rounds}, {"prompt_tokens", report.prompt_tokens},
                          {"decode_tokens", report.decode_tokens}, {"batch_size", report.batch_size}}},
            {"llama_cpp", {{"build", report.llama_cpp_build},
                           {"tools_build_commit", report.tools_build_commit.empty() ? json(nullptr) : json(report.tools_build_commit)}}},
            {"date", report.date},
            {"sections", sections}};
}

} // namespace r1tune::bench

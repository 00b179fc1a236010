#include "bench/section_rows.h"

namespace r1tune::bench {

void add_value(ComparisonRow & row, Side side, double value) {
    (side == Side::kR1tune ? row.r1tune : row.llama).push_back(value);
}

void mark_llama_failed(SectionResult & section, const std::string & reason) {
    section.llama_unavailable = "failed: " + reason;
    for (auto & row : section.rows) row.llama.clear();
}

std::string progress_prefix(const std::string & section, int round, int rounds) {
    return "[" + section + " " + std::to_string(round + 1) + "/" + std::to_string(rounds) + "] ";
}

} // namespace r1tune::bench

#include "bench/batched_bench_output.h"

#include <algorithm>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace r1tune::bench {

Status parse_batched_bench_output(std::string_view jsonl_text, const BatchedRequest & request,
                                  std::vector<BatchedPoint> & out) {
    std::map<int, double> speed_by_sequences;
    int line_number = 0;
    for (std::size_t start = 0; start < jsonl_text.size();) {
        const std::size_t end = std::min(jsonl_text.find('\n', start), jsonl_text.size());
        const std::string_view line = jsonl_text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (line.empty() || line.front() != '{') continue;
        const auto row = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        const std::string where = "llama-batched-bench's line " + std::to_string(line_number);
        if (row.is_discarded() || !row.is_object()) return Status::internal(where + " is not a JSON object");
        for (const char * field : {"pp", "tg", "pl", "speed_tg"}) {
            if (!row.contains(field) || !row[field].is_number()) {
                return Status::internal(where + " has no number in \"" + field + "\"");
            }
        }
        if (row["pp"].get<int>() != request.prompt_tokens || row["tg"].get<int>() != request.decode_tokens) continue;
        const double speed = row["speed_tg"].get<double>();
        if (!(speed > 0)) return Status::internal(where + " gives a decode speed that is not positive");
        speed_by_sequences[row["pl"].get<int>()] = speed;
    }
    std::vector<BatchedPoint> points;
    for (const int sequences : request.sequence_counts) {
        const auto it = speed_by_sequences.find(sequences);
        if (it == speed_by_sequences.end()) {
            return Status::internal("llama-batched-bench printed no result for " + std::to_string(sequences) +
                                    " sequence" + (sequences == 1 ? "" : "s"));
        }
        points.push_back({sequences, it->second});
    }
    out = std::move(points);
    return Status::ok();
}

} // namespace r1tune::bench

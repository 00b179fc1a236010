#include "bench/batched_section.h"

#include <cstdio>

#include "bench/engine_worker.h"
#include "bench/section_rows.h"

namespace r1tune::bench {

Status run_batched_section(const BenchSetup & setup, const BatchedRequest & request, BenchReport & report) {
    SectionResult section;
    section.name = "batched";
    section.title = "Sequences sharing a " + std::to_string(request.prompt_tokens) +
                    "-token prompt: decode speed of all together";
    section.llama_tool = setup.batched_bench.name;
    section.llama_unavailable = setup.batched_bench.unavailable;
    const auto & counts = request.sequence_counts;
    for (const int n : counts) {
        section.rows.push_back({"decode, " + std::to_string(n) + (n == 1 ? " sequence" : " sequences") + " × " +
                                    std::to_string(request.decode_tokens) + " tokens",
                                "tokens/s", true, {}, {}});
    }
    for (int round = 0; round < setup.rounds; ++round) {
        for (std::size_t i = 0; i < counts.size(); ++i) {
            BatchedRequest one = request;
            one.sequence_counts = {counts[i]};
            for (const Side side : round_order(round * static_cast<int>(counts.size()) + static_cast<int>(i))) {
                std::vector<BatchedPoint> points;
                if (side == Side::kR1tune) {
                    if (Status s = run_engine_batched(setup.r1tune, one, points); !s) return s;
                } else if (section.llama_unavailable.empty()) {
                    if (Status s = run_batched_bench(setup.batched_bench, one, points); !s) {
                        mark_llama_failed(section, s.message());
                        setup.progress(progress_prefix(section.name, round, setup.rounds) + s.message());
                        continue;
                    }
                } else {
                    continue;
                }
                const double speed = points.front().decode_tokens_per_second;
                add_value(section.rows[i], side, speed);
                char numbers[96];
                std::snprintf(numbers, sizeof numbers, ": %.1f tokens/s (%.1f each)", speed, speed / counts[i]);
                setup.progress(progress_prefix(section.name, round, setup.rounds) + section.rows[i].label + ", " +
                               (side == Side::kR1tune ? std::string("r1tune") : section.llama_tool) + numbers);
            }
        }
    }
    section.notes.push_back("Both sides evaluate the prompt once, share its KV cells among the sequences (one unified "
                            "cache) and decode one token of every sequence per step; only the steps are timed. Each "
                            "count is its own pair of processes, so the two sides of a ratio run back to back.");
    report.sections.push_back(std::move(section));
    return Status::ok();
}

} // namespace r1tune::bench

// The benchmark's results: what was measured, with which model, machine and settings, and per
// section the rows that put r1tune's engine next to llama.cpp's tool round by round.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/round_statistics.h"
#include "cpu/machine.h"

namespace r1tune::bench {

struct ComparisonRow {
    std::string label;            // "decode, 128 tokens"
    std::string unit;             // "tokens/s", "ms", "MiB"
    bool higher_is_better = true; // speeds; false for times and memory
    std::vector<double> r1tune;   // one value per round
    std::vector<double> llama;    // one per round llama.cpp's tool measured (none when it could not run)

    Spread r1tune_spread() const { return spread_of(r1tune); }
    Spread llama_spread() const { return spread_of(llama); }
    Spread ratio_spread() const { return spread_of(round_ratios(r1tune, llama)); }
    Consistency consistency() const { return consistency_of(round_ratios(r1tune, llama), higher_is_better); }
};

struct SectionResult {
    std::string name;              // as --sections names it: "single"
    std::string title;             // "One sequence"
    std::string llama_tool;        // "llama-bench"
    std::string llama_unavailable; // why llama.cpp's column is empty; empty = it was measured
    std::vector<ComparisonRow> rows;
    std::vector<std::string> notes; // sentences under the table: the decode target, the sweep's winner
};

struct BenchReport {
    std::string model_path;
    std::string model_description; // "qwen2 1.5B Q4_K - Medium", from the engine
    std::uint64_t model_bytes = 0;
    cpu::CpuInfo cpu;
    cpu::MemoryInfo memory;
    std::optional<double> load_before; // one-minute load average when the run began
    int threads = 0;
    int rounds = 0;
    int prompt_tokens = 0;
    int decode_tokens = 0;
    int batch_size = 0;
    std::string llama_cpp_build;    // the pinned commit r1tune's engine is built from
    std::string tools_build_commit; // the commit llama-bench reports; empty when it did not run
    std::string date;               // YYYY-MM-DD, local time
    std::vector<SectionResult> sections;
};

// Words for a consistency, e.g. "r1tune better in all 3 rounds (1 in 4 by chance)": how often
// that many rounds would all agree if neither side were faster. `rounds` is the count compared.
std::string consistency_text(Consistency consistency, int rounds);

} // namespace r1tune::bench

// Speculative decoding on real reasoning text, r1tune against llama-server on the same prompts
// (token ids), threads and greedy sampling: plain decoding, then each side's n-gram proposals
// (r1tune's --spec ngram; llama-server's --spec-type ngram-simple at its own defaults), and, when
// a draft model is given, llama-server's draft-model speculation (r1tune has none: its column
// stays empty). Each side's speed-up over its own plain decoding is the number that matters:
// the ratio column then says whose speculation pays more. Greedy text must not change; the notes
// count the questions where it did.
#pragma once

#include <filesystem>
#include <string>

#include "bench/bench_setup.h"
#include "bench/llama_tools.h"
#include "bench/report.h"
#include "util/status.h"

namespace r1tune::bench {

struct SpecSectionRequest {
    std::string model_path;
    int threads = 1;
    int decode_tokens = 256;
    int spec_tokens = 2;            // r1tune's proposals per step
    std::string draft_model;        // llama-server's draft model; empty: no draft rows
    std::filesystem::path log_dir;  // the servers' logs
};

Status run_spec_section(const BenchSetup & setup, const SpecSectionRequest & request, const LlamaTool & server,
                        BenchReport & report);

} // namespace r1tune::bench

// Reading llama-bench's machine-readable output (-o json): a JSON list with one object per test,
// a prompt test ("n_prompt": P, "n_gen": 0) and a generation test ("n_prompt": 0, "n_gen": N),
// each with its mean time (avg_ns) and mean speed (avg_ts, tokens per second).
#pragma once

#include <string>
#include <string_view>

#include "bench/measurement.h"
#include "util/status.h"

namespace r1tune::bench {

struct LlamaBenchResult {
    SingleMeasurement measurement; // peak memory is the caller's to fill (the process's, not the tool's)
    std::string build_commit;      // the llama.cpp commit the tool reports it was built from
};

// Takes the prompt test of `prompt_tokens` and the generation test of `decode_tokens` from
// `json_text`. The time to first token is the prompt test's mean time: llama-bench samples no
// token, so this is the prompt evaluation alone. Output that is not such JSON, or that lacks
// either test, is an internal error saying what was wrong.
Status parse_llama_bench_output(std::string_view json_text, int prompt_tokens, int decode_tokens,
                                LlamaBenchResult & out);

} // namespace r1tune::bench

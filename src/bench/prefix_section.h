// The prefix cache, r1tune's engine against llama-server with cache_prompt: the time to the
// first token of a question behind a ~1,000-token shared prefix, cold, warm with the prefix in
// memory, and warm in a new process from the prefix saved to disk (r1tune: Session::save_prefix
// and load_prefix in a second worker process; llama-server: its /slots save, a restart, and
// /slots restore). The target: warm within 10 % of llama-server, in memory and after a restart.
#pragma once

#include "bench/bench_setup.h"
#include "bench/llama_tools.h"
#include "bench/prefix_measurement.h"
#include "bench/report.h"
#include "util/status.h"

namespace r1tune::bench {

// Worker modes of `r1tune bench --worker`: the prompts' token ids, the in-process measurement,
// and the restored one. Each prints one JSON line (or the error).
Status run_prefix_prompts_worker(const PrefixRequest & request, std::string & line);
Status run_prefix_worker(const PrefixRequest & request, std::string & line);
Status run_prefix_restored_worker(const PrefixRequest & request, std::string & line);

// Measures `setup.rounds` rounds and appends the section to `report`. A failing llama-server
// leaves its column with the reason.
Status run_prefix_section(const BenchSetup & setup, const PrefixRequest & request, const LlamaTool & server,
                          BenchReport & report);

} // namespace r1tune::bench

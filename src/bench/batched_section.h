// Sequences sharing one prompt, r1tune's engine against llama-batched-bench: the aggregate decode
// speed of 1, 2, 4, 8 sequences (S_TG), round by round.
#pragma once

#include "bench/bench_setup.h"
#include "bench/measurement.h"
#include "bench/report.h"
#include "util/status.h"

namespace r1tune::bench {

// Measures `setup.rounds` rounds, each count in every round as one pair of runs (r1tune's worker
// and llama-batched-bench, each on that count alone: a run of all counts takes minutes, and the
// load of a shared machine changes meanwhile), and appends the section to `report`. An error of
// r1tune's side ends the run; a failing llama-batched-bench leaves its column with the reason.
Status run_batched_section(const BenchSetup & setup, const BatchedRequest & request, BenchReport & report);

} // namespace r1tune::bench

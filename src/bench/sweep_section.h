// Thread count and pinning, r1tune's engine against llama-bench at every setting of the sweep
// plan: decode and prompt speed, and which setting wins on this machine.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_setup.h"
#include "bench/measurement.h"
#include "bench/report.h"
#include "bench/round_statistics.h"
#include "bench/sweep_plan.h"
#include "util/status.h"

namespace r1tune::bench {

// Measures every point of `points` in each of `setup.rounds` rounds (all points in one round
// before the next round, so a change in the machine's load touches every setting alike) with
// the request's model and sizes, and appends the section to `report`. `openmp` says whether
// ggml runs its threads through OpenMP, where one pinned thread is not pinned at all.
Status run_sweep_section(const BenchSetup & setup, const SingleRequest & request, const std::vector<SweepPoint> & points,
                         bool openmp, BenchReport & report);

// Which setting gave `who` the highest median `what` (settings[i] measured spreads[i]), and
// whether it beat the runner-up beyond the noise: its slowest round faster than the runner-up's
// fastest. Empty when `who` measured nothing.
std::string fastest_setting_note(std::string_view who, std::string_view what, const std::vector<std::string> & settings,
                                 const std::vector<Spread> & spreads);

} // namespace r1tune::bench

// One sequence, r1tune's engine against llama-bench: prompt speed, decode speed, time to first
// token and peak memory, round by round.
#pragma once

#include <string>

#include "bench/bench_setup.h"
#include "bench/measurement.h"
#include "bench/report.h"
#include "util/status.h"

namespace r1tune::bench {

// The target: r1tune decodes at no less than 0.97 of llama-bench's speed.
inline constexpr double kDecodeRatioTarget = 0.97;

// Measures `setup.rounds` rounds and appends the section to `report`, filling in the model's
// description and the commit llama-bench reports. An error of r1tune's side ends the run; a
// failing llama-bench leaves its column with the reason and r1tune's numbers stand.
Status run_single_section(const BenchSetup & setup, const SingleRequest & request, BenchReport & report);

// Whether the decode row meets the target, by its median ratio; empty when nothing was compared.
std::string decode_target_note(const ComparisonRow & decode);

} // namespace r1tune::bench

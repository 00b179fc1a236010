// How busy the machine was when the run began: the kernel's one-minute load average. On a
// shared machine other processes take cores from both sides of every round; a reader comparing
// two runs' absolute speeds needs to know that, while the per-round ratios stay comparable.
#pragma once

#include <optional>
#include <string_view>

namespace r1tune::bench {

// The first field of /proc/loadavg's text ("0.52 0.58 0.59 1/467 12345"); none if unreadable.
std::optional<double> parse_load_average(std::string_view loadavg);

// This machine's, now.
std::optional<double> read_load_average();

} // namespace r1tune::bench

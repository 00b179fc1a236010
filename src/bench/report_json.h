// The report for programs (`r1tune bench --json`): every round's value besides the summaries.
#pragma once

#include <nlohmann/json.hpp>

#include "bench/report.h"

namespace r1tune::bench {

nlohmann::json report_json(const BenchReport & report);

} // namespace r1tune::bench

// Reading llama-batched-bench's machine-readable output (--output-format jsonl): one JSON object
// per line for each (prompt, generation, sequences) combination, with the aggregate decode speed
// of all sequences in "speed_tg" (the S_TG column of its table).
#pragma once

#include <string_view>
#include <vector>

#include "bench/measurement.h"
#include "util/status.h"

namespace r1tune::bench {

// The decode speed for every count of request.sequence_counts, in that order, from the lines
// whose prompt and generation lengths are the request's. Lines that do not start with '{' are
// not results and are skipped; a result line that is not JSON, lacks a number, or a count with
// no line (the tool skips counts that do not fit its context) is an internal error.
Status parse_batched_bench_output(std::string_view jsonl_text, const BatchedRequest & request,
                                  std::vector<BatchedPoint> & out);

} // namespace r1tune::bench

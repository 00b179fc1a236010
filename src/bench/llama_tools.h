// llama.cpp's own benchmark tools, built from the same pinned source as r1tune's engine: where
// they are, the command lines that give them the very settings r1tune's side gets, and running
// them as child processes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "bench/measurement.h"
#include "util/status.h"

namespace r1tune::bench {

struct LlamaTool {
    std::string name;                 // "llama-bench"
    std::filesystem::path path;
    std::string unavailable;          // why it cannot be run, e.g. "not built (...)"; empty = it can
};

// `name` in `dir` (the build puts the tools beside r1tune); when it is not there, unavailable
// says how to build it.
LlamaTool find_llama_tool(const std::filesystem::path & dir, const std::string & name);

// llama-bench's -C: the CPUs as a hexadecimal bit mask, CPU 0 the lowest bit ("0,1" → "0x3").
std::string cpu_mask_hex(const std::vector<int> & cpus);

// `llama-bench -p P -n N -r 1 -o json` with the request's model, threads and batch size; pinned
// requests add `-C MASK --cpu-strict 1`, which puts thread i on the mask's i-th CPU, as r1tune's
// pinned session does.
std::vector<std::string> llama_bench_command(const LlamaTool & tool, const SingleRequest & request);

// `llama-batched-bench -pps -kvu --output-format jsonl` with the request's model, threads, batch
// size, context, prompt and generation lengths and sequence counts: a shared prompt in a unified
// KV cache, as r1tune's forked sequences have it.
std::vector<std::string> batched_bench_command(const LlamaTool & tool, const BatchedRequest & request);

// Runs llama-bench once; `build_commit` gets the commit it reports. A failed run or output it
// cannot read is an internal error with the tool's reason.
Status run_llama_bench(const LlamaTool & tool, const SingleRequest & request, SingleMeasurement & out,
                       std::string & build_commit);

// Runs llama-batched-bench once over all of the request's sequence counts.
Status run_batched_bench(const LlamaTool & tool, const BatchedRequest & request, std::vector<BatchedPoint> & out);

} // namespace r1tune::bench

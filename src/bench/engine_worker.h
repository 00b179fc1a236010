// r1tune's side of a measurement runs in a child process of its own, `r1tune bench --worker
// single|batched ...`, just as llama.cpp's tools run in theirs. So each side's peak memory is the
// high-water mark of one process that did nothing but load the model and measure, counted by the
// kernel in the same way for both (wait4's ru_maxrss), and neither side runs in a process that
// the other warmed up or filled. The child prints one line of JSON: its measurement, or the
// error that stopped it with the error's kind, so the parent reports it as if it were its own.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/measurement.h"
#include "process/child_process.h"
#include "util/status.h"

namespace r1tune::bench {

// In the child: loads the model and measures; `line` is what to print, the measurement or the
// error, which is also returned for the child's exit code.
Status run_single_worker(const SingleRequest & request, std::string & line);
Status run_batched_worker(const BatchedRequest & request, std::string & line);

// What the parent starts as the worker: this very binary. /proc/self/exe runs the same file
// even when a rebuild has replaced the one on disk during a long run.
inline const std::filesystem::path kThisBinary = "/proc/self/exe";

// The folder this binary was started from; the build puts llama.cpp's tools there too.
std::filesystem::path this_binary_dir();

// In the parent: the command lines that start the child (the options `r1tune bench` registers
// for --worker), and running them. The single measurement's peak memory is the child's.
std::vector<std::string> single_worker_command(const std::filesystem::path & r1tune, const SingleRequest & request);
std::vector<std::string> batched_worker_command(const std::filesystem::path & r1tune, const BatchedRequest & request);
Status run_engine_single(const std::filesystem::path & r1tune, const SingleRequest & request, SingleMeasurement & out);
Status run_engine_batched(const std::filesystem::path & r1tune, const BatchedRequest & request,
                          std::vector<BatchedPoint> & out);

// The protocol's parts, for every kind of worker: the error line a child prints, a child's line
// read back (its error as a status), and running a worker command (a child that died before
// printing is an internal error).
std::string worker_error_line(const Status & status);
Status read_worker_line(std::string_view line, nlohmann::json & out);
Status run_worker_command(const std::vector<std::string> & command, process::ChildResult & result);

// The child's line read back; an error line gives the child's status.
Status parse_single_worker_line(std::string_view line, SingleMeasurement & out);
Status parse_batched_worker_line(std::string_view line, std::vector<BatchedPoint> & out);

} // namespace r1tune::bench

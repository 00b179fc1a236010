#include "bench/llama_tools.h"

#include <unistd.h>

#include <algorithm>

#include "bench/batched_bench_output.h"
#include "bench/llama_bench_output.h"
#include "process/child_process.h"

namespace r1tune::bench {

namespace {

// Runs a tool and returns its output, or its failure as one sentence.
Status run_tool(const LlamaTool & tool, const std::vector<std::string> & command, process::ChildResult & result) {
    if (Status s = process::run_child({command}, result); !s) return s;
    if (!result.succeeded()) return Status::internal(tool.name + " " + result.failure());
    return Status::ok();
}

} // namespace

LlamaTool find_llama_tool(const std::filesystem::path & dir, const std::string & name) {
    LlamaTool tool{name, dir / name, ""};
    if (::access(tool.path.c_str(), X_OK) != 0) tool.unavailable = "not built (cmake --build build --target " + name + ")";
    return tool;
}

std::string cpu_mask_hex(const std::vector<int> & cpus) {
    const int highest = cpus.empty() ? 0 : *std::max_element(cpus.begin(), cpus.end());
    std::vector<int> nibbles(static_cast<std::size_t>(highest / 4 + 1), 0); // least significant first
    for (int cpu : cpus) nibbles[static_cast<std::size_t>(cpu / 4)] |= 1 << (cpu % 4);
    std::string hex = "0x";
    for (auto it = nibbles.rbegin(); it != nibbles.rend(); ++it) hex += "0123456789abcdef"[*it];
    return hex;
}

std::vector<std::string> llama_bench_command(const LlamaTool & tool, const SingleRequest & request) {
    std::vector<std::string> command = {
        tool.path.string(), "-m", request.model_path, "-t", std::to_string(request.threads),
        "-p", std::to_string(request.prompt_tokens), "-n", std::to_string(request.decode_tokens),
        "-b", std::to_string(request.batch_size), "-ub", std::to_string(request.batch_size),
        "-r", "1", "-o", "json"};
    if (!request.cpus.empty()) {
        command.insert(command.end(), {"-C", cpu_mask_hex(request.cpus), "--cpu-strict", "1"});
    }
    return command;
}

std::vector<std::string> batched_bench_command(const LlamaTool & tool, const BatchedRequest & request) {
    return {tool.path.string(), "-m", request.model_path, "-t", std::to_string(request.threads),
            "-c", std::to_string(request.context_size()),
            "-b", std::to_string(request.batch_size), "-ub", std::to_string(request.batch_size),
            "-npp", std::to_string(request.prompt_tokens), "-ntg", std::to_string(request.decode_tokens),
            "-npl", comma_list(request.sequence_counts), "-pps", "-kvu", "--output-format", "jsonl"};
}

Status run_llama_bench(const LlamaTool & tool, const SingleRequest & request, SingleMeasurement & out,
                       std::string & build_commit) {
    process::ChildResult result;
    if (Status s = run_tool(tool, llama_bench_command(tool, request), result); !s) return s;
    LlamaBenchResult parsed;
    if (Status s = parse_llama_bench_output(result.out, request.prompt_tokens, request.decode_tokens, parsed); !s) {
        return s;
    }
    out = parsed.measurement;
    out.peak_rss_bytes = result.peak_rss_bytes;
    build_commit = parsed.build_commit;
    return Status::ok();
}

Status run_batched_bench(const LlamaTool & tool, const BatchedRequest & request, std::vector<BatchedPoint> & out) {
    process::ChildResult result;
    if (Status s = run_tool(tool, batched_bench_command(tool, request), result); !s) return s;
    return parse_batched_bench_output(result.out, request, out);
}

} // namespace r1tune::bench

// Serving, `r1tune serve` against llama-server on the same model and threads: 1, 2 and 4 clients
// at once, each sending streamed chat requests one after another; the tokens all of them got per
// second of wall time, and the mean time to a request's first text. Both sides answer plainly (no
// scaffold, no checks' retries, one sample), so the difference is the serving, not the levers.
// Each side decodes its clients' requests together: llama-server with a slot per client, r1tune
// with a lane per client (serve --parallel).
#pragma once

#include <string>
#include <vector>

#include "bench/bench_setup.h"
#include "bench/llama_tools.h"
#include "bench/report.h"
#include "util/status.h"

namespace r1tune::bench {

struct ServeRequest {
    std::string model_path;
    int threads = 1;
    std::vector<int> client_counts = {1, 2, 4};
    int requests_per_client = 2;
    int max_tokens = 64;
    std::filesystem::path log_dir; // the servers' logs
};

// The questions the clients ask (GSM8K-style, short, in English and Chinese).
const std::vector<std::string> & serve_questions();

// Measures `setup.rounds` rounds, each client count in every round as a pair of servers started
// afresh, and appends the section to `report`. An error of r1tune's side ends the run; a failing
// llama-server leaves its column with the reason.
Status run_serve_section(const BenchSetup & setup, const ServeRequest & request, const LlamaTool & server,
                         BenchReport & report);

} // namespace r1tune::bench

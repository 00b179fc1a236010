// --backend for solve and eval: run the model behind remote OpenAI-compatible servers instead of
// loading it here, with r1tune's pipeline on top (src/remote, pipeline/remote_responder).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "remote/openai_backend.h"
#include "util/status.h"

namespace r1tune::cli {

struct BackendOption {
    std::vector<std::string> urls; // empty: a local model
    std::string model;             // the servers' model id; empty: the first the (first) server lists
    std::string api_key;
    long timeout_seconds = 3600; // one request, a whole vote's samples included

    // --backend URL (eval: several, which share the items), --backend-model NAME, --backend-key KEY
    // (or R1TUNE_BACKEND_KEY), --backend-timeout.
    void add_options(CLI::App & command, bool several);
    // Once the command's options are all added: those that shape a local model (-m, threads,
    // context, KV cache, pinning, …) and would do nothing with --backend are refused beside it.
    void exclude_local_options(CLI::App & command) const;
    bool given() const { return !urls.empty(); }
    // Connects to every server; they must serve one model, as one run measures one model.
    Status connect(std::vector<remote::OpenAiBackend> & out) const;

private:
    CLI::Option * url_option_ = nullptr;
};

} // namespace r1tune::cli

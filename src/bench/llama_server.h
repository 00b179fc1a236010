// llama.cpp's own server as the yardstick for the prefix cache, for serving and for speculative
// decoding: started as a
// child process on a free local port (bench/local_server) with one slot or more. For the prefix
// cache it is asked for one token after a prompt given as token ids (so it evaluates exactly the
// tokens r1tune does), with prompt caching on; its slot is saved to and restored from disk
// through its /slots API, as a restarted server would start warm.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/local_server.h"
#include "util/status.h"

namespace r1tune::bench {

struct ServerOptions {
    std::filesystem::path binary; // llama-server
    std::filesystem::path model;
    int threads = 1;
    int context = 4096;
    std::filesystem::path slot_dir; // where /slots save and restore files (and its log); created if missing
    int parallel = 1;               // slots: requests it decodes together (continuous batching)
    std::vector<std::string> extra; // further arguments, e.g. its speculation settings
};

// From one /completion response: what the server reports it did.
struct CompletionTimings {
    int cached_tokens = 0;   // "cache_n": prompt tokens it took from its cache
    double prompt_ms = 0;
    double predicted_ms = 0; // the one generated token
    double first_token_ms() const { return prompt_ms + predicted_ms; }
};

// Reads "timings" of a /completion response; an internal error naming what is missing.
Status parse_completion_timings(std::string_view response, CompletionTimings & out);

// From a /completion response that generated text: how many tokens in how long, how many the
// speculation proposed and how many of them it kept (0 and 0 without speculation), and the text.
struct GenerationTimings {
    int predicted_tokens = 0; // "predicted_n"
    double predicted_ms = 0;
    int drafted = 0;          // "draft_n"
    int drafted_kept = 0;     // "draft_n_accepted"
    std::string content;
    double tokens_per_second() const { return predicted_ms > 0 ? predicted_tokens * 1000.0 / predicted_ms : 0; }
};
Status parse_generation_timings(std::string_view response, GenerationTimings & out);

// Reads "timings"."restore_ms" (or "save_ms") and the token count of a /slots response.
Status parse_slot_action(std::string_view response, bool save, int & tokens, double & ms);

class LlamaServer {
public:
    // Starts the server and waits until /health answers (loading a model takes a while); a
    // server that exits or does not come up in time is an I/O error with the end of its log.
    static Status start(const ServerOptions & options, std::unique_ptr<LlamaServer> & out);
    ~LlamaServer() = default; // its LocalServer stops it: SIGTERM, then SIGKILL if it lingers
    LlamaServer(const LlamaServer &) = delete;
    LlamaServer & operator=(const LlamaServer &) = delete;

    // One token after `prompt`, greedy, with the prompt cache on.
    Status complete(const std::vector<int> & prompt, CompletionTimings & out);
    // Up to `tokens` tokens after `prompt`, greedy, evaluated afresh (no prompt cache).
    Status generate(const std::vector<int> & prompt, int tokens, GenerationTimings & out);
    // Slot 0 to or from `filename` in the slot folder.
    Status save_slot(const std::string & filename, double & ms);
    Status restore_slot(const std::string & filename, double & ms);

    int port() const { return server_->port(); }

private:
    LlamaServer() = default;

    std::unique_ptr<LocalServer> server_;
};

} // namespace r1tune::bench

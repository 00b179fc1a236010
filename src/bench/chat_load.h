// The load the serve section puts on a chat server: a number of clients at once, each sending its
// requests one after another to /v1/chat/completions with stream on, as an OpenAI client does.
// What it measures: every request's first text (the first chunk that carries thinking or answer
// text), and the tokens all of them generated over the wall time of the whole load.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace r1tune::bench {

struct ChatLoad {
    int port = 0;
    int clients = 1;
    int requests_per_client = 2;
    int max_tokens = 64;
    std::vector<std::string> questions; // request k of client c asks questions[(c * requests + k) % size]
    nlohmann::json extra = nlohmann::json::object(); // more request fields (r1tune's levers, a seed)
};

struct ChatLoadResult {
    double wall_ms = 0;
    long long completion_tokens = 0;  // from each stream's usage
    double mean_first_text_ms = 0;    // over the requests
    double tokens_per_second() const { return wall_ms > 0 ? completion_tokens * 1000.0 / wall_ms : 0; }
};

// Runs the load; any request that fails (not 200, no usage, an error event) fails the run with a
// sentence that says which and why.
Status run_chat_load(const ChatLoad & load, ChatLoadResult & out);

} // namespace r1tune::bench

// The HTTP face of the server, on cpp-httplib: /health, /v1/models and /v1/chat/completions
// (plain and streamed as server-sent events), the web page at /, with /v1 and /r1tune (the
// notebook, serve/notebook_api) behind an optional API key, a bound on the request body, every
// error in OpenAI's shape.
#pragma once

#include <cstddef>
#include <string>

namespace httplib {
class Server;
}

namespace r1tune::serve {

class ModelWorker;

struct ApiOptions {
    std::string api_key;                   // empty: no key asked for
    std::size_t max_body_bytes = 1 << 20;  // a question longer than the context fails anyway
    std::string model_name;                // what /v1/models lists and completions name
    // The address the server listens on: on a loopback one, requests must name a loopback host,
    // so a web page's DNS name that a rebinding attack points here is refused.
    std::string host = "127.0.0.1";
    int queue_limit = 16; // the worker's; the HTTP threads are sized to hold that many waiting requests
};

// Registers the routes on `server`; `worker` and `options` must outlive it.
void install_api(httplib::Server & server, ModelWorker & worker, const ApiOptions & options);

} // namespace r1tune::serve

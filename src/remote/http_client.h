// One HTTP exchange over libcurl, for everything r1tune asks of another server: a remote
// OpenAI-compatible backend (remote/openai_backend) and the servers bench measures. The body
// arrives whole, or piece by piece for a stream; a caller's flag can end the exchange early.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace r1tune::remote {

struct HttpRequest {
    std::string url;
    std::string body;    // JSON to POST; empty: a GET
    std::string api_key; // sent as "Authorization: Bearer KEY" when set
    long timeout_seconds = 3600;
    long connect_timeout_seconds = 10;
    // The most bytes the answer's body may have: past it the exchange ends with an I/O error, so
    // a server that never stops cannot fill the memory.
    std::size_t max_bytes = std::size_t{64} << 20;
    // Set from another thread: the exchange ends at the next chunk or progress tick (about a
    // second) with a cancelled status.
    const std::atomic<bool> * cancel = nullptr;
    // Each piece of the answer's body as it arrives (a stream). Without it the body collects in
    // HttpReply::body; with it, HttpReply::body keeps only the first 4 KiB, for error messages.
    // It must not throw (it runs inside libcurl); an exception ends the exchange as an error.
    std::function<void(std::string_view)> on_bytes;
};

struct HttpReply {
    long code = 0; // the HTTP status
    std::string body;
};

// A server that does not answer at all (refused, unknown host, timeout) is an I/O error naming
// the URL; any HTTP status is a reply, for the caller to judge.
Status http_exchange(const HttpRequest & request, HttpReply & reply);

} // namespace r1tune::remote

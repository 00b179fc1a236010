#include "bench/chat_load.h"

#include <chrono>
#include <mutex>
#include <thread>

#include <curl/curl.h>

namespace r1tune::bench {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Exchange {
    std::string buffer;
    StreamReading reading;
    Clock::time_point start;
    double first_text_ms = -1;
};

std::size_t on_bytes(char * data, std::size_t size, std::size_t count, void * target) {
    auto & exchange = *static_cast<Exchange *>(target);
    exchange.buffer.append(data, size * count);
    read_stream_events(exchange.buffer, exchange.reading);
    if (exchange.reading.text_seen && exchange.first_text_ms < 0) exchange.first_text_ms = ms_between(exchange.start, Clock::now());
    return size * count;
}

// One streamed request; its first-text time and tokens, or why it failed.
Status one_request(const ChatLoad & load, const std::string & question, double & first_text_ms, long long & tokens) {
    json body = load.extra;
    body["messages"] = json::array({{{"role", "user"}, {"content", question}}});
    body["max_tokens"] = load.max_tokens;
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};
    const std::string text = body.dump();
    Exchange exchange;
    CURL * curl = curl_easy_init();
    if (!curl) return Status::internal("libcurl could not start a request");
    const std::string url = "http://127.0.0.1:" + std::to_string(load.port) + "/v1/chat/completions";
    curl_slist * headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, text.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_bytes);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 3600L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    exchange.start = Clock::now();
    const CURLcode result = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (result != CURLE_OK) return Status::io(std::string("the request failed: ") + curl_easy_strerror(result));
    if (code != 200) return Status::io("the server answered " + std::to_string(code) + ": " + exchange.buffer.substr(0, 200));
    if (!exchange.reading.error.empty()) return Status::io("the stream ended with an error: " + exchange.reading.error);
    if (exchange.reading.completion_tokens < 0) return Status::io("the stream carried no usage");
    first_text_ms = exchange.first_text_ms < 0 ? ms_between(exchange.start, Clock::now()) : exchange.first_text_ms;
    tokens = exchange.reading.completion_tokens;
    return Status::ok();
}

} // namespace

void read_stream_events(std::string & buffer, StreamReading & reading) {
    std::size_t end;
    while ((end = buffer.find("\n\n")) != std::string::npos) {
        const std::string event = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        if (event.rfind("data: ", 0) != 0 || event == "data: [DONE]") continue;
        const json chunk = json::parse(event.substr(6), nullptr, false);
        if (!chunk.is_object()) continue;
        if (chunk.contains("error")) {
            reading.error = chunk["error"].is_object() ? chunk["error"].value("message", "") : chunk["error"].dump();
        }
        if (chunk.contains("usage") && chunk["usage"].is_object() && chunk["usage"].contains("completion_tokens")) {
            reading.completion_tokens = chunk["usage"]["completion_tokens"].get<long long>();
        }
        if (chunk.contains("choices") && chunk["choices"].is_array() && !chunk["choices"].empty()) {
            const json & delta = chunk["choices"][0].value("delta", json::object());
            for (const char * field : {"content", "reasoning_content"}) {
                if (delta.contains(field) && delta[field].is_string() && !delta[field].get<std::string>().empty()) {
                    reading.text_seen = true;
                }
            }
        }
    }
}

Status run_chat_load(const ChatLoad & load, ChatLoadResult & out) {
    out = ChatLoadResult{};
    if (load.questions.empty()) return Status::internal("a chat load needs questions");
    std::mutex mutex;
    Status failure = Status::ok();
    double first_text_sum = 0;
    const auto start = Clock::now();
    std::vector<std::thread> clients;
    for (int c = 0; c < load.clients; ++c) {
        clients.emplace_back([&, c] {
            for (int k = 0; k < load.requests_per_client; ++k) {
                const auto & question = load.questions[(c * load.requests_per_client + k) % load.questions.size()];
                double first_text_ms = 0;
                long long tokens = 0;
                const Status s = one_request(load, question, first_text_ms, tokens);
                std::lock_guard lock(mutex);
                if (!s) {
                    if (failure) failure = s;
                    return;
                }
                first_text_sum += first_text_ms;
                out.completion_tokens += tokens;
            }
        });
    }
    for (std::thread & t : clients) t.join();
    if (!failure) return failure;
    out.wall_ms = ms_between(start, Clock::now());
    out.mean_first_text_ms = first_text_sum / (load.clients * load.requests_per_client);
    return Status::ok();
}

} // namespace r1tune::bench

#include "bench/chat_load.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "remote/chat_completion.h"
#include "remote/http_client.h"

namespace r1tune::bench {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// One streamed request; its first-text time and tokens, or why it failed.
Status one_request(const ChatLoad & load, const std::string & question, double & first_text_ms, long long & tokens) {
    json body = load.extra;
    body["messages"] = json::array({{{"role", "user"}, {"content", question}}});
    body["max_tokens"] = load.max_tokens;
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};
    remote::HttpRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(load.port) + "/v1/chat/completions";
    request.body = body.dump();
    remote::CompletionStream stream;
    const Clock::time_point start = Clock::now();
    first_text_ms = -1;
    request.on_bytes = [&](std::string_view bytes) {
        stream.feed(bytes);
        if (stream.text_seen() && first_text_ms < 0) first_text_ms = ms_between(start, Clock::now());
    };
    remote::HttpReply reply;
    if (Status s = remote::http_exchange(request, reply); !s) return s;
    if (reply.code != 200) return Status::io(remote::error_sentence(request.url, reply.code, reply.body));
    std::vector<remote::CompletionStream::Delta> last;
    remote::Completion completion;
    if (Status s = stream.finish(last, completion); !s) return s;
    if (completion.completion_tokens < 0) return Status::io("the stream carried no usage");
    if (first_text_ms < 0) first_text_ms = ms_between(start, Clock::now());
    tokens = completion.completion_tokens;
    return Status::ok();
}

} // namespace

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

#include "remote/http_client.h"

#include <memory>

#include <curl/curl.h>

namespace r1tune::remote {

namespace {

constexpr std::size_t kKeptWhileStreaming = 4096;

struct Transfer {
    const HttpRequest * request;
    HttpReply * reply;
    std::size_t received = 0;
    std::string failure; // why on_body ended the transfer
};

std::size_t on_body(char * data, std::size_t size, std::size_t count, void * target) {
    auto & transfer = *static_cast<Transfer *>(target);
    const std::string_view piece(data, size * count);
    // Returning less than was given aborts the transfer (CURLE_WRITE_ERROR).
    transfer.received += piece.size();
    if (transfer.received > transfer.request->max_bytes) {
        transfer.failure = "sent more than " + std::to_string(transfer.request->max_bytes >> 20) + " MiB";
        return 0;
    }
    try {
        if (transfer.request->on_bytes) {
            if (transfer.reply->body.size() < kKeptWhileStreaming) {
                transfer.reply->body.append(piece.substr(0, kKeptWhileStreaming - transfer.reply->body.size()));
            }
            transfer.request->on_bytes(piece);
        } else {
            transfer.reply->body.append(piece);
        }
    } catch (const std::exception & e) {
        transfer.failure = std::string("its answer could not be read: ") + e.what();
        return 0;
    }
    const bool cancelled = transfer.request->cancel != nullptr && transfer.request->cancel->load();
    return cancelled ? 0 : piece.size();
}

int on_progress(void * target, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto & transfer = *static_cast<Transfer *>(target);
    return transfer.request->cancel != nullptr && transfer.request->cancel->load() ? 1 : 0;
}

struct CurlCleanup {
    void operator()(CURL * curl) const { curl_easy_cleanup(curl); }
};
struct HeadersCleanup {
    void operator()(curl_slist * list) const { curl_slist_free_all(list); }
};

} // namespace

Status http_exchange(const HttpRequest & request, HttpReply & reply) {
    reply = HttpReply{};
    std::unique_ptr<CURL, CurlCleanup> curl(curl_easy_init());
    if (!curl) return Status::internal("libcurl could not start a request");
    curl_slist * list = nullptr;
    if (!request.body.empty()) list = curl_slist_append(list, "Content-Type: application/json");
    const std::string authorization = "Authorization: Bearer " + request.api_key;
    if (!request.api_key.empty()) list = curl_slist_append(list, authorization.c_str());
    const std::unique_ptr<curl_slist, HeadersCleanup> headers(list);

    Transfer transfer{&request, &reply};
    CURL * c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    if (!request.body.empty()) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, request.timeout_seconds);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, request.connect_timeout_seconds);
    // Threads of a server or an evaluation share the process: no signals for timeouts.
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    const CURLcode result = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.code);
    if (!transfer.failure.empty()) return Status::io(request.url + " " + transfer.failure);
    if (request.cancel != nullptr && request.cancel->load() &&
        (result == CURLE_WRITE_ERROR || result == CURLE_ABORTED_BY_CALLBACK)) {
        return Status::cancelled("the request to " + request.url + " was cancelled");
    }
    if (result != CURLE_OK) {
        return Status::io((transfer.received == 0 ? "no answer from " : "the answer from ") + request.url +
                          (transfer.received == 0 ? ": " : " broke off: ") + curl_easy_strerror(result));
    }
    return Status::ok();
}

} // namespace r1tune::remote

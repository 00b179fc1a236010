#include "bench/llama_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

namespace r1tune::bench {

namespace {

using json = nlohmann::json;

// Loading a 1 GB model from a cold disk, plus warm-up, on a slow machine.
constexpr auto kStartTimeout = std::chrono::seconds(300);

// A port no one listens on now: the kernel's pick for a socket bound to port 0. Another process
// could take it before the server binds it; the server then fails to start and says so.
Status free_port(int & port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return Status::io("cannot open a socket to find a free port");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t length = sizeof addr;
    const bool ok = bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
                    getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &length) == 0;
    close(fd);
    if (!ok) return Status::io("cannot find a free local port");
    port = ntohs(addr.sin_port);
    return Status::ok();
}

std::size_t collect(char * data, std::size_t size, std::size_t count, void * target) {
    static_cast<std::string *>(target)->append(data, size * count);
    return size * count;
}

// One HTTP request to the local server; `body` empty means GET. Returns the status code in
// `code` (0 when nothing answered).
void request(int port, const std::string & path, const std::string & body, long & code, std::string & response,
             long timeout_seconds) {
    code = 0;
    response.clear();
    CURL * curl = curl_easy_init();
    if (!curl) return;
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
    curl_slist * headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (!body.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    }
    if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
}

} // namespace

Status parse_completion_timings(std::string_view response, CompletionTimings & out) {
    const json doc = json::parse(response, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("timings") || !doc["timings"].is_object()) {
        return Status::internal("llama-server's answer has no timings: " + std::string(response.substr(0, 200)));
    }
    const json & t = doc["timings"];
    for (const char * key : {"cache_n", "prompt_n", "prompt_ms", "predicted_ms"}) {
        if (!t.contains(key) || !t[key].is_number()) {
            return Status::internal(std::string("llama-server's timings lack \"") + key + "\"");
        }
    }
    out.cached_tokens = t["cache_n"].get<int>();
    out.evaluated_tokens = t["prompt_n"].get<int>();
    out.prompt_ms = t["prompt_ms"].get<double>();
    out.predicted_ms = t["predicted_ms"].get<double>();
    return Status::ok();
}

Status parse_slot_action(std::string_view response, bool save, int & tokens, double & ms) {
    const json doc = json::parse(response, nullptr, false);
    const char * count = save ? "n_saved" : "n_restored";
    const char * time = save ? "save_ms" : "restore_ms";
    if (doc.is_discarded() || !doc.is_object() || !doc.contains(count) || !doc[count].is_number() ||
        !doc.contains("timings") || !doc["timings"].is_object() || !doc["timings"].contains(time) ||
        !doc["timings"][time].is_number()) {
        return Status::internal(std::string("llama-server's slot ") + (save ? "save" : "restore") +
                                " answer is not what it should be: " + std::string(response.substr(0, 200)));
    }
    tokens = doc[count].get<int>();
    ms = doc["timings"][time].get<double>();
    return Status::ok();
}

Status LlamaServer::start(const ServerOptions & options, std::unique_ptr<LlamaServer> & out) {
    std::unique_ptr<LlamaServer> server(new LlamaServer());
    if (Status s = free_port(server->port_); !s) return s;
    std::error_code ec;
    std::filesystem::create_directories(options.slot_dir, ec);
    if (ec) return Status::io("cannot create " + options.slot_dir.string() + ": " + ec.message());
    server->log_ = options.slot_dir / "llama-server.log";
    // llama-server wants the slot folder with its trailing separator: it appends the file name.
    const std::string slot_dir = (options.slot_dir / "").string();
    const std::vector<std::string> args = {options.binary.string(), "-m", options.model.string(),
                                           "-t", std::to_string(options.threads),
                                           "-tb", std::to_string(options.threads),
                                           "-c", std::to_string(options.context),
                                           "-np", "1", "--host", "127.0.0.1",
                                           "--port", std::to_string(server->port_),
                                           "--slot-save-path", slot_dir, "--cache-prompt"};
    process::ChildOptions child;
    child.argv = args;
    child.output_file = server->log_;
    if (Status s = process::Child::start(child, server->process_); !s) return s;
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    for (;;) {
        long code = 0;
        std::string body;
        request(server->port_, "/health", "", code, body, 5);
        if (code == 200) break;
        if (server->process_->ended()) return Status::io("llama-server exited while starting: " + server->log_tail());
        if (std::chrono::steady_clock::now() > deadline) {
            return Status::io("llama-server did not come up in " + std::to_string(kStartTimeout.count()) +
                              " s: " + server->log_tail());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    out = std::move(server);
    return Status::ok();
}

std::string LlamaServer::log_tail() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    if (s.size() > 400) s = "…" + s.substr(s.size() - 400);
    return s.empty() ? std::string("(no log)") : s;
}

Status LlamaServer::post(const std::string & path, const std::string & body, std::string & response) const {
    long code = 0;
    request(port_, path, body, code, response, 3600);
    if (code != 200) {
        return Status::io("llama-server answered " + std::to_string(code) + " to " + path + ": " +
                          response.substr(0, 200));
    }
    return Status::ok();
}

Status LlamaServer::complete(const std::vector<int> & prompt, CompletionTimings & out) {
    const json body = {{"prompt", prompt}, {"n_predict", 1}, {"temperature", 0}, {"cache_prompt", true}, {"id_slot", 0}};
    std::string response;
    if (Status s = post("/completion", body.dump(), response); !s) return s;
    return parse_completion_timings(response, out);
}

Status LlamaServer::save_slot(const std::string & filename, double & ms) {
    std::string response;
    if (Status s = post("/slots/0?action=save", json{{"filename", filename}}.dump(), response); !s) return s;
    int tokens = 0;
    return parse_slot_action(response, true, tokens, ms);
}

Status LlamaServer::restore_slot(const std::string & filename, double & ms) {
    std::string response;
    if (Status s = post("/slots/0?action=restore", json{{"filename", filename}}.dump(), response); !s) return s;
    int tokens = 0;
    return parse_slot_action(response, false, tokens, ms);
}

} // namespace r1tune::bench

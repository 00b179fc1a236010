#include "bench/local_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "remote/http_client.h"

namespace r1tune::bench {

namespace {

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

// One exchange with 127.0.0.1:port; an empty `body` is a GET. `code` is the HTTP status (0 when
// nothing answered).
void local_request(int port, const std::string & path, const std::string & body, long & code, std::string & response,
                   long timeout_seconds) {
    remote::HttpRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(port) + path;
    request.body = body;
    request.timeout_seconds = timeout_seconds;
    remote::HttpReply reply;
    const Status s = remote::http_exchange(request, reply);
    code = s ? reply.code : 0;
    response = std::move(reply.body);
}

} // namespace

Status LocalServer::start(const std::string & name, std::vector<std::string> argv, const std::filesystem::path & log,
                          std::unique_ptr<LocalServer> & out) {
    std::unique_ptr<LocalServer> server(new LocalServer());
    server->name_ = name;
    server->log_ = log;
    if (Status s = free_port(server->port_); !s) return s;
    argv.insert(argv.end(), {"--host", "127.0.0.1", "--port", std::to_string(server->port_)});
    process::ChildOptions child;
    child.argv = std::move(argv);
    child.output_file = log;
    if (Status s = process::Child::start(child, server->process_); !s) return s;
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    for (;;) {
        long code = 0;
        std::string body;
        local_request(server->port_, "/health", "", code, body, 5);
        if (code == 200) break;
        if (server->process_->ended()) return Status::io(name + " exited while starting: " + server->log_tail());
        if (std::chrono::steady_clock::now() > deadline) {
            return Status::io(name + " did not come up in " + std::to_string(kStartTimeout.count()) +
                              " s: " + server->log_tail());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    out = std::move(server);
    return Status::ok();
}

std::string LocalServer::log_tail() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    if (s.size() > 400) s = "…" + s.substr(s.size() - 400);
    return s.empty() ? std::string("(no log)") : s;
}

Status LocalServer::post(const std::string & path, const std::string & body, std::string & response) const {
    long code = 0;
    local_request(port_, path, body, code, response, 3600);
    if (code != 200) {
        return Status::io(name_ + " answered " + std::to_string(code) + " to " + path + ": " + response.substr(0, 200));
    }
    return Status::ok();
}

} // namespace r1tune::bench

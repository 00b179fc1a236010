#include "local_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace r1tune::models::test_support {

namespace {

constexpr int kStartTimeoutMs = 10'000;

} // namespace

LocalHttpServer::LocalHttpServer(const std::filesystem::path & directory,
                                 const std::filesystem::path & request_log,
                                 const ServerBehaviour & behaviour) {
    std::vector<std::string> args = {R1TUNE_TEST_PYTHON, R1TUNE_TEST_RANGE_SERVER,
                                     "--directory", directory.string(),
                                     "--log", request_log.string()};
    if (behaviour.drop_after) {
        args.push_back("--drop-after");
        args.push_back(std::to_string(*behaviour.drop_after));
    }
    if (behaviour.ignore_range) args.push_back("--ignore-range");
    process::ChildOptions options;
    options.argv = args;
    options.share_stderr = true; // its request log lines
    if (Status s = process::Child::start(options, server_); !s) {
        start_error_ = s.message();
        return;
    }
    // The server prints its port on its first line once it listens.
    const std::optional<std::string> first_line = server_->first_line(std::chrono::milliseconds(kStartTimeoutMs));
    port_ = first_line ? std::atoi(first_line->c_str()) : 0;
    if (port_ <= 0) start_error_ = "the test server printed no port: '" + first_line.value_or("") + "'";
}

std::string LocalHttpServer::url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + std::string(path);
}

int closed_local_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

} // namespace r1tune::models::test_support

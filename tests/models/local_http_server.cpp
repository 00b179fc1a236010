#include "local_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

extern char ** environ;

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
    std::vector<char *> argv;
    for (std::string & arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    int port_pipe[2];
    if (pipe(port_pipe) != 0) {
        start_error_ = "pipe() failed";
        return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, port_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, port_pipe[0]);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(port_pipe[1]);
    if (spawned != 0) {
        pid_ = -1;
        close(port_pipe[0]);
        start_error_ = std::string("cannot start ") + R1TUNE_TEST_PYTHON;
        return;
    }

    // The server prints its port on its first line once it listens.
    std::string first_line;
    pollfd readable{port_pipe[0], POLLIN, 0};
    char c = 0;
    while (first_line.find('\n') == std::string::npos && poll(&readable, 1, kStartTimeoutMs) == 1 &&
           read(port_pipe[0], &c, 1) == 1) {
        first_line.push_back(c);
    }
    close(port_pipe[0]);
    port_ = std::atoi(first_line.c_str());
    if (port_ <= 0) start_error_ = "the test server printed no port: '" + first_line + "'";
}

LocalHttpServer::~LocalHttpServer() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
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

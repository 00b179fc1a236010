// A server that bench starts as a child process on a free loopback port and waits for until its
// /health answers: llama-server for the prefix and serve sections, `r1tune serve` for the serve
// section. Stopped (SIGTERM, then SIGKILL) when it goes out of scope.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "process/child_process.h"
#include "util/status.h"

namespace r1tune::bench {

class LocalServer {
public:
    // Starts `argv` with "--host 127.0.0.1 --port P" added, its output in `log`, and waits for
    // /health. A server that exits or does not come up in time is an I/O error naming `name`,
    // with the end of its log.
    static Status start(const std::string & name, std::vector<std::string> argv, const std::filesystem::path & log,
                        std::unique_ptr<LocalServer> & out);
    LocalServer(const LocalServer &) = delete;
    LocalServer & operator=(const LocalServer &) = delete;

    int port() const { return port_; }
    // POSTs `body`; anything but 200 is an I/O error with the start of the answer.
    Status post(const std::string & path, const std::string & body, std::string & response) const;
    std::string log_tail() const;

private:
    LocalServer() = default;

    std::string name_;
    std::unique_ptr<process::Child> process_;
    int port_ = 0;
    std::filesystem::path log_;
};

} // namespace r1tune::bench

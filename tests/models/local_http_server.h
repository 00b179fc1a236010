// Runs range_http_server.py on 127.0.0.1 for one test and stops it when the test ends.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "process/child_process.h"

namespace r1tune::models::test_support {

struct ServerBehaviour {
    std::optional<std::uint64_t> drop_after; // cut the first response longer than this after so many bytes
    bool ignore_range = false;               // answer every request with the whole file
};

class LocalHttpServer {
public:
    // Serves the files of `directory` and appends one line per request to `request_log`.
    LocalHttpServer(const std::filesystem::path & directory, const std::filesystem::path & request_log,
                    const ServerBehaviour & behaviour = {});
    ~LocalHttpServer() = default; // its Child stops it
    LocalHttpServer(const LocalHttpServer &) = delete;
    LocalHttpServer & operator=(const LocalHttpServer &) = delete;

    // Empty when the server started; otherwise why it did not.
    const std::string & start_error() const { return start_error_; }
    std::string url(std::string_view path) const;

private:
    std::unique_ptr<process::Child> server_;
    int port_ = 0;
    std::string start_error_;
};

// A port on 127.0.0.1 that nothing listens on: bound by the system, then released.
int closed_local_port();

} // namespace r1tune::models::test_support

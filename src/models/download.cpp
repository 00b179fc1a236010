#include "models/download.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>

#include <curl/curl.h>

#include "models/sha256.h"

namespace r1tune::models {

namespace {

namespace fs = std::filesystem;

constexpr long kMaxRedirects = 10;
constexpr long kConnectTimeoutSeconds = 30;
// A transfer that moves no byte for this long has stalled; the .part is kept for a retry.
constexpr long kStallSeconds = 60;

struct CurlCleanup {
    void operator()(CURL * curl) const { curl_easy_cleanup(curl); }
};

struct FileCloser {
    void operator()(std::FILE * file) const { std::fclose(file); }
};

// How one request for the rest of the file went. The fields describe the last response: a
// redirect's own headers are forgotten when the next response starts.
struct Transfer {
    CURL * curl = nullptr;
    fs::path part_path;
    std::uint64_t requested_from = 0; // bytes of the .part the Range request asked to skip
    const DownloadProgress * on_progress = nullptr;

    std::optional<std::uint64_t> range_start; // from Content-Range
    std::optional<std::uint64_t> range_total; // from Content-Range, the whole file's size

    bool body_started = false;
    bool discard_body = false; // the body is an error page, not the file
    std::unique_ptr<std::FILE, FileCloser> file;
    std::uint64_t file_bytes = 0;  // bytes now in the .part
    std::uint64_t total_bytes = 0; // the whole file's size, 0 when the server did not say
    std::string failure;           // why a callback stopped the transfer
};

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
}

std::optional<std::uint64_t> parse_number(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// "bytes 100-299/300" or "bytes */300" (the latter comes with a 416).
void parse_content_range(std::string_view value, Transfer & transfer) {
    constexpr std::string_view kUnit = "bytes ";
    if (!starts_with_ignoring_case(value, kUnit)) return;
    value.remove_prefix(kUnit.size());
    const std::size_t slash = value.find('/');
    if (slash == std::string_view::npos) return;
    transfer.range_total = parse_number(value.substr(slash + 1));
    const std::string_view range = value.substr(0, slash);
    transfer.range_start = parse_number(range.substr(0, range.find('-')));
}

std::size_t on_header(char * buffer, std::size_t size, std::size_t count, void * user) {
    auto & transfer = *static_cast<Transfer *>(user);
    std::string_view line(buffer, size * count);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);

    constexpr std::string_view kContentRange = "content-range:";
    if (line.starts_with("HTTP/")) {
        transfer.range_start.reset();
        transfer.range_total.reset();
    } else if (starts_with_ignoring_case(line, kContentRange)) {
        std::string_view value = line.substr(kContentRange.size());
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        parse_content_range(value, transfer);
    }
    return size * count;
}

// At the first byte of the final response's body: decides whether the body continues the
// .part (206), replaces it (200: the server ignored the Range), or is no file at all.
bool start_body(Transfer & transfer) {
    long http_code = 0;
    curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &http_code);
    curl_off_t body_length = -1;
    curl_easy_getinfo(transfer.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &body_length);

    const char * mode = nullptr;
    if (http_code == 206) {
        if (transfer.range_start != transfer.requested_from) {
            transfer.failure = "the server sent a different part of the file than was asked for";
            return false;
        }
        mode = "ab";
        transfer.file_bytes = transfer.requested_from;
        if (transfer.range_total) {
            transfer.total_bytes = *transfer.range_total;
        } else if (body_length >= 0) {
            transfer.total_bytes = transfer.requested_from + static_cast<std::uint64_t>(body_length);
        }
    } else if (http_code == 200) {
        mode = "wb";
        transfer.file_bytes = 0;
        if (body_length >= 0) transfer.total_bytes = static_cast<std::uint64_t>(body_length);
    } else {
        transfer.discard_body = true;
        return true;
    }

    transfer.file.reset(std::fopen(transfer.part_path.c_str(), mode));
    if (!transfer.file) {
        transfer.failure = "cannot write " + transfer.part_path.string() + ": " + std::strerror(errno);
        return false;
    }
    if (*transfer.on_progress) (*transfer.on_progress)(transfer.file_bytes, transfer.total_bytes);
    return true;
}

std::size_t on_body(char * data, std::size_t size, std::size_t count, void * user) {
    auto & transfer = *static_cast<Transfer *>(user);
    const std::size_t bytes = size * count;
    if (!transfer.body_started) {
        transfer.body_started = true;
        if (!start_body(transfer)) return 0; // 0 makes libcurl stop with CURLE_WRITE_ERROR
    }
    if (transfer.discard_body) return bytes;
    if (std::fwrite(data, 1, bytes, transfer.file.get()) != bytes) {
        transfer.failure = "cannot write " + transfer.part_path.string() + ": " + std::strerror(errno);
        return 0;
    }
    transfer.file_bytes += bytes;
    if (*transfer.on_progress) (*transfer.on_progress)(transfer.file_bytes, transfer.total_bytes);
    return bytes;
}

Status http_failure(long http_code, const std::string & url) {
    if (http_code == 404 || http_code == 410) return Status::io("the server has no file at " + url);
    if (http_code == 401 || http_code == 403) {
        return Status::io("the server refused access to " + url + " (HTTP " +
                          std::to_string(http_code) + ")");
    }
    return Status::io("the server answered HTTP " + std::to_string(http_code) +
                      " instead of the file at " + url);
}

Status curl_failure(CURLcode code, const char * detail, const std::string & url,
                    const Transfer & transfer) {
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return Status::io("cannot resolve the host name in " + url +
                          ": check the address and the network connection");
    case CURLE_COULDNT_CONNECT:
        return Status::io("cannot connect to the server of " + url +
                          " (connection refused or unreachable)");
    case CURLE_UNSUPPORTED_PROTOCOL:
        return Status::io("r1tune downloads only http:// and https:// URLs, which " + url +
                          " is not or redirects away from");
    case CURLE_TOO_MANY_REDIRECTS:
        return Status::io("the server of " + url + " redirected more than " +
                          std::to_string(kMaxRedirects) + " times");
    default:
        break;
    }
    if (transfer.file_bytes > 0) {
        return Status::io("the download of " + url + " stopped after " +
                          std::to_string(transfer.file_bytes) + " bytes (" + detail +
                          "); run the same command again to resume it from " +
                          transfer.part_path.string());
    }
    return Status::io("downloading " + url + " failed: " + detail);
}

// A fresh easy handle (null when libcurl cannot make one); libcurl is initialised once.
std::unique_ptr<CURL, CurlCleanup> new_handle() {
    static std::once_flag curl_initialized;
    std::call_once(curl_initialized, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    return std::unique_ptr<CURL, CurlCleanup>(curl_easy_init());
}

// What every request of r1tune's sets: http(s) only, redirects followed, timeouts for a stalled
// connection, and where libcurl writes its error message.
void set_common_options(CURL * handle, const std::string & url, char * error_buffer) {
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(handle, CURLOPT_MAXREDIRS, kMaxRedirects);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, kStallSeconds);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "r1tune");
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
}

// Requests the file from byte `offset` on (the whole file when 0) into the .part. On success
// `http_code` is 200, 206, or 416 when `offset` is at or past the end of the file.
Status fetch_from(const DownloadRequest & request, const fs::path & part_path, std::uint64_t offset,
                  Transfer & transfer, long & http_code) {
    std::unique_ptr<CURL, CurlCleanup> curl = new_handle();
    if (!curl) return Status::internal("libcurl could not start a transfer");
    transfer.curl = curl.get();
    transfer.part_path = part_path;
    transfer.requested_from = offset;
    transfer.on_progress = &request.on_progress;

    char error_buffer[CURL_ERROR_SIZE] = "";
    const std::string range = std::to_string(offset) + "-";
    CURL * handle = curl.get();
    set_common_options(handle, request.url, error_buffer);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
    // CURLOPT_RANGE rather than CURLOPT_RESUME_FROM: libcurl then leaves a 200 answer to us
    // instead of failing it, and a server that ignores ranges is handled by starting over.
    if (offset > 0) curl_easy_setopt(handle, CURLOPT_RANGE, range.c_str());

    const CURLcode code = curl_easy_perform(handle);
    // Closing flushes buffered bytes; a full disk may only show up here.
    std::FILE * file = transfer.file.release();
    const int close_error = file != nullptr && std::fclose(file) != 0 ? errno : 0;

    if (!transfer.failure.empty()) return Status::io(transfer.failure);
    if (code != CURLE_OK) {
        return curl_failure(code, error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code),
                            request.url, transfer);
    }
    if (close_error != 0) {
        return Status::io("cannot write " + part_path.string() + ": " + std::strerror(close_error));
    }
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &http_code);
    if (http_code == 416 && offset > 0) return Status::ok();
    if (http_code != 200 && http_code != 206) return http_failure(http_code, request.url);
    // An empty file has no body byte that would have created (or emptied) the .part.
    if (http_code == 200 && !transfer.body_started) {
        std::unique_ptr<std::FILE, FileCloser> empty(std::fopen(part_path.c_str(), "wb"));
        if (!empty) {
            return Status::io("cannot write " + part_path.string() + ": " + std::strerror(errno));
        }
    }
    return Status::ok();
}

std::uint64_t size_or_zero(const fs::path & path) {
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path, error);
    return error ? 0 : static_cast<std::uint64_t>(size);
}

// Brings the .part to the whole file and says how many of its bytes were there before.
Status fetch_into_part(const DownloadRequest & request, const fs::path & part_path,
                       std::uint64_t & resumed_from) {
    const std::uint64_t offset = size_or_zero(part_path);
    Transfer transfer;
    long http_code = 0;
    if (Status s = fetch_from(request, part_path, offset, transfer, http_code); !s) return s;
    if (http_code == 206) {
        resumed_from = offset;
    } else if (http_code == 416) {
        // The .part reaches the end of the file. If it is exactly the file's size it is
        // complete (an earlier run stopped before checking it); otherwise it is no prefix of
        // this file and is fetched anew.
        if (transfer.range_total == offset) {
            resumed_from = offset;
            return Status::ok();
        }
        std::error_code error;
        fs::remove(part_path, error);
        Transfer fresh;
        if (Status s = fetch_from(request, part_path, 0, fresh, http_code); !s) return s;
        resumed_from = 0;
    } else {
        resumed_from = 0;
    }
    return Status::ok();
}

} // namespace

fs::path partial_download_path(const fs::path & destination) {
    fs::path part = destination;
    part += ".part";
    return part;
}

Status download_file(const DownloadRequest & request, DownloadResult & result) {
    const fs::path part_path = partial_download_path(request.destination);
    std::error_code error;
    if (request.destination.has_parent_path()) {
        fs::create_directories(request.destination.parent_path(), error);
        if (error) {
            return Status::io("cannot create " + request.destination.parent_path().string() +
                              ": " + error.message());
        }
    }

    std::uint64_t resumed_from = 0;
    if (Status s = fetch_into_part(request, part_path, resumed_from); !s) return s;

    std::string sha256;
    if (Status s = sha256_file(part_path, sha256); !s) return s;
    if (request.expected_sha256 && sha256 != *request.expected_sha256) {
        fs::remove(part_path, error);
        return Status::io("the file downloaded from " + request.url + " has sha256 " + sha256 +
                          " but " + *request.expected_sha256 + " was expected; it was deleted");
    }
    fs::rename(part_path, request.destination, error);
    if (error) {
        return Status::io("cannot move " + part_path.string() + " to " +
                          request.destination.string() + ": " + error.message());
    }
    result.sha256 = std::move(sha256);
    result.bytes = size_or_zero(request.destination);
    result.resumed_from = resumed_from;
    return Status::ok();
}

namespace {

constexpr std::size_t kMaxDocumentBytes = std::size_t{16} << 20;

std::size_t on_text(char * data, std::size_t size, std::size_t count, void * sink) {
    auto & out = *static_cast<std::string *>(sink);
    const std::size_t bytes = size * count;
    if (out.size() + bytes > kMaxDocumentBytes) return 0; // stops the transfer
    out.append(data, bytes);
    return bytes;
}

} // namespace

Status fetch_text(const std::string & url, const std::string & accept, std::string & out) {
    std::unique_ptr<CURL, CurlCleanup> curl = new_handle();
    if (!curl) return Status::internal("libcurl could not start a transfer");
    out.clear();
    char error_buffer[CURL_ERROR_SIZE] = "";
    const std::string header = "Accept: " + accept;
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(curl_slist_append(nullptr, header.c_str()),
                                                                         &curl_slist_free_all);
    CURL * handle = curl.get();
    set_common_options(handle, url, error_buffer);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_text);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &out);
    const CURLcode code = curl_easy_perform(handle);
    if (code == CURLE_WRITE_ERROR) return Status::io(url + " sent more than 16 MiB; that is no package index page");
    if (code != CURLE_OK) {
        return Status::io("fetching " + url + " failed: " + (error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code)));
    }
    long http_code = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &http_code);
    if (http_code != 200) return http_failure(http_code, url);
    return Status::ok();
}

} // namespace r1tune::models

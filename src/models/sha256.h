// SHA-256 of model files, as lowercase hex: the form Hugging Face and PyPI publish.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace r1tune::models {

// Reads the file in blocks, so multi-gigabyte models need no more memory than a small one.
Status sha256_file(const std::filesystem::path & path, std::string & hex);

// The lowercase form of a 64-hex-digit hash given in any case; nullopt if `text` is not one.
std::optional<std::string> normalize_sha256_hex(std::string_view text);

} // namespace r1tune::models

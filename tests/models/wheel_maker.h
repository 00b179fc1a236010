// Writes small wheels (zip archives, members deflated as pip's are) for the tests of models
// published as PyPI chunk packages.
#pragma once

#include <zip.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace r1tune::models::test_support {

// `members`: path inside the wheel → content.
inline void write_wheel(const std::filesystem::path & path,
                        const std::vector<std::pair<std::string, std::string>> & members) {
    int error = 0;
    zip_t * archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (archive == nullptr) throw std::runtime_error("zip_open failed for " + path.string());
    for (const auto & [name, content] : members) {
        zip_source_t * source = zip_source_buffer(archive, content.data(), content.size(), 0);
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE);
        if (index < 0) throw std::runtime_error("zip_file_add failed for " + name);
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 0);
    }
    if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed for " + path.string());
}

} // namespace r1tune::models::test_support

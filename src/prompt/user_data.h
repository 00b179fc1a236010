// Built-in data files and the user's own. The user folder ($R1TUNE_DATA, else
// $XDG_CONFIG_HOME/r1tune, else ~/.config/r1tune) has subfolders scaffolds/ and profiles/; a
// file there replaces the built-in file of the same name, so a scaffold or a profile table can
// be changed without rebuilding, and a new name adds one.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace r1tune::prompt {

enum class DataSource { kBuiltIn, kUser, kFile };

// "built-in", "user", "file".
std::string_view to_string(DataSource source);

struct DataFile {
    std::string name; // the file name, e.g. "math.en.md"
    std::string text;
    DataSource source = DataSource::kBuiltIn;
    std::filesystem::path path; // where it was read from; empty for built-in files
};

// The user folder by the rule above; none when no variable names one.
std::optional<std::filesystem::path> user_data_dir();

// The built-in files of `folder` ("scaffolds" or "profiles") whose names end in `extension`,
// merged with the same folder under `user_dir`, sorted by name. A user folder that does not
// exist adds nothing; a file that cannot be read is an I/O error naming it.
Status collect_data_files(std::string_view folder, std::string_view extension,
                          const std::optional<std::filesystem::path> & user_dir, std::vector<DataFile> & out);

// The whole file as text; an I/O error naming it when it cannot be read.
Status read_text_file(const std::filesystem::path & path, std::string & out);

} // namespace r1tune::prompt

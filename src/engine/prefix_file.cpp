#include "engine/prefix_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include "util/fnv1a.h"

namespace r1tune::engine {

namespace {

// Layout, after the magic: version u32, checksum u64 (of every byte after it), model fingerprint
// u64, KV type u32, model name (u32 length, bytes), tokens (u32 count, i32 each), state (u64
// length, bytes).
constexpr std::array<char, 8> kMagic = {'R', '1', 'P', 'R', 'E', 'F', 'I', 'X'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kChecksumOffset = kMagic.size() + sizeof(std::uint32_t);
constexpr std::size_t kChecksummedFrom = kChecksumOffset + sizeof(std::uint64_t);

std::uint32_t kv_type_code(KvCacheType type) { return type == KvCacheType::kQ8_0 ? 1 : 0; }

template <typename T> void append(std::vector<std::uint8_t> & out, const T & value) {
    const std::size_t at = out.size();
    out.resize(at + sizeof(T));
    std::memcpy(out.data() + at, &value, sizeof(T));
}

// Reads fields in order from a byte range, refusing to run past its end.
class Cursor {
public:
    Cursor(const std::uint8_t * data, std::size_t size) : data_(data), left_(size) {}
    bool read(void * out, std::size_t size) {
        if (size > left_) return false;
        std::memcpy(out, data_, size);
        data_ += size;
        left_ -= size;
        return true;
    }
    template <typename T> bool read(T & value) { return read(&value, sizeof(T)); }
    std::size_t left() const { return left_; }

private:
    const std::uint8_t * data_;
    std::size_t left_;
};

Status io_error(const std::string & what, const std::filesystem::path & path, int error) {
    return Status::io("could not " + what + " " + path.string() + ": " + std::strerror(error));
}

// Writes all of `size` bytes, however many calls write() needs.
bool write_all(int fd, const void * data, std::size_t size) {
    const auto * bytes = static_cast<const std::uint8_t *>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, bytes, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

Status model_fingerprint(const std::filesystem::path & model_path, std::uint64_t & out) {
    constexpr int kBlocks = 256;
    constexpr std::uint64_t kBlockSize = 4096;
    std::ifstream in(model_path, std::ios::binary);
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(model_path, ec);
    if (!in || ec) return io_error("read the model file", model_path, ec ? ec.value() : errno);
    Fnv1a hash;
    hash.add(&size, sizeof(size));
    std::array<char, kBlockSize> block{};
    const std::uint64_t span = size > kBlockSize ? size - kBlockSize : 0; // where the last block starts
    for (int b = 0; b < kBlocks; ++b) {
        in.seekg(static_cast<std::streamoff>(span * b / (kBlocks - 1)));
        in.read(block.data(), static_cast<std::streamsize>(std::min(kBlockSize, size)));
        if (!in) return Status::io("could not read the model file " + model_path.string());
        hash.add(block.data(), static_cast<std::size_t>(in.gcount()));
    }
    out = hash.value();
    return Status::ok();
}

// Only an empty file or one of ours may be replaced: a path given by mistake (notes.txt, a
// dataset) must not be overwritten with KV cells.
Status check_replaceable(const std::filesystem::path & path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Status::ok();
    const std::string refuse = path.string() + " exists and is not an r1tune prompt cache; not replacing it";
    if (!std::filesystem::is_regular_file(path, ec)) return Status::input(refuse);
    std::ifstream in(path, std::ios::binary);
    std::array<char, kMagic.size()> start{};
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    if (in.gcount() == 0) return Status::ok();
    if (in.gcount() != static_cast<std::streamsize>(start.size()) || start != kMagic) return Status::input(refuse);
    return Status::ok();
}

Status write_prefix_file(const std::filesystem::path & path, const PrefixFile & file) {
    if (Status s = check_replaceable(path); !s) return s;
    std::vector<std::uint8_t> head(kMagic.begin(), kMagic.end());
    append(head, kVersion);
    append(head, std::uint64_t{0}); // the checksum, filled in below
    append(head, file.model_fingerprint);
    append(head, kv_type_code(file.kv_type));
    append(head, static_cast<std::uint32_t>(file.model_name.size()));
    head.insert(head.end(), file.model_name.begin(), file.model_name.end());
    append(head, static_cast<std::uint32_t>(file.tokens.size()));
    std::vector<std::uint8_t> state_head;
    append(state_head, static_cast<std::uint64_t>(file.state.size()));

    Fnv1a checksum;
    checksum.add(head.data() + kChecksummedFrom, head.size() - kChecksummedFrom);
    checksum.add(file.tokens.data(), file.tokens.size() * sizeof(Token));
    checksum.add(state_head.data(), state_head.size());
    checksum.add(file.state.data(), file.state.size());
    const std::uint64_t sum = checksum.value();
    std::memcpy(head.data() + kChecksumOffset, &sum, sizeof(sum));

    // The process id keeps two processes saving the same cache from writing into one temporary.
    const std::filesystem::path temporary = path.string() + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return io_error("save the prompt cache", path, errno);
    const bool written = write_all(fd, head.data(), head.size()) &&
                         write_all(fd, file.tokens.data(), file.tokens.size() * sizeof(Token)) &&
                         write_all(fd, state_head.data(), state_head.size()) &&
                         write_all(fd, file.state.data(), file.state.size()) && ::fsync(fd) == 0;
    const int write_error = errno;
    std::error_code ignored; // the save failed already; a leftover temporary is harmless
    if (::close(fd) != 0 || !written) {
        std::filesystem::remove(temporary, ignored);
        return io_error("save the prompt cache", path, written ? errno : write_error);
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::filesystem::remove(temporary, ignored);
        return Status::io("could not save the prompt cache " + path.string() + ": " + ec.message());
    }
    return Status::ok();
}

Status read_prefix_file(const std::filesystem::path & path, PrefixFile & out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return io_error("open the prompt cache", path, errno);
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) return Status::io("could not read the prompt cache " + path.string() + ": " + ec.message());
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (!in.read(reinterpret_cast<char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
        return Status::io("could not read the prompt cache " + path.string());
    }

    const std::string name = path.string();
    if (bytes.size() < kChecksummedFrom || std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0) {
        return Status::input(name + " is not an r1tune prompt cache");
    }
    Cursor cursor(bytes.data() + kMagic.size(), bytes.size() - kMagic.size());
    std::uint32_t version = 0;
    std::uint64_t stored_sum = 0;
    cursor.read(version);
    cursor.read(stored_sum);
    if (version != kVersion) {
        return Status::input(name + " is a prompt cache of format " + std::to_string(version) + ", this r1tune reads format " +
                             std::to_string(kVersion));
    }
    Fnv1a checksum;
    checksum.add(bytes.data() + kChecksummedFrom, bytes.size() - kChecksummedFrom);
    const Status damaged = Status::input(name + " is damaged (its checksum does not match its contents)");
    if (checksum.value() != stored_sum) return damaged;

    // The checksum matched, so the fields are as written; the bounds checks guard against a
    // writer bug rather than against damage.
    PrefixFile file;
    std::uint32_t kv_code = 0;
    std::uint32_t name_size = 0;
    std::uint32_t n_tokens = 0;
    std::uint64_t state_size = 0;
    if (!cursor.read(file.model_fingerprint) || !cursor.read(kv_code) || kv_code > 1 || !cursor.read(name_size) ||
        name_size > cursor.left()) {
        return damaged;
    }
    file.kv_type = kv_code == 1 ? KvCacheType::kQ8_0 : KvCacheType::kF16;
    file.model_name.resize(name_size);
    cursor.read(file.model_name.data(), name_size);
    if (!cursor.read(n_tokens) || n_tokens > cursor.left() / sizeof(Token)) return damaged;
    file.tokens.resize(n_tokens);
    cursor.read(file.tokens.data(), n_tokens * sizeof(Token));
    if (!cursor.read(state_size) || state_size != cursor.left()) return damaged;
    file.state.resize(static_cast<std::size_t>(state_size));
    cursor.read(file.state.data(), file.state.size());
    out = std::move(file);
    return Status::ok();
}

} // namespace r1tune::engine

#include "models/sha256.h"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <openssl/evp.h>

namespace r1tune::models {

namespace {

struct FileCloser {
    void operator()(std::FILE * file) const { std::fclose(file); }
};

struct DigestContextFree {
    void operator()(EVP_MD_CTX * context) const { EVP_MD_CTX_free(context); }
};

} // namespace

Status sha256_file(const std::filesystem::path & path, std::string & hex) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        return Status::io("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    std::unique_ptr<EVP_MD_CTX, DigestContextFree> context(EVP_MD_CTX_new());
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
        return Status::internal("OpenSSL could not start a SHA-256 digest");
    }

    std::vector<unsigned char> block(std::size_t{1} << 20);
    std::size_t got = 0;
    while ((got = std::fread(block.data(), 1, block.size(), file.get())) > 0) {
        if (EVP_DigestUpdate(context.get(), block.data(), got) != 1) {
            return Status::internal("OpenSSL failed while hashing " + path.string());
        }
    }
    if (std::ferror(file.get())) {
        return Status::io("reading " + path.string() + " failed: " + std::strerror(errno));
    }

    std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
    unsigned int digest_size = 0;
    if (EVP_DigestFinal_ex(context.get(), digest.data(), &digest_size) != 1) {
        return Status::internal("OpenSSL could not finish a SHA-256 digest");
    }
    static constexpr char kHexDigits[] = "0123456789abcdef";
    hex.clear();
    for (unsigned int i = 0; i < digest_size; ++i) {
        hex.push_back(kHexDigits[digest[i] >> 4]);
        hex.push_back(kHexDigits[digest[i] & 0x0f]);
    }
    return Status::ok();
}

std::optional<std::string> normalize_sha256_hex(std::string_view text) {
    if (text.size() != 64) return std::nullopt;
    std::string lower;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (!std::isxdigit(byte)) return std::nullopt;
        lower.push_back(static_cast<char>(std::tolower(byte)));
    }
    return lower;
}

} // namespace r1tune::models

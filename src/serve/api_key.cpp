#include "serve/api_key.h"

#include <algorithm>
#include <cctype>

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace r1tune::serve {

bool authorized(std::string_view authorization, std::string_view key) {
    if (key.empty()) return true;
    // The scheme's name is case-insensitive (RFC 7235); the key is not.
    constexpr std::string_view kScheme = "bearer ";
    const std::string_view scheme = authorization.substr(0, kScheme.size());
    const bool bearer = scheme.size() == kScheme.size() &&
                        std::equal(scheme.begin(), scheme.end(), kScheme.begin(),
                                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    const std::string_view given = bearer ? authorization.substr(kScheme.size()) : std::string_view();
    // Digests first: equal lengths for CRYPTO_memcmp, and the key's length hidden too.
    unsigned char a[SHA256_DIGEST_LENGTH], b[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(given.data()), given.size(), a);
    SHA256(reinterpret_cast<const unsigned char *>(key.data()), key.size(), b);
    return CRYPTO_memcmp(a, b, sizeof a) == 0;
}

} // namespace r1tune::serve

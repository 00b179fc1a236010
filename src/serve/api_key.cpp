#include "serve/api_key.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace r1tune::serve {

bool authorized(std::string_view authorization, std::string_view key) {
    if (key.empty()) return true;
    constexpr std::string_view kScheme = "Bearer ";
    const std::string_view given = authorization.substr(0, kScheme.size()) == kScheme
                                       ? authorization.substr(kScheme.size())
                                       : std::string_view();
    // Digests first: equal lengths for CRYPTO_memcmp, and the key's length hidden too.
    unsigned char a[SHA256_DIGEST_LENGTH], b[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(given.data()), given.size(), a);
    SHA256(reinterpret_cast<const unsigned char *>(key.data()), key.size(), b);
    return CRYPTO_memcmp(a, b, sizeof a) == 0;
}

} // namespace r1tune::serve

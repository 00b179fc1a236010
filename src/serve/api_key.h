// The server's API key check: "Authorization: Bearer KEY", compared in time that does not depend
// on where the given key first differs, so the key cannot be guessed byte by byte from timings.
#pragma once

#include <string_view>

namespace r1tune::serve {

// Whether an Authorization header value carries `key`. An empty key lets every request in.
bool authorized(std::string_view authorization, std::string_view key);

} // namespace r1tune::serve

// UTF-8 checks for text that crosses r1tune's boundaries: questions from users, and token
// pieces streamed from the model (a multi-byte character is often split across two tokens).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace r1tune::text {

// True when `s` is well-formed UTF-8. On failure, `bad_offset` (if given) receives the byte
// offset of the first byte that does not belong to a valid sequence.
bool is_valid_utf8(std::string_view s, std::size_t * bad_offset = nullptr);

// `s` with every byte that is not part of a valid sequence replaced by U+FFFD. Models emit raw
// byte tokens, and a random or confused one may emit bytes that never form a character; text
// that leaves r1tune (terminal, JSON) must still be UTF-8.
std::string sanitize_utf8(std::string_view s);

// Length of the longest prefix of `s` that does not end inside a multi-byte character.
// Streaming uses it to hold back the bytes of a character whose rest has not arrived yet.
std::size_t complete_utf8_prefix(std::string_view s);

} // namespace r1tune::text

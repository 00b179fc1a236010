// Byte-level text operations that leave UTF-8 intact (they touch ASCII only): lowering letters
// and trimming white space, for the parsers that compare words and read lines.
#pragma once

#include <string>
#include <string_view>

namespace r1tune::text {

// `text` with A-Z lowered; every other byte as it is.
std::string lower_ascii(std::string_view text);

// `text` without the spaces, tabs and line breaks at its ends.
std::string_view trim(std::string_view text);

} // namespace r1tune::text

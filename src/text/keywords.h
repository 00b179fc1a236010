// Finding keywords in a question, as the router's rules and the problem families read them:
// Chinese words as they stand (Chinese has no spaces), English words only whole ("improve" does
// not hold "prove", "hens" is not in "then"). The text is lowered first (lower_ascii).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "text/ascii_text.h" // lower_ascii, which the text is lowered with

namespace r1tune::text {

// The keywords found in `lowered`, in the order of `keywords`. An English keyword matches only
// where it is not glued to a letter or digit on a side where it begins or ends with one.
std::vector<std::string_view> find_keywords(std::string_view lowered, std::span<const std::string_view> keywords);

} // namespace r1tune::text

// Finding keywords in a question, as the router's rules and the problem families read them:
// Chinese words as they stand (Chinese has no spaces), English words only whole ("improve" does
// not hold "prove", "hens" is not in "then"). The text is lowered first, ASCII letters only.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace r1tune::text {

// `text` with A-Z lowered; every other byte as it is.
std::string lower_ascii(std::string_view text);

// The keywords found in `lowered`, in the order of `keywords`. An English keyword matches only
// where it is not glued to a letter or digit on a side where it begins or ends with one.
std::vector<std::string_view> find_keywords(std::string_view lowered, std::span<const std::string_view> keywords);

} // namespace r1tune::text

// Cleaning an answer for the readers: LaTeX and Markdown become plain text, every byte
// remembering where it came from, so one set of scanners reads "\dfrac{3}{4}", "**23**" and "$12"
// alike, and the contents of every \boxed{…} are known.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace r1tune::verify::extraction {

struct Clean {
    std::string text;
    std::vector<std::size_t> origin; // source offset of each byte of `text`
    std::vector<std::pair<std::size_t, std::size_t>> boxes; // contents of \boxed{…}, in `text`
};

Clean clean_answer(std::string_view source);

} // namespace r1tune::verify::extraction

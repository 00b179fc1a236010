// The words the notebook searches by. SQLite's full-text tokenizers split on spaces, and Chinese
// has none: a run of ideographs would be one token, and 鸡兔同笼 would never match 鸡兔. So the
// store indexes text through these terms instead: English words, lowercased, without the
// commonest function words; Chinese as overlapping pairs of ideographs (鸡兔 兔同 同笼), the usual
// way to search a language without word boundaries. Numbers are left out: two problems of one
// kind rarely share them, and a match on them would rank a stranger first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace r1tune::notebook {

// The terms of `text` in order of appearance, each once.
std::vector<std::string> search_terms(std::string_view text);

// The terms joined by spaces: what the full-text index stores for `text`.
std::string indexed_text(std::string_view text);

} // namespace r1tune::notebook

// The tuning guide's notebook format (§4.1), which people write and read:
//
//   【场景】math · chicken_rabbit · zh · #方程
//   【题目】笼子里有35个头，94只脚，问鸡兔各几只？
//   【错误输出】……所以鸡有 13 只。
//   【典型错误】The answer does not satisfy 鸡 + 兔 == 35.
//   【修正示范】设鸡 x 只、兔 y 只……鸡 23 只，兔 12 只。
//   【来源】qwen2.5-coder-1.5b-instruct · constraints · 2026-12-05
//
// A field runs from its label to the next label; entries are separated by a line "---" (a field's
// own line that would read as either is written behind a backslash). The
// scene is the task, then in any order the family, the language (zh or en) and #tags; the source
// is the model ("-" when unknown), the check that verified the correction ("by hand" for a
// person's), and the day. English labels are read too: 【Scene】, 【Question】, 【Wrong output】,
// 【Mistake】, 【Correction】, 【Source】. Counters are not part of the format (JSON Lines keeps them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "notebook/entry.h"
#include "util/status.h"

namespace r1tune::notebook {

std::string to_guide_markdown(const std::vector<Entry> & entries);

// Entries read from the format; a field without its label's partner, an unreadable scene or
// source, or an entry that does not validate is an input error naming its line.
Status from_guide_markdown(std::string_view text, std::vector<Entry> & out);

} // namespace r1tune::notebook

// Notebook entries as JSON objects, one per line (export, import, `show --json`): every field
// of notebook/entry.h under its own name, counters included (an import numbers entries anew).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "notebook/entry.h"
#include "util/status.h"

namespace r1tune::notebook {

nlohmann::json entry_to_json(const Entry & entry);

// One entry from an object: an unknown key or a value of the wrong type is an input error naming
// it; "id" is read (0 when absent); "verified_by" defaults to "by hand". The entry is validated.
Status entry_from_json(const nlohmann::json & object, Entry & out);

// Entries from JSON Lines (blank lines skipped); an error names its line.
Status entries_from_json_lines(std::string_view text, std::vector<Entry> & out);

} // namespace r1tune::notebook

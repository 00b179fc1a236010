// The report for people: each section as a table of medians and ranges for the terminal, and
// the whole report as a Markdown section to paste into docs/RESULTS.md.
#pragma once

#include <string>
#include <vector>

#include "bench/report.h"
#include "bench/table.h"

namespace r1tune::bench {

// "31.2 (30.8–31.9)": the median and, over more than one value, the least and greatest; "—"
// when nothing was measured. Decimals follow the size (1234, 123.4 → 123, 12.3, 1.23) unless given.
std::string format_spread(const Spread & spread, int decimals = -1);

// Columns: the measure, r1tune's values, llama.cpp's tool's values (or why there are none),
// the per-round ratio r1tune ÷ llama.cpp, and whether the rounds agree on a side.
Table comparison_table(const SectionResult & section);

// The model, the machine, the settings and the pinned llama.cpp, one line each.
std::vector<std::string> report_header(const BenchReport & report);

// Whether llama.cpp's tools were built from the commit r1tune's engine pins; empty when no tool
// reported its commit.
std::string tools_commit_note(const BenchReport & report);

// A section's title, table and notes for the terminal.
std::string section_text(const SectionResult & section);

// "## ..." with the header, how to read the cells, and every section's table and notes.
std::string report_markdown(const BenchReport & report);

} // namespace r1tune::bench

// A table of text cells, rendered for a terminal (columns padded to line up) or as Markdown.
#pragma once

#include <string>
#include <vector>

namespace r1tune::bench {

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows; // each as long as the header
};

// Columns separated by two spaces and padded to their widest cell, counted in characters (the
// cells hold "÷" and "–", several bytes each); a dashed line under the header.
std::string render_text(const Table & table);

// "| a | b |" lines with the "| --- |" separator; a "|" inside a cell is escaped.
std::string render_markdown(const Table & table);

} // namespace r1tune::bench

#include "bench/table.h"

#include <algorithm>

#include "text/characters.h"

namespace r1tune::bench {

namespace {

std::string text_line(const std::vector<std::string> & cells, const std::vector<std::size_t> & widths) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) line += "  ";
        line += cells[i];
        if (i + 1 < cells.size()) line.append(widths[i] - text::count_characters(cells[i]), ' ');
    }
    return line + "\n";
}

std::string markdown_line(const std::vector<std::string> & cells) {
    std::string line = "|";
    for (const auto & cell : cells) {
        std::string escaped;
        for (char c : cell) escaped += c == '|' ? std::string("\\|") : std::string(1, c);
        line += " " + escaped + " |";
    }
    return line + "\n";
}

} // namespace

std::string render_text(const Table & table) {
    std::vector<std::size_t> widths(table.header.size(), 0);
    for (std::size_t i = 0; i < table.header.size(); ++i) widths[i] = text::count_characters(table.header[i]);
    for (const auto & row : table.rows) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], text::count_characters(row[i]));
    }
    std::string text = text_line(table.header, widths);
    std::size_t total = 0;
    for (std::size_t w : widths) total += w;
    text += std::string(total + 2 * (widths.empty() ? 0 : widths.size() - 1), '-') + "\n";
    for (const auto & row : table.rows) text += text_line(row, widths);
    return text;
}

std::string render_markdown(const Table & table) {
    std::string text = markdown_line(table.header);
    text += "|";
    for (std::size_t i = 0; i < table.header.size(); ++i) text += " --- |";
    text += "\n";
    for (const auto & row : table.rows) text += markdown_line(row);
    return text;
}

} // namespace r1tune::bench

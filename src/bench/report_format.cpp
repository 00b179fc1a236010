#include "bench/report_format.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace r1tune::bench {

namespace {

std::string number(double value, int decimals) {
    if (decimals < 0) {
        const double size = std::fabs(value);
        decimals = size >= 100 ? 0 : size >= 10 ? 1 : 2;
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string ratio_cell(const ComparisonRow & row) { return format_spread(row.ratio_spread(), 3); }

} // namespace

std::string format_spread(const Spread & spread, int decimals) {
    if (spread.count == 0) return "—";
    const std::string median = number(spread.median, decimals);
    if (spread.count == 1) return median;
    return median + " (" + number(spread.min, decimals) + "–" + number(spread.max, decimals) + ")";
}

Table comparison_table(const SectionResult & section) {
    Table table;
    table.header = {"measure", "r1tune", section.llama_tool, "r1tune ÷ llama.cpp", "rounds"};
    for (std::size_t i = 0; i < section.rows.size(); ++i) {
        const ComparisonRow & row = section.rows[i];
        const std::string llama = !section.llama_unavailable.empty() ? (i == 0 ? section.llama_unavailable : "—")
                                                                     : format_spread(row.llama_spread());
        const int compared = row.ratio_spread().count;
        table.rows.push_back({row.label + " (" + row.unit + ")", format_spread(row.r1tune_spread()), llama,
                              ratio_cell(row), consistency_text(row.consistency(), compared)});
    }
    return table;
}

std::vector<std::string> report_header(const BenchReport & report) {
    const double gib = 1024.0 * 1024.0 * 1024.0;
    std::string model = "model: " + std::filesystem::path(report.model_path).filename().string();
    if (!report.model_description.empty()) model += " (" + report.model_description + ")";
    if (report.model_bytes > 0) model += ", " + number(report.model_bytes / 1e9, 2) + " GB";
    const std::string machine = "machine: " + (report.cpu.model.empty() ? std::string("unknown processor") : report.cpu.model) +
                                ", " + std::to_string(report.cpu.physical_cores) + " physical cores, " +
                                std::to_string(report.cpu.logical_cores) + " logical, " +
                                number(report.memory.total_bytes / gib, 1) + " GiB";
    const std::string settings = "settings: " + std::to_string(report.threads) +
                                 (report.threads == 1 ? " thread, batch " : " threads, batch ") +
                                 std::to_string(report.batch_size) + ", prompt " + std::to_string(report.prompt_tokens) +
                                 " tokens, decode " + std::to_string(report.decode_tokens) + " tokens, " +
                                 std::to_string(report.rounds) + (report.rounds == 1 ? " round" : " rounds") +
                                 " (r1tune and llama.cpp back to back, alternating which goes first)";
    std::vector<std::string> lines = {model, machine};
    if (report.load_before) {
        lines.push_back("load before the run: " + number(*report.load_before, 2) + " of " +
                        std::to_string(report.cpu.logical_cores) +
                        " logical CPUs (one-minute average: other work competing for the same cores)");
    }
    lines.push_back(settings);
    lines.push_back("llama.cpp: " + report.llama_cpp_build);
    return lines;
}

std::string tools_commit_note(const BenchReport & report) {
    if (report.tools_build_commit.empty()) return "";
    if (report.llama_cpp_build.rfind(report.tools_build_commit, 0) == 0) {
        return "llama.cpp's tools report commit " + report.tools_build_commit + ", the one r1tune's engine pins.";
    }
    return "llama.cpp's tools report commit " + report.tools_build_commit +
           ", not the one r1tune's engine pins: the comparison is not like for like (--llama-bin?).";
}

std::string section_text(const SectionResult & section) {
    std::string text = section.title + "\n" + render_text(comparison_table(section));
    for (const auto & note : section.notes) text += note + "\n";
    return text;
}

std::string report_markdown(const BenchReport & report) {
    std::string text = "## r1tune's engine next to llama.cpp (" + report.date + ")\n\n";
    for (const auto & line : report_header(report)) text += line + "  \n"; // Markdown's line break
    if (const std::string note = tools_commit_note(report); !note.empty()) text += note + "\n";
    text += "\nEach cell is the median over the rounds with the least and greatest value in brackets. The ratio is "
            "r1tune ÷ llama.cpp taken within each round, so a busy machine slows both sides of it alike: for speeds "
            "above 1 favours r1tune, for times and memory below 1 does. \"rounds\" says whether every round "
            "favoured the same side; when they disagree the difference is within the noise.\n";
    for (const auto & section : report.sections) {
        text += "\n### " + section.title + "\n\n" + render_markdown(comparison_table(section));
        if (!section.notes.empty()) text += "\n";
        for (const auto & note : section.notes) text += note + "\n";
    }
    return text;
}

} // namespace r1tune::bench

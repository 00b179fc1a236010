// The report's wording and tables on known numbers: cells, alignment, the decode target, the
// sweep's winner, the commit check and the section names.
#include <gtest/gtest.h>

#include "bench/report_format.h"
#include "bench/report_json.h"
#include "bench/sections.h"
#include "bench/single_section.h"
#include "bench/sweep_section.h"
#include "bench/table.h"

using namespace r1tune;
using namespace r1tune::bench;

namespace {

ComparisonRow decode_row(std::vector<double> r1tune, std::vector<double> llama) {
    return {"decode, 128 tokens", "tokens/s", true, std::move(r1tune), std::move(llama)};
}

} // namespace

TEST(ReportFormat, CellsAreMedianAndRange) {
    EXPECT_EQ(format_spread(spread_of({31.04, 29.46, 30.21})), "30.2 (29.5–31.0)");
    EXPECT_EQ(format_spread(spread_of({4712.4})), "4712");
    EXPECT_EQ(format_spread(spread_of({1.234, 1.5}), 3), "1.367 (1.234–1.500)");
    EXPECT_EQ(format_spread(spread_of({})), "—");
}

TEST(ReportFormat, TextColumnsLineUpWhateverTheBytes) {
    Table table{{"a", "b"}, {{"÷÷", "x"}, {"abcd", "y"}}};
    EXPECT_EQ(render_text(table), "a     b\n-------\n÷÷    x\nabcd  y\n");
}

TEST(ReportFormat, MarkdownEscapesBars) {
    Table table{{"measure", "value"}, {{"a|b", "1"}}};
    EXPECT_EQ(render_markdown(table), "| measure | value |\n| --- | --- |\n| a\\|b | 1 |\n");
}

TEST(ReportFormat, TableHasRatioAndWhetherRoundsAgree) {
    SectionResult section{"single", "One sequence", "llama-bench", "", {decode_row({30, 31, 29}, {32, 32, 30})}, {}};
    const Table table = comparison_table(section);
    ASSERT_EQ(table.rows.size(), 1u);
    EXPECT_EQ(table.header[2], "llama-bench");
    EXPECT_EQ(table.rows[0][0], "decode, 128 tokens (tokens/s)");
    EXPECT_EQ(table.rows[0][1], "30.0 (29.0–31.0)");
    EXPECT_EQ(table.rows[0][2], "32.0 (30.0–32.0)");
    EXPECT_EQ(table.rows[0][3], "0.967 (0.938–0.969)"); // per round: 30/32, 31/32, 29/30
    EXPECT_EQ(table.rows[0][4], "llama.cpp better in all 3 rounds (1 in 4 by chance)");
}

TEST(ReportFormat, AMissingToolSaysHowToBuildIt) {
    SectionResult section{"single", "One sequence", "llama-bench", "not built (cmake --build build --target llama-bench)",
                          {decode_row({30}, {}), decode_row({31}, {})}, {}};
    const Table table = comparison_table(section);
    EXPECT_EQ(table.rows[0][2], "not built (cmake --build build --target llama-bench)");
    EXPECT_EQ(table.rows[1][2], "—");
    EXPECT_EQ(table.rows[0][3], "—");
    EXPECT_EQ(table.rows[0][4], "not compared");
}

TEST(ReportFormat, AgreementSaysHowLikelyItIsByChance) {
    EXPECT_EQ(consistency_text(Consistency::kR1tuneEveryRound, 2), "r1tune better in all 2 rounds (1 in 2 by chance)");
    EXPECT_EQ(consistency_text(Consistency::kLlamaEveryRound, 6), "llama.cpp better in all 6 rounds (1 in 32 by chance)");
    EXPECT_EQ(consistency_text(Consistency::kLlamaEveryRound, 40),
              "llama.cpp better in all 40 rounds (under 1 in a million by chance)");
    EXPECT_EQ(consistency_text(Consistency::kMixed, 3), "rounds disagree: within the noise");
}

TEST(ReportFormat, DecodeTargetByTheMedianRatio) {
    EXPECT_EQ(decode_target_note(decode_row({31, 30, 32}, {32, 30, 32})),
              "Decode target, r1tune ÷ llama-bench ≥ 0.97: met, median 1.000 (0.969–1.000).");
    EXPECT_EQ(decode_target_note(decode_row({29, 30}, {32, 32})),
              "Decode target, r1tune ÷ llama-bench ≥ 0.97: missed, median 0.922 (0.906–0.938).");
    EXPECT_EQ(decode_target_note(decode_row({29, 30}, {})), "");
}

TEST(ReportFormat, SweepWinnerClearOrWithinTheNoise) {
    const std::vector<std::string> settings = {"1 thread, not pinned", "2 threads, not pinned", "2 threads, pinned to CPUs 0-1"};
    EXPECT_EQ(fastest_setting_note("r1tune", "decodes", settings,
                                   {spread_of({16, 17}), spread_of({31, 32}), spread_of({29, 30})}),
              "r1tune decodes fastest with 2 threads, not pinned: 31.5 (31.0–32.0) tokens/s; its slowest round beat "
              "the fastest of the next best (2 threads, pinned to CPUs 0-1, 29.5 (29.0–30.0)).");
    EXPECT_EQ(fastest_setting_note("llama-bench", "decodes", settings,
                                   {spread_of({16, 17}), spread_of({30, 32}), spread_of({29, 31})}),
              "llama-bench decodes fastest with 2 threads, not pinned: 31.0 (30.0–32.0) tokens/s; within the noise of "
              "the next best (2 threads, pinned to CPUs 0-1, 30.0 (29.0–31.0)): their ranges overlap.");
    EXPECT_EQ(fastest_setting_note("r1tune", "decodes", {"1 thread, not pinned"}, {spread_of({16})}),
              "r1tune decodes fastest with 1 thread, not pinned: 16.0 tokens/s (the only setting measured).");
    EXPECT_EQ(fastest_setting_note("llama-bench", "decodes", settings, {Spread{}, Spread{}, Spread{}}), "");
}

TEST(ReportFormat, ToolsCommitIsCheckedAgainstThePin) {
    BenchReport report;
    report.llama_cpp_build = "80fb11ac73e66d89eae2c6a91d8a77428fa733ed (from node-llama-cpp 3.21.1)";
    EXPECT_EQ(tools_commit_note(report), "");
    report.tools_build_commit = "80fb11a";
    EXPECT_EQ(tools_commit_note(report), "llama.cpp's tools report commit 80fb11a, the one r1tune's engine pins.");
    report.tools_build_commit = "1234abc";
    EXPECT_NE(tools_commit_note(report).find("not like for like"), std::string::npos);
}

TEST(ReportFormat, MarkdownAndJsonHoldEverySection) {
    BenchReport report;
    report.model_path = "/models/r1.gguf";
    report.threads = 2;
    report.rounds = 2;
    report.date = "2026-01-02";
    report.sections.push_back({"single", "One sequence", "llama-bench", "", {decode_row({30, 31}, {31, 31})}, {"a note"}});
    report.sections.push_back({"batched", "Sequences", "llama-batched-bench", "not built (x)", {decode_row({50, 51}, {})}, {}});
    const std::string markdown = report_markdown(report);
    EXPECT_EQ(markdown.rfind("## r1tune's engine next to llama.cpp (2026-01-02)\n", 0), 0u) << markdown;
    EXPECT_NE(markdown.find("model: r1.gguf  \n"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("### One sequence\n\n| measure | r1tune | llama-bench |"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("a note\n"), std::string::npos);
    EXPECT_NE(markdown.find("### Sequences\n"), std::string::npos);

    const auto json = report_json(report);
    ASSERT_EQ(json["sections"].size(), 2u);
    const auto & row = json["sections"][0]["rows"][0];
    EXPECT_EQ(row["r1tune"]["rounds"], (std::vector<double>{30, 31}));
    EXPECT_DOUBLE_EQ(row["ratio"]["median"].get<double>(), (30.0 / 31 + 1.0) / 2);
    EXPECT_EQ(row["consistency"], "mixed");
    EXPECT_TRUE(json["sections"][1]["rows"][0]["llama_cpp"].is_null());
    EXPECT_EQ(json["sections"][1]["llama_cpp_unavailable"], "not built (x)");
}

TEST(Sections, ParsedInOrderWithoutRepeats) {
    std::vector<Section> sections;
    ASSERT_TRUE(parse_sections("sweep,single,sweep", sections));
    EXPECT_EQ(sections, (std::vector<Section>{Section::kSweep, Section::kSingle}));
}

TEST(Sections, AnUnknownOrEmptyNameIsAUsageError) {
    std::vector<Section> sections{Section::kSingle};
    Status s = parse_sections("single,prefixes", sections);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
    EXPECT_EQ(s.message(), "unknown section 'prefixes' (known: single, batched, sweep, prefix, serve, spec)");
    EXPECT_EQ(sections, (std::vector<Section>{Section::kSingle})); // untouched
    EXPECT_EQ(parse_sections("single,", sections).message(), "--sections has an empty entry (known: single, batched, sweep, prefix, serve, spec)");
}

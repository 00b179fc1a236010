#include "eval/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace r1tune::eval;

namespace {

std::vector<ItemResult> two_configs() {
    std::vector<ItemResult> results;
    for (int i = 0; i < 10; ++i) {
        ItemResult plain{"plain", "q" + std::to_string(i), true, i < 4, i < 4 ? "verified" : "unverified", 50, 100};
        ItemResult vote{"vote:8 <&>", "q" + std::to_string(i), true, i < 9, i < 9 ? "verified" : "failed", 300, 800};
        // plain ran three items at once: each waited 3 s, and had a third of that machine time.
        plain.latency_ms = 3000;
        plain.share_ms = 1000;
        vote.latency_ms = 5000;
        vote.share_ms = 5000;
        results.push_back(plain);
        results.push_back(vote);
    }
    return results;
}

} // namespace

TEST(Report, MarkdownHasEveryConfigurationAndThePairedTest) {
    const Report report = build_report("generated, tiny model", two_configs(), {});
    const std::string md = markdown_report(report);
    EXPECT_NE(md.find("# generated, tiny model"), std::string::npos);
    EXPECT_NE(md.find("| plain | 10 | 40.0 % ["), std::string::npos) << md;
    EXPECT_NE(md.find("(4/10)"), std::string::npos);
    EXPECT_NE(md.find("| vote:8 <&> | 10 | 90.0 % ["), std::string::npos) << md;
    // vote fixed q4..q8 (5 items), broke none: p = 2/32.
    // ...at 8 times the tokens and 5 times the time per item (not 5/3: the latencies).
    EXPECT_NE(md.find("| vote:8 <&> | 5 | 0 | 4 | 1 | 0.062 | 8.00 | 5.00 |"), std::string::npos) << md;
    // plain's latency, time per item, and its tokens over its time per item.
    EXPECT_NE(md.find("| 3.0 | 1.0 | 100.0 |"), std::string::npos) << md;
    EXPECT_NE(md.find("fixed: q4, q5, q6, q7, q8; broke: none"), std::string::npos) << md;
}

TEST(Report, ComparesWithTheFirstConfigurationAskedForWhateverRanFirst) {
    // The file holds vote's rows first (a resumed run ran it first); plain was asked for first.
    std::vector<ItemResult> results = two_configs();
    std::stable_partition(results.begin(), results.end(), [](const ItemResult & r) { return r.config != "plain"; });
    const Report report = build_report("t", results, {"plain", "vote:8 <&>"});
    ASSERT_EQ(report.summaries.size(), 2u);
    EXPECT_EQ(report.summaries[0].config, "plain");
    ASSERT_FALSE(report.comparisons.empty());
    EXPECT_EQ(report.comparisons[0].first, "plain");
    EXPECT_EQ(report.comparisons[0].second, "vote:8 <&>");
    // Asked for nothing: the file's order.
    EXPECT_EQ(build_report("t", results, {}).summaries[0].config, "vote:8 <&>");
}

TEST(Report, JsonCarriesTheSameNumbers) {
    const Report report = build_report("t", two_configs(), {});
    const auto doc = nlohmann::json::parse(json_report(report));
    ASSERT_EQ(doc["configurations"].size(), 2u);
    EXPECT_DOUBLE_EQ(doc["configurations"][1]["accuracy"]["value"].get<double>(), 0.9);
    EXPECT_EQ(doc["configurations"][0]["verified_precision"]["trials"], 4);
    EXPECT_EQ(doc["comparisons"][0]["only_second"].size(), 5u);
    EXPECT_NEAR(doc["comparisons"][0]["mcnemar_p"].get<double>(), 0.0625, 1e-12);
    EXPECT_DOUBLE_EQ(doc["comparisons"][0]["tokens_ratio"].get<double>(), 8.0);
    EXPECT_DOUBLE_EQ(doc["comparisons"][0]["time_ratio"].get<double>(), 5.0);
    EXPECT_DOUBLE_EQ(doc["configurations"][0]["mean_latency_ms"].get<double>(), 3000.0);
    EXPECT_DOUBLE_EQ(doc["configurations"][0]["mean_share_ms"].get<double>(), 1000.0);
}

TEST(Report, NamesTheRequestedConfigurationsWithoutResults) {
    const Report report = build_report("t", two_configs(), {"plain", "beam:4", "vote:8 <&>", "vote:5:conf"});
    EXPECT_EQ(report.not_run, (std::vector<std::string>{"beam:4", "vote:5:conf"}));
    const std::string md = markdown_report(report);
    EXPECT_NE(md.find("Not run yet (the same command resumes the run from its results file): beam:4, vote:5:conf.\n"),
              std::string::npos)
        << md;
    EXPECT_EQ(nlohmann::json::parse(json_report(report))["not_run"], nlohmann::json({"beam:4", "vote:5:conf"}));
    // Every configuration ran: nothing to name.
    EXPECT_EQ(markdown_report(build_report("t", two_configs(), {"plain"})).find("Not run yet"), std::string::npos);
}

TEST(Report, SvgPlotsEachConfigurationAndEscapesNames) {
    const std::string svg = svg_plot(build_report("a < b", two_configs(), {}));
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    EXPECT_NE(svg.find("a &lt; b"), std::string::npos);
    EXPECT_NE(svg.find("vote:8 &lt;&amp;&gt;"), std::string::npos);
    EXPECT_EQ(svg.find("vote:8 <&>"), std::string::npos);
    std::size_t circles = 0;
    for (std::size_t at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1)) ++circles;
    EXPECT_EQ(circles, 2u);
}

namespace {

// Items where each configuration is right exactly on the given ones.
void add_config(std::vector<ItemResult> & results, const std::string & config, const std::vector<int> & right) {
    for (int i = 0; i < 10; ++i) {
        const bool correct = std::find(right.begin(), right.end(), i) != right.end();
        results.push_back({config, "q" + std::to_string(i), true, correct, "unverified", 0, 100});
    }
}

} // namespace

TEST(Report, EachLeverIsComparedWithItsTwinWithoutIt) {
    std::vector<ItemResult> results;
    add_config(results, "chat plain", {0, 1});
    add_config(results, "chat auto:5+verify", {0, 1, 2, 3});
    add_config(results, "chat auto:5+verify+tools", {0, 1, 2, 3, 4, 5, 6});
    add_config(results, "chat vote:3", {0});
    add_config(results, "chat scaffold+plain", {0, 1, 2});
    add_config(results, "chat scaffold+userturn+plain", {1, 2});
    const Report report = build_report("t", results, {});
    // Five against plain, then the two twins (vote:3 and auto:5+verify are not).
    ASSERT_EQ(report.comparisons.size(), 7u);
    EXPECT_EQ(report.comparisons[1].lever, "");
    EXPECT_EQ(report.comparisons[3].lever, "scaffold");
    EXPECT_EQ(report.comparisons[5].first, "chat auto:5+verify");
    EXPECT_EQ(report.comparisons[5].second, "chat auto:5+verify+tools");
    EXPECT_EQ(report.comparisons[5].lever, "tools");
    EXPECT_EQ(report.comparisons[5].result.only_second.size(), 3u);
    EXPECT_EQ(report.comparisons[6].lever, "userturn");
    const std::string md = markdown_report(report);
    EXPECT_NE(md.find("| chat auto:5+verify+tools | chat auto:5+verify | tools | 3 | 0 | 4 | 3 | 0.250 | 1.00 |"),
              std::string::npos) << md;
    EXPECT_NE(md.find("| chat scaffold+userturn+plain | chat scaffold+plain | userturn | 0 | 1 | 2 | 7 | 1.000 |"),
              std::string::npos) << md;
    EXPECT_NE(md.find("- chat scaffold+userturn+plain (against chat scaffold+plain) fixed: none; broke: q0"),
              std::string::npos) << md;
    // The baseline's table has each configuration once.
    EXPECT_NE(md.find("| chat scaffold+userturn+plain | 1 | 1 | 1 | 7 | 1.000 |"), std::string::npos) << md;
    EXPECT_EQ(nlohmann::json::parse(json_report(report))["comparisons"][6]["lever"], "userturn");
}

TEST(Report, TheFirstConfigurationHasItsTwinToo) {
    std::vector<ItemResult> results;
    add_config(results, "chat auto:5+verify+tools", {0, 1, 2});
    add_config(results, "chat auto:5+verify", {0});
    const Report report = build_report("t", results, {});
    ASSERT_EQ(report.comparisons.size(), 2u);
    EXPECT_EQ(report.comparisons[1].first, "chat auto:5+verify");
    EXPECT_EQ(report.comparisons[1].lever, "tools");
    EXPECT_EQ(report.comparisons[1].result.only_second.size(), 2u);
}

TEST(Report, ATwinOfTheFirstNeedsNoLeverTable) {
    std::vector<ItemResult> results;
    add_config(results, "chat plain", {0});
    add_config(results, "chat notebook+plain", {0, 1});
    const Report report = build_report("t", results, {});
    ASSERT_EQ(report.comparisons.size(), 1u);
    EXPECT_EQ(report.comparisons[0].lever, "notebook");
    EXPECT_EQ(markdown_report(report).find("Each lever alone"), std::string::npos);
    // Names that are not configurations' (a file written by hand) have no twins either.
    EXPECT_EQ(markdown_report(build_report("t", two_configs(), {})).find("Each lever alone"), std::string::npos);
}

#include "eval/summary.h"

#include <gtest/gtest.h>

using namespace r1tune::eval;

namespace {

ItemResult result(const std::string & config, const std::string & id, bool correct, const std::string & verification,
                  bool answered = true, int tokens = 100, double ms = 1000) {
    ItemResult r;
    r.config = config;
    r.item_id = id;
    r.correct = correct;
    r.answered = answered;
    r.verification = verification;
    r.thinking_tokens = tokens / 2;
    r.generated_tokens = tokens;
    r.programs_run = tokens / 100;
    r.latency_ms = ms;
    r.share_ms = ms;
    return r;
}

} // namespace

TEST(Summary, CountsRatesAndCostsPerConfiguration) {
    const std::vector<ItemResult> results = {
        result("plain", "a", true, "verified"),         result("vote:8", "a", true, "verified", true, 800, 4000),
        result("plain", "b", false, "verified"),        result("vote:8", "b", true, "unverified", true, 800, 4000),
        result("plain", "c", false, "unverified", false), result("vote:8", "c", false, "failed", true, 800, 4000),
        result("plain", "d", true, "failed", true, 300, 3000),
    };
    const auto summaries = summarize(results);
    ASSERT_EQ(summaries.size(), 2u);
    const ConfigSummary & plain = summaries[0];
    EXPECT_EQ(plain.config, "plain");
    EXPECT_EQ(plain.items, 4);
    EXPECT_EQ(plain.accuracy.successes, 2);
    EXPECT_DOUBLE_EQ(plain.accuracy.value(), 0.5);
    EXPECT_EQ(plain.verified_precision.trials, 2); // a ✓ on a and on b, and b was wrong
    EXPECT_EQ(plain.verified_precision.successes, 1);
    EXPECT_EQ(plain.abstained.successes, 1);
    EXPECT_EQ(plain.unverified.successes, 1);
    EXPECT_DOUBLE_EQ(plain.mean_generated_tokens, 150.0);
    EXPECT_DOUBLE_EQ(plain.mean_programs_run, 1.5);
    EXPECT_DOUBLE_EQ(plain.mean_latency_ms, 1500.0);
    EXPECT_DOUBLE_EQ(plain.tokens_per_second, 600.0 / 6.0);
    EXPECT_GT(plain.accuracy_interval.low, 0.0);
    EXPECT_LT(plain.accuracy_interval.high, 1.0);
    EXPECT_EQ(summaries[1].accuracy.successes, 2);
    EXPECT_EQ(summaries[1].items, 3);
}

TEST(Summary, PairsOnlyTheItemsBothConfigurationsRan) {
    const std::vector<ItemResult> results = {
        result("plain", "a", false, "unverified"), result("vote:8", "a", true, "verified"),
        result("plain", "b", true, "verified"),    result("vote:8", "b", true, "verified"),
        result("plain", "c", false, "failed"),     result("vote:8", "d", true, "verified"),
    };
    const PairedComparison c = compare_configs(results, "plain", "vote:8");
    EXPECT_EQ(c.only_second, (std::vector<std::string>{"a"}));
    EXPECT_TRUE(c.only_first.empty());
    EXPECT_EQ(c.both, 1);
    EXPECT_EQ(c.neither, 0); // c and d were run by one side only
    EXPECT_DOUBLE_EQ(c.p_value, 1.0);
}

TEST(Summary, TimeComparesByEachItemsShareOfTheRunNotByItsLatency) {
    // vote:8 ran alone (4 s an item); plain ran four items at once, each waiting 2 s for 0.5 s of the run.
    std::vector<ItemResult> results = {result("plain", "a", true, "verified", true, 100, 2000),
                                       result("vote:8", "a", true, "verified", true, 800, 4000)};
    results[0].share_ms = 500;
    const ConfigSummary plain = summarize(results)[0];
    EXPECT_DOUBLE_EQ(plain.mean_latency_ms, 2000.0);
    EXPECT_DOUBLE_EQ(plain.mean_share_ms, 500.0);
    EXPECT_DOUBLE_EQ(plain.tokens_per_second, 200.0);
    const CostRatio cost = cost_ratio(results, "plain", "vote:8");
    EXPECT_DOUBLE_EQ(cost.tokens, 8.0);
    EXPECT_DOUBLE_EQ(cost.time, 8.0);
}

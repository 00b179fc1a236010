#include "eval/statistics.h"

#include <gtest/gtest.h>

using namespace r1tune::eval;

TEST(WilsonInterval, KnownValues) {
    // 8 of 10: the textbook Wilson interval is [0.4902, 0.9433].
    const Interval i = wilson_interval({8, 10});
    EXPECT_NEAR(i.low, 0.4902, 5e-5);
    EXPECT_NEAR(i.high, 0.9433, 5e-5);
    // 50 of 100: [0.4038, 0.5962].
    const Interval half = wilson_interval({50, 100});
    EXPECT_NEAR(half.low, 0.4038, 5e-5);
    EXPECT_NEAR(half.high, 0.5962, 5e-5);
}

TEST(WilsonInterval, EdgesStayInsideZeroToOne) {
    const Interval none = wilson_interval({0, 20});
    EXPECT_DOUBLE_EQ(none.low, 0.0);
    EXPECT_NEAR(none.high, 0.1611, 5e-5); // not the zero-width interval the normal approximation gives
    const Interval all = wilson_interval({20, 20});
    EXPECT_NEAR(all.low, 0.8389, 5e-5);
    EXPECT_DOUBLE_EQ(all.high, 1.0);
    const Interval unknown = wilson_interval({0, 0});
    EXPECT_DOUBLE_EQ(unknown.low, 0.0);
    EXPECT_DOUBLE_EQ(unknown.high, 1.0);
}

TEST(McNemar, ExactBinomialTails) {
    EXPECT_DOUBLE_EQ(mcnemar_exact_p(0, 0), 1.0);
    EXPECT_NEAR(mcnemar_exact_p(0, 5), 0.0625, 1e-12);   // 2 · (1/32)
    EXPECT_NEAR(mcnemar_exact_p(1, 9), 0.021484375, 1e-12); // 2 · 11/1024
    EXPECT_NEAR(mcnemar_exact_p(9, 1), 0.021484375, 1e-12); // symmetric
    EXPECT_DOUBLE_EQ(mcnemar_exact_p(5, 5), 1.0);         // capped at 1
    EXPECT_LT(mcnemar_exact_p(2, 30), 1e-6);
}

TEST(PairedComparison, FlipsAreNamedAndCounted) {
    const auto c = compare_paired({{"a", true, true}, {"b", true, false}, {"c", false, true}, {"d", false, true},
                                   {"e", false, false}});
    EXPECT_EQ(c.both, 1);
    EXPECT_EQ(c.neither, 1);
    EXPECT_EQ(c.only_first, (std::vector<std::string>{"b"}));
    EXPECT_EQ(c.only_second, (std::vector<std::string>{"c", "d"}));
    EXPECT_NEAR(c.p_value, 1.0, 1e-12); // 2 · P[Bin(3, ½) ≤ 1] = 2 · 0.5 = 1
}

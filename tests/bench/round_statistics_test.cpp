// Medians, ranges and per-round ratios on known numbers, and the order of the sides in a round.
#include <gtest/gtest.h>

#include "bench/round_order.h"
#include "bench/round_statistics.h"

using namespace r1tune::bench;

TEST(RoundStatistics, SpreadOfAnOddCountIsTheMiddleValue) {
    const Spread s = spread_of({31.0, 29.5, 30.2});
    EXPECT_EQ(s.count, 3);
    EXPECT_DOUBLE_EQ(s.median, 30.2);
    EXPECT_DOUBLE_EQ(s.min, 29.5);
    EXPECT_DOUBLE_EQ(s.max, 31.0);
}

TEST(RoundStatistics, SpreadOfAnEvenCountAveragesTheMiddleTwo) {
    const Spread s = spread_of({4, 1, 3, 2});
    EXPECT_DOUBLE_EQ(s.median, 2.5);
    EXPECT_DOUBLE_EQ(s.min, 1);
    EXPECT_DOUBLE_EQ(s.max, 4);
}

TEST(RoundStatistics, NothingMeasuredHasCountZero) { EXPECT_EQ(spread_of({}).count, 0); }

TEST(RoundStatistics, RatiosAreTakenWithinEachRound) {
    // The machine got twice as slow in round 2 for both sides: per-round ratios do not see it.
    const std::vector<double> ratios = round_ratios({30, 15, 31}, {32, 16, 31});
    ASSERT_EQ(ratios.size(), 3u);
    EXPECT_DOUBLE_EQ(ratios[0], 30.0 / 32);
    EXPECT_DOUBLE_EQ(ratios[1], 15.0 / 16);
    EXPECT_DOUBLE_EQ(ratios[2], 1.0);
    const Spread s = spread_of(ratios);
    EXPECT_DOUBLE_EQ(s.median, 0.9375);
    EXPECT_DOUBLE_EQ(s.min, 0.9375);
    EXPECT_DOUBLE_EQ(s.max, 1.0);
}

TEST(RoundStatistics, RatiosOnlyForRoundsBothSidesMeasured) {
    EXPECT_EQ(round_ratios({30, 31, 32}, {}).size(), 0u);
    EXPECT_EQ(round_ratios({30, 31, 32}, {30}).size(), 1u);
}

TEST(RoundStatistics, ConsistencyTellsSignalFromNoise) {
    EXPECT_EQ(consistency_of({}, true), Consistency::kNotCompared);
    EXPECT_EQ(consistency_of({0.9}, true), Consistency::kOneRound);
    EXPECT_EQ(consistency_of({1.02, 1.05, 1.01}, true), Consistency::kR1tuneEveryRound);
    EXPECT_EQ(consistency_of({0.95, 0.97, 0.99}, true), Consistency::kLlamaEveryRound);
    EXPECT_EQ(consistency_of({0.98, 1.01, 0.99}, true), Consistency::kMixed);
    EXPECT_EQ(consistency_of({1.0, 1.01}, true), Consistency::kMixed); // a tie is no win
    // For times and memory, lower is better: a ratio below 1 favours r1tune.
    EXPECT_EQ(consistency_of({0.95, 0.97}, false), Consistency::kR1tuneEveryRound);
    EXPECT_EQ(consistency_of({1.10, 1.20}, false), Consistency::kLlamaEveryRound);
}

TEST(RoundOrder, AlternatesWhichSideGoesFirst) {
    EXPECT_EQ(round_order(0), (std::array{Side::kR1tune, Side::kLlama}));
    EXPECT_EQ(round_order(1), (std::array{Side::kLlama, Side::kR1tune}));
    EXPECT_EQ(round_order(2), (std::array{Side::kR1tune, Side::kLlama}));
}

#include "strategies/confidence_filter.h"
#include "strategies/top_tokens.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <vector>

using r1tune::strategies::confidence_threshold;
using r1tune::strategies::token_confidence;
using r1tune::strategies::TraceConfidence;

namespace {

// n_vocab logits of `base`, with `peak` at index 3.
std::vector<float> peaked(int n_vocab, float peak, float base = 0.0f) {
    std::vector<float> logits(n_vocab, base);
    logits[3] = peak;
    return logits;
}

double threshold_of(const std::vector<double> & warmup, double keep_percent) {
    double t = std::nan("");
    const auto s = confidence_threshold(warmup, keep_percent, t);
    EXPECT_TRUE(s) << s.message();
    return t;
}

} // namespace

TEST(TokenConfidence, UniformLogitsGiveLogOfTheVocabulary) {
    // Every top-k token has log P = −log n, so C = log n whatever k is.
    const std::vector<float> logits(1000, 0.0f);
    for (const int k : {1, 5, 20, 1000}) EXPECT_NEAR(token_confidence(logits.data(), 1000, k), std::log(1000.0), 1e-12);
}

TEST(TokenConfidence, SharpPeakIsSurerThanUniformButAMildPeakIsLessSure) {
    // n = 1000, k = 5, one logit L and 999 at 0: log Z = log(e^L + 999) and
    // C = log Z − (L + 4 × 0) / 5.
    //   L = 10: log Z = log(23025.466) = 10.044356, C = 8.044356 > log 1000 = 6.907755
    //   L = 5:  log Z = log(1147.413)  = 7.045265,  C = 6.045265 < log 1000
    // The sharp peak: top-1 log P ≈ −0.044, the other four ≈ −10.04 each, all of which raise C.
    // The mild peak: top-1 gains (−2.05 vs −6.91) more than the other four lose (−7.05 vs −6.91).
    const auto sharp = peaked(1000, 10.0f);
    const auto mild = peaked(1000, 5.0f);
    const std::vector<float> uniform(1000, 0.0f);
    const double c_sharp = token_confidence(sharp.data(), 1000, 5);
    const double c_mild = token_confidence(mild.data(), 1000, 5);
    const double c_uniform = token_confidence(uniform.data(), 1000, 5);
    EXPECT_NEAR(c_sharp, 8.044356, 1e-5);
    EXPECT_NEAR(c_mild, 6.045265, 1e-5);
    EXPECT_GT(c_sharp, c_uniform);
    EXPECT_LT(c_mild, c_uniform);
    // Sharper still keeps rising: at L = 20 the other four are ≈ e^−20 each.
    const auto sharper = peaked(1000, 20.0f);
    EXPECT_GT(token_confidence(sharper.data(), 1000, 5), c_sharp);
}

TEST(TokenConfidence, TornBetweenExactlyKTokensIsTheFloorLogK) {
    // Five tokens at 30, the rest at 0: each of the five has P ≈ 1/5 (the other 995 share
    // 995 e^−30 ≈ 9e−11), so C ≈ log 5, the least a top-5 confidence can be.
    std::vector<float> logits(1000, 0.0f);
    for (int i = 0; i < 5; ++i) logits[100 * i + 7] = 30.0f;
    EXPECT_NEAR(token_confidence(logits.data(), 1000, 5), std::log(5.0), 1e-9);
    EXPECT_LT(token_confidence(logits.data(), 1000, 5), std::log(1000.0));
}

TEST(TokenConfidence, HugeLogitsDoNotOverflow) {
    // exp(1010) overflows a double; the shifted sum does not, and a constant shift changes nothing.
    const auto shifted = peaked(1000, 1010.0f, 1000.0f);
    EXPECT_NEAR(token_confidence(shifted.data(), 1000, 5), 8.044356, 1e-5);
}

TEST(TokenConfidence, KIsClampedToTheVocabulary) {
    const std::vector<float> logits(10, 0.0f);
    EXPECT_NEAR(token_confidence(logits.data(), 10, 50), std::log(10.0), 1e-12);
    EXPECT_NEAR(token_confidence(logits.data(), 10, 0), std::log(10.0), 1e-12);
}

TEST(TopLogprobs, MatchesAFullSortOnAQwenSizedVocabulary) {
    constexpr int kVocab = 151936;
    std::mt19937 rng(5);
    std::normal_distribution<float> noise(0.0f, 3.0f);
    std::vector<float> logits(kVocab);
    for (auto & l : logits) l = noise(rng);
    logits[12345] = 25.0f; // a clear favourite, as in a real next-token distribution

    std::vector<r1tune::strategies::RankedToken> ranked;
    r1tune::strategies::top_tokens(logits.data(), kVocab, 20, ranked);
    std::vector<double> top;
    for (const auto & t : ranked) top.push_back(t.logprob);
    ASSERT_EQ(top.size(), 20u);

    // Reference: sort everything, log-softmax by hand.
    std::vector<float> sorted = logits;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    double sum = 0;
    for (const float l : logits) sum += std::exp(static_cast<double>(l) - sorted[0]);
    const double log_z = sorted[0] + std::log(sum);
    double mean = 0;
    for (int j = 0; j < 20; ++j) {
        EXPECT_NEAR(top[j], sorted[j] - log_z, 1e-9) << j;
        mean += top[j] / 20;
    }
    EXPECT_TRUE(std::is_sorted(top.begin(), top.end(), std::greater<>()));
    EXPECT_NEAR(token_confidence(logits.data(), kVocab, 20), -mean, 1e-9);
}

TEST(TraceConfidence, WindowMeanAndLowestOverAHandMadeSequence) {
    // Window 3 over 5 4 3 6 1 8 8 8; the full windows' means are
    // (5 4 3) 4, (4 3 6) 13/3, (3 6 1) 10/3, (6 1 8) 5, (1 8 8) 17/3, (8 8 8) 8: lowest 10/3.
    TraceConfidence trace(3);
    const std::vector<double> values = {5, 4, 3, 6, 1, 8, 8, 8};
    const std::vector<double> means = {5, 4.5, 4, 13.0 / 3, 10.0 / 3, 5, 17.0 / 3, 8};
    const std::vector<double> lowest = {0, 0, 4, 4, 10.0 / 3, 10.0 / 3, 10.0 / 3, 10.0 / 3};
    EXPECT_TRUE(std::isnan(trace.window_mean()));
    EXPECT_TRUE(std::isnan(trace.trace_confidence()));
    for (std::size_t i = 0; i < values.size(); ++i) {
        trace.add(values[i]);
        EXPECT_EQ(trace.tokens(), static_cast<int>(i + 1));
        EXPECT_NEAR(trace.window_mean(), means[i], 1e-12) << i;
        EXPECT_EQ(trace.window_full(), i >= 2) << i;
        if (i < 2) {
            EXPECT_FALSE(trace.lowest().has_value()) << i;
            EXPECT_NEAR(trace.trace_confidence(), means[i], 1e-12) << i; // a short trace: its mean
        } else {
            ASSERT_TRUE(trace.lowest().has_value()) << i;
            EXPECT_NEAR(*trace.lowest(), lowest[i], 1e-12) << i;
            EXPECT_NEAR(trace.trace_confidence(), lowest[i], 1e-12) << i;
        }
    }
    trace.reset();
    EXPECT_EQ(trace.tokens(), 0);
    EXPECT_FALSE(trace.lowest().has_value());
    trace.add(2);
    EXPECT_DOUBLE_EQ(trace.window_mean(), 2);
}

TEST(TraceConfidence, LongTracesMatchADirectSlidingMean) {
    // 20,000 tokens through a window of 64: the running sum (re-summed once per lap) stays on the
    // directly computed means.
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> conf(0.5, 20.0);
    std::vector<double> values(20000);
    for (auto & v : values) v = conf(rng);
    TraceConfidence trace(64);
    double lowest = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < values.size(); ++i) {
        trace.add(values[i]);
        if (i + 1 < 64) continue;
        double sum = 0;
        for (std::size_t j = i + 1 - 64; j <= i; ++j) sum += values[j];
        ASSERT_NEAR(trace.window_mean(), sum / 64, 1e-9) << i;
        lowest = std::min(lowest, sum / 64);
    }
    EXPECT_NEAR(*trace.lowest(), lowest, 1e-9);
}

TEST(TraceConfidence, InfinityStaysInItsWindowsAndNaNIsIgnored) {
    TraceConfidence trace(2);
    const double inf = std::numeric_limits<double>::infinity();
    trace.add(3);
    trace.add(inf);
    EXPECT_EQ(trace.window_mean(), inf);
    trace.add(std::nan(""));
    EXPECT_EQ(trace.tokens(), 2);
    trace.add(5);
    EXPECT_EQ(trace.window_mean(), inf); // (∞, 5)
    trace.add(7);
    EXPECT_DOUBLE_EQ(trace.window_mean(), 6); // ∞ has left, and the sum is not NaN
    EXPECT_DOUBLE_EQ(*trace.lowest(), 6);
}

TEST(TraceConfidence, AWindowBelowOneIsOne) {
    TraceConfidence trace(0);
    EXPECT_EQ(trace.window(), 1);
    trace.add(4);
    trace.add(2);
    EXPECT_DOUBLE_EQ(*trace.lowest(), 2);
}

TEST(ConfidenceThreshold, PercentilesOfKnownLists) {
    const std::vector<double> ten = {7, 3, 10, 1, 5, 9, 2, 8, 6, 4}; // 1..10, shuffled
    EXPECT_DOUBLE_EQ(threshold_of(ten, 100), 1);   // keep all: the minimum
    EXPECT_DOUBLE_EQ(threshold_of(ten, 10), 9.1);  // 90th percentile: rank 0.9 × 9 = 8.1
    EXPECT_DOUBLE_EQ(threshold_of(ten, 90), 1.9);  // 10th percentile: rank 0.9
    EXPECT_DOUBLE_EQ(threshold_of(ten, 50), 5.5);  // the median
    EXPECT_DOUBLE_EQ(threshold_of({12.5}, 10), 12.5);
    // DeepConf-low on 16 warm-up traces: rank 0.9 × 15 = 13.5, halfway between the 14th and 15th.
    std::vector<double> sixteen;
    for (int i = 0; i < 16; ++i) sixteen.push_back(10.0 + i);
    EXPECT_DOUBLE_EQ(threshold_of(sixteen, r1tune::strategies::kDeepConfKeepPercent), 23.5);
    // An infinite warm-up confidence does not turn the threshold into NaN.
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_DOUBLE_EQ(threshold_of({1, 2, inf}, 100), 1);
    EXPECT_EQ(threshold_of({1, inf, inf}, 10), inf);
}

TEST(ConfidenceThreshold, BadInputsAreErrors) {
    double t = 0;
    EXPECT_EQ(confidence_threshold({}, 10, t).kind(), r1tune::ErrorKind::kInput);
    EXPECT_EQ(confidence_threshold({1, std::nan("")}, 10, t).kind(), r1tune::ErrorKind::kInput);
    EXPECT_EQ(confidence_threshold({1, 2}, 0, t).kind(), r1tune::ErrorKind::kUsage);
    EXPECT_EQ(confidence_threshold({1, 2}, 100.5, t).kind(), r1tune::ErrorKind::kUsage);
    EXPECT_EQ(confidence_threshold({1, 2}, std::nan(""), t).kind(), r1tune::ErrorKind::kUsage);
    EXPECT_EQ(t, 0); // untouched on error
}

TEST(TopTokens, TiesGoToTheLowerIdAndLogprobsAreNormalised) {
    const std::vector<float> logits = {1.0f, 3.0f, 0.5f, 3.0f, -2.0f};
    std::vector<r1tune::strategies::RankedToken> top;
    r1tune::strategies::top_tokens(logits.data(), static_cast<int>(logits.size()), 3, top);
    ASSERT_EQ(top.size(), 3u);
    EXPECT_EQ(top[0].token, 1);
    EXPECT_EQ(top[1].token, 3);
    EXPECT_EQ(top[2].token, 0);
    double z = 0;
    for (float l : logits) z += std::exp(static_cast<double>(l));
    EXPECT_NEAR(top[0].logprob, 3.0 - std::log(z), 1e-12);
    EXPECT_NEAR(top[2].logprob, 1.0 - std::log(z), 1e-12);
}

#include "strategies/loop_detector.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "../engine/tiny_model.h"

using r1tune::strategies::LoopDetector;
using r1tune::strategies::LoopDetectorOptions;
using r1tune::engine::Token;

namespace {

std::vector<Token> random_tokens(std::mt19937 & rng, int count, Token lo, Token hi) {
    std::uniform_int_distribution<Token> pick(lo, hi - 1);
    std::vector<Token> out(count);
    for (auto & t : out) t = pick(rng);
    return out;
}

void append(std::vector<Token> & to, const std::vector<Token> & more) { to.insert(to.end(), more.begin(), more.end()); }

// Feeds every token; returns the index of the token on which feed() first said "looping", or -1.
int first_trip(LoopDetector & detector, const std::vector<Token> & tokens) {
    int trip = -1;
    for (int i = 0; i < static_cast<int>(tokens.size()); ++i) {
        if (detector.feed(tokens[i]) && trip < 0) trip = i;
    }
    return trip;
}

} // namespace

TEST(LoopDetector, PlantedParagraphIsCaughtInItsFourthCopyNotBefore) {
    // The paragraph draws from ids the prefix never uses, so no n-gram straddling the prefix and
    // the loop can repeat, and the trip point is exact: the first 24-gram whose fourth copy is
    // complete ends 23 tokens into the fourth paragraph, i.e. 3 × 30 + 23 tokens into the loop.
    std::mt19937 rng(11);
    const int prefix = 300;
    std::vector<Token> trace = random_tokens(rng, prefix, 0, 1000);
    const std::vector<Token> paragraph = random_tokens(rng, 30, 1000, 2000);
    for (int copy = 0; copy < 4; ++copy) append(trace, paragraph);

    LoopDetector detector;
    EXPECT_EQ(first_trip(detector, trace), prefix + 3 * 30 + 23);
    EXPECT_TRUE(detector.looping());
    EXPECT_EQ(detector.loop_start(), prefix);
    EXPECT_EQ(detector.period(), 30);
    EXPECT_EQ(detector.tokens(), prefix + 120);
    EXPECT_EQ(detector.repeated_span(), 120);
}

TEST(LoopDetector, ThreeCopiesOfAParagraphAreNotYetALoop) {
    std::mt19937 rng(12);
    std::vector<Token> trace = random_tokens(rng, 200, 0, 1000);
    const std::vector<Token> paragraph = random_tokens(rng, 30, 1000, 2000);
    for (int copy = 0; copy < 3; ++copy) append(trace, paragraph);
    append(trace, random_tokens(rng, 200, 0, 1000));
    LoopDetector detector;
    EXPECT_EQ(first_trip(detector, trace), -1);
    EXPECT_EQ(detector.loop_start(), -1);
    EXPECT_EQ(detector.repeated_span(), 0);
    EXPECT_EQ(detector.period(), 0);
}

TEST(LoopDetector, RandomStreamsNeverTrigger) {
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        std::mt19937 rng(seed);
        LoopDetector detector;
        EXPECT_EQ(first_trip(detector, random_tokens(rng, 5000, 0, 1000)), -1) << "seed " << seed;
    }
}

TEST(LoopDetector, RandomStreamsNeverTriggerEvenWithAShortNgram) {
    // 4-grams over 1000 ids: 5000 draws from 10^12, so even a short n-gram does not come back four
    // times by chance; a trip here would be a counting bug.
    LoopDetectorOptions options;
    options.ngram = 4;
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        std::mt19937 rng(seed);
        LoopDetector detector(options);
        EXPECT_EQ(first_trip(detector, random_tokens(rng, 5000, 0, 1000)), -1) << "seed " << seed;
    }
}

TEST(LoopDetector, APhraseWrittenTwiceIsNotALoop) {
    std::mt19937 rng(13);
    const std::vector<Token> phrase = random_tokens(rng, 40, 1000, 2000);
    std::vector<Token> trace = random_tokens(rng, 100, 0, 1000);
    append(trace, phrase);
    append(trace, phrase); // back to back
    append(trace, random_tokens(rng, 100, 0, 1000));
    append(trace, phrase); // and once more later: three copies in all
    append(trace, random_tokens(rng, 100, 0, 1000));
    LoopDetector detector;
    EXPECT_EQ(first_trip(detector, trace), -1);
}

TEST(LoopDetector, StockPhrasesRepeatedOftenAreNotALoop) {
    // "so the answer is" and "Wait, let me check" come back dozens of times in a long trace; they
    // are shorter than the n-gram, so what surrounds them differs and nothing repeats 24 tokens.
    std::mt19937 rng(14);
    const std::vector<Token> stock = {1500, 1501, 1502, 1503, 1504, 1505};
    std::vector<Token> trace;
    for (int i = 0; i < 60; ++i) {
        append(trace, random_tokens(rng, 15, 0, 1000));
        append(trace, stock);
    }
    LoopDetector detector;
    EXPECT_EQ(first_trip(detector, trace), -1);
}

TEST(LoopDetector, OneTokenRepeatedIsALoop) {
    // Counted occurrences may not overlap (min_gap = ngram), so the run must hold 4 disjoint
    // 24-grams: it trips on its 96th token.
    std::mt19937 rng(15);
    std::vector<Token> trace = random_tokens(rng, 50, 0, 1000);
    trace.insert(trace.end(), 200, Token{1234});
    LoopDetector detector;
    EXPECT_EQ(first_trip(detector, trace), 50 + 4 * 24 - 1);
    EXPECT_EQ(detector.period(), 1);
    EXPECT_EQ(detector.loop_start(), 50);
}

TEST(LoopDetector, ShortPeriodsTripAfterAboutNgramTimesRepeatsTokens) {
    // A period p < ngram: the next countable copy is the first multiple of p at least 24 tokens
    // on, so the trip comes 23 + 3 × (24 rounded up to a multiple of p) tokens into the loop.
    for (const int p : {2, 3, 5, 7, 13}) {
        std::mt19937 rng(100 + p);
        std::vector<Token> trace = random_tokens(rng, 50, 0, 1000);
        const std::vector<Token> unit = random_tokens(rng, p, 1000, 2000);
        for (int i = 0; i < 200 / p + 1; ++i) append(trace, unit);
        const int step = (24 + p - 1) / p * p;
        LoopDetector detector;
        EXPECT_EQ(first_trip(detector, trace), 50 + 23 + 3 * step) << "period " << p;
        EXPECT_EQ(detector.period(), p) << "period " << p;
    }
}

TEST(LoopDetector, AGapOfOneCountsOverlappingCopies) {
    LoopDetectorOptions options;
    options.min_gap = 1;
    LoopDetector detector(options);
    const std::vector<Token> run(100, Token{7});
    EXPECT_EQ(first_trip(detector, run), 24 + 4 - 2); // the 24-gram ending at 23, 24, 25, 26
}

TEST(LoopDetector, StaysLoopingUntilReset) {
    LoopDetector detector;
    const std::vector<Token> run(100, Token{7});
    ASSERT_GE(first_trip(detector, run), 0);
    std::mt19937 rng(16);
    for (const Token t : random_tokens(rng, 50, 0, 1000)) EXPECT_TRUE(detector.feed(t));

    detector.reset();
    EXPECT_FALSE(detector.looping());
    EXPECT_EQ(detector.tokens(), 0);
    EXPECT_EQ(detector.loop_start(), -1);
    EXPECT_EQ(detector.period(), 0);
    EXPECT_EQ(detector.repeated_span(), 0);
    // Nothing from before the reset counts: three more copies of the run's n-gram are not a loop...
    EXPECT_EQ(first_trip(detector, std::vector<Token>(3 * 24, Token{7})), -1);
    // ...and the fourth is, exactly as on a fresh detector.
    EXPECT_EQ(first_trip(detector, std::vector<Token>(24, Token{7})), 23);
}

TEST(LoopDetector, OptionsAreValidated) {
    EXPECT_TRUE(LoopDetectorOptions{}.validate());
    LoopDetectorOptions o;
    o.ngram = 1;
    EXPECT_EQ(o.validate().kind(), r1tune::ErrorKind::kUsage);
    o = {};
    o.repeats = 1;
    EXPECT_EQ(o.validate().kind(), r1tune::ErrorKind::kUsage);
    o = {};
    o.min_gap = -1;
    EXPECT_EQ(o.validate().kind(), r1tune::ErrorKind::kUsage);
    o = {};
    o.ngram = 2;
    o.repeats = 2;
    o.min_gap = 1;
    EXPECT_TRUE(o.validate());
}

TEST(LoopDetector, RealReasoningTextWithNaturalRepetitionIsNotALoopButARepeatedParagraphIs) {
    // Tokenized with the real Qwen2 tokenizer: stock phrases ("So the answer is 5." four times),
    // the question restated, one derivation step copied word for word, the result checked
    // thrice. Its longest verbatim repeat is a 24-gram seen twice, so 24 tokens × 2 copies would
    // already misfire here, and so would 8 × 3.
    const std::string reasoning =
        "Okay, so I need to find the value of x such that 3x + 7 = 22. Let me think about this step by step.\n"
        "First, I subtract 7 from both sides: 3x + 7 - 7 = 22 - 7, so 3x = 15.\n"
        "Then I divide both sides by 3: x = 15 / 3 = 5. So the answer is 5.\n"
        "Wait, let me check that again. The problem says 3x + 7 = 22. If x = 5, then 3 * 5 + 7 = 15 + 7 = 22. "
        "Yes, that works.\n"
        "Wait, but let me make sure I didn't make a mistake. First, I subtract 7 from both sides: "
        "3x + 7 - 7 = 22 - 7, so 3x = 15. Then x = 5. So the answer is 5.\n"
        "Hmm, let me verify once more with a different approach. Rearranging, 3x = 22 - 7 = 15, "
        "so x = 5. Plugging back in: 3 * 5 + 7 = 22. So the answer is 5.\n"
        "Alternatively, I could think of it as x = (22 - 7) / 3 = 15 / 3 = 5. So the answer is 5.\n";
    const auto natural = r1tune::fixture::tokens_of(reasoning);
    ASSERT_GT(natural.size(), 200u);
    LoopDetector detector;
    EXPECT_EQ(first_trip(detector, natural), -1);

    const auto paragraph = r1tune::fixture::tokens_of(
        "Wait, let me check that again. The problem says 3x + 7 = 22. If x = 5, then 3 * 5 + 7 = 15 + 7 = 22. "
        "Yes, that works. So the answer is 5.\n");
    ASSERT_GE(paragraph.size(), 24u);
    std::vector<Token> looped = natural;
    for (int copy = 0; copy < 4; ++copy) append(looped, paragraph);
    detector.reset();
    // The paragraph's opening sentence is already in the text once, and that copy counts: the
    // detector trips inside the third pasted copy, not before it.
    const int trip = first_trip(detector, looped);
    EXPECT_GT(trip, static_cast<int>(natural.size() + 2 * paragraph.size()));
    EXPECT_LT(trip, static_cast<int>(natural.size() + 3 * paragraph.size()));
}

// Draft-free speculation: proposals from the sequence's own n-grams, checked in the next decode
// step. It must change nothing but the speed: the same tokens as without it, for one sequence or
// a vote's several. (Sampled draws among the top two only: over the whole vocabulary the random
// fixture's logits are so flat that a draw can turn on a batch's last-bit rounding, with or
// without proposals.)
#include <gtest/gtest.h>

#include "engine/generation.h"
#include "engine/ngram_draft.h"
#include "engine/session.h"
#include "tiny_model.h"

using namespace r1tune;
using engine::GenerationOptions;
using engine::GenerationStats;
using engine::SamplerSettings;
using engine::SequenceResult;
using engine::Token;

TEST(NgramDraft, ProposesWhatFollowedTheLatestEarlierOccurrence) {
    // ... 5 6 7 8 ... 5 6 7 9 ... 5 6 7 → what followed the later "5 6 7": 9, then 1.
    const std::vector<Token> history = {1, 5, 6, 7, 8, 2, 5, 6, 7, 9, 1, 3, 5, 6, 7};
    EXPECT_EQ(engine::propose_from_ngrams(history, 2), (std::vector<Token>{9, 1}));
    EXPECT_EQ(engine::propose_from_ngrams(history, 1), (std::vector<Token>{9}));
    // Near the end, fewer than asked.
    const std::vector<Token> short_tail = {4, 5, 6, 4, 5};
    EXPECT_EQ(engine::propose_from_ngrams(short_tail, 8), (std::vector<Token>{6, 4, 5}));
}

TEST(NgramDraft, TheLongestMatchingNgramWins) {
    // "2 3" last came before 9, but "1 2 3" (longer) came before 7.
    const std::vector<Token> history = {1, 2, 3, 7, 4, 2, 3, 9, 5, 1, 2, 3};
    EXPECT_EQ(engine::propose_from_ngrams(history, 1), (std::vector<Token>{7}));
    EXPECT_EQ(engine::propose_from_ngrams(history, 1, 2, 2), (std::vector<Token>{9}));
}

TEST(NgramDraft, NothingWithoutAnEarlierOccurrence) {
    EXPECT_TRUE(engine::propose_from_ngrams(std::vector<Token>{1, 2, 3, 4}, 4).empty());
    EXPECT_TRUE(engine::propose_from_ngrams(std::vector<Token>{}, 4).empty());
    EXPECT_TRUE(engine::propose_from_ngrams(std::vector<Token>{7}, 4).empty());
    EXPECT_TRUE(engine::propose_from_ngrams(std::vector<Token>{1, 2, 1, 2}, 0).empty());
}

namespace {

const char * kPrompt = "<｜begin▁of▁sentence｜><｜User｜>Count: 1 2 3 1 2 3 1 2 3 1 2 3<｜Assistant｜><think>\n";

struct Generated {
    std::vector<SequenceResult> results;
    GenerationStats stats;
};

Generated generate(int speculate, std::vector<SamplerSettings> samplers, int max_tokens = 40) {
    auto session = fixture::tiny_session(static_cast<int>(samplers.size()), 1024);
    GenerationOptions options;
    options.max_tokens = max_tokens;
    options.speculate = speculate;
    Generated run;
    const Status s = engine::generate(*session, fixture::tokens_of(kPrompt), samplers, options, nullptr, run.results, run.stats);
    EXPECT_TRUE(s) << s.message();
    return run;
}

SamplerSettings greedy() {
    SamplerSettings s;
    s.temperature = 0;
    return s;
}

} // namespace

TEST(Speculation, GreedyGivesTheSameTokensAndSomeProposalsAreKept) {
    const Generated plain = generate(0, {greedy()});
    const Generated fast = generate(4, {greedy()});
    EXPECT_EQ(fast.results[0].tokens, plain.results[0].tokens);
    EXPECT_EQ(fast.results[0].answer, plain.results[0].answer);
    EXPECT_EQ(plain.stats.proposed_tokens, 0);
    EXPECT_GT(fast.stats.proposed_tokens, 0);
    EXPECT_GT(fast.stats.accepted_tokens, 0) << "a greedy random model repeats itself: some proposals must hold";
    EXPECT_LE(fast.stats.accepted_tokens, fast.stats.proposed_tokens);
    // Steps saved: fewer decode steps than tokens means proposals were kept within a step.
    EXPECT_EQ(fast.stats.decoded_tokens, plain.stats.decoded_tokens);
}

TEST(Speculation, SampledDrawsAreTheSameWhetherProposalsHoldOrFail) {
    // Drawn between the two likeliest tokens: the random model's greedy cycles are often
    // followed (proposals hold) and often left (they fail), and two candidates far apart in
    // probability leave no draw to a batch's rounding. Each seed's text must be the same.
    int held = 0, failed = 0;
    for (std::uint32_t seed : {1u, 2u, 3u, 4u}) {
        SamplerSettings two;
        two.temperature = 1.0f;
        two.top_k = 2;
        two.top_p = 1.0f;
        two.seed = seed;
        const Generated plain = generate(0, {two});
        const Generated fast = generate(3, {two});
        EXPECT_EQ(fast.results[0].tokens, plain.results[0].tokens) << "seed " << seed;
        held += fast.stats.accepted_tokens;
        failed += fast.stats.proposed_tokens - fast.stats.accepted_tokens;
    }
    EXPECT_GT(held, 0);
    EXPECT_GT(failed, 0);
}

TEST(Speculation, PenaltiesSeeTheKeptProposalsInOrder) {
    // Greedy draws under repeat penalties of different strength: three different texts, each
    // drawn from a history that must hold every kept proposal, in order, as a drawn token would.
    std::vector<SamplerSettings> samplers(3, greedy());
    samplers[1].repeat_penalty = 1.1f;
    samplers[2].repeat_penalty = 1.3f;
    const Generated plain = generate(0, samplers, 48);
    const Generated fast = generate(4, samplers, 48);
    ASSERT_EQ(fast.results.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(fast.results[i].tokens, plain.results[i].tokens) << "sequence " << i;
        EXPECT_EQ(fast.results[i].tokens.size(), 48u); // the token limit holds with proposals past it
    }
    EXPECT_NE(plain.results[0].tokens, plain.results[2].tokens);
    EXPECT_GT(fast.stats.accepted_tokens, 0);
}

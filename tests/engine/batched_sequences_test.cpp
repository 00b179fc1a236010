// N sequences forked from one prompt and decoded in one batch must behave like N separate runs.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/generation.h"
#include "engine/session.h"
#include "tiny_model.h"

using namespace r1tune;
using engine::GenerationOptions;
using engine::GenerationStats;
using engine::SamplerSettings;
using engine::SequenceResult;

namespace {

const char * kPrompt = "<｜begin▁of▁sentence｜><｜User｜>A cage holds 35 heads and 94 feet.<｜Assistant｜><think>\n";
constexpr int kSequences = 4;
constexpr int kTokens = 24;

std::vector<SamplerSettings> seeded_samplers() {
    std::vector<SamplerSettings> samplers;
    for (int i = 0; i < kSequences; ++i) {
        SamplerSettings s;
        s.temperature = 0.9f;
        s.top_k = 0;
        s.top_p = 1.0f;
        s.seed = 100 + static_cast<std::uint32_t>(i);
        samplers.push_back(s);
    }
    return samplers;
}

} // namespace

TEST(BatchedSequences, ForkedBatchGivesTheSameTokensAsSeparateRuns) {
    GenerationOptions options;
    options.max_tokens = kTokens;
    const auto prompt = fixture::tokens_of(kPrompt);

    auto batched_session = fixture::tiny_session(kSequences);
    std::vector<SequenceResult> batched;
    GenerationStats stats;
    ASSERT_TRUE(engine::generate(*batched_session, prompt, seeded_samplers(), options, nullptr, batched, stats));
    ASSERT_EQ(batched.size(), static_cast<std::size_t>(kSequences));
    // The prompt was evaluated once, and each step decoded every live sequence together.
    EXPECT_EQ(stats.prompt_tokens, static_cast<int>(prompt.size()));
    EXPECT_EQ(stats.decoded_tokens, kSequences * (kTokens - 1));

    auto single_session = fixture::tiny_session(1);
    for (int i = 0; i < kSequences; ++i) {
        std::vector<SequenceResult> single;
        ASSERT_TRUE(engine::generate(*single_session, prompt, {seeded_samplers()[i]}, options, nullptr, single, stats));
        EXPECT_EQ(batched[i].tokens, single[0].tokens) << "sequence " << i;
    }
    // Different seeds really did produce different continuations.
    EXPECT_NE(batched[0].tokens, batched[1].tokens);
}

TEST(BatchedSequences, ForkedLogitsMatchASeparateRunWithinTolerance) {
    // Teacher-forced: feed the same token chain to sequence 2 of a batch (next to other
    // sequences with other tokens) and to a lone sequence, and compare logits at every step.
    // A batch of 4 may use other matrix kernels and reduction orders than a batch of 1, so the
    // sums may differ in the last bits of a float; 1e-3 absolute is far above that noise and far
    // below the gap a wrong KV prefix or a wrong position would make (the logits then differ by
    // whole units, see the check with a shifted position below).
    const auto prompt = fixture::tokens_of(kPrompt);
    const int n_vocab = fixture::tiny_model().vocab_size();
    const std::vector<engine::Token> chain = {9707, 11, 1246, 525, 498, 30};
    const std::vector<engine::Token> others = {151, 2000, 30000, 77, 8, 1234};

    auto lone = fixture::tiny_session(1);
    ASSERT_TRUE(lone->decode_prompt(prompt, 0));
    auto batch = fixture::tiny_session(kSequences);
    ASSERT_TRUE(batch->decode_prompt(prompt, 0));
    for (int s = 1; s < kSequences; ++s) batch->fork(0, s);

    float worst = 0;
    for (std::size_t step = 0; step < chain.size(); ++step) {
        const int pos = static_cast<int>(prompt.size() + step);
        engine::BatchToken alone{chain[step], 0, pos};
        ASSERT_TRUE(lone->decode_step({&alone, 1}));
        std::vector<engine::BatchToken> entries;
        for (int s = 0; s < kSequences; ++s) entries.push_back({s == 2 ? chain[step] : others[(step + s) % others.size()], s, pos});
        ASSERT_TRUE(batch->decode_step(entries));
        const float * a = lone->logits(0);
        const float * b = batch->logits(2);
        for (int v = 0; v < n_vocab; ++v) worst = std::max(worst, std::fabs(a[v] - b[v]));
    }
    EXPECT_LT(worst, 1e-3f);

    // The same comparison must fail when the batch sequence sees another history.
    auto shifted = fixture::tiny_session(1);
    ASSERT_TRUE(shifted->decode_prompt(prompt, 0));
    engine::BatchToken wrong{others[0], 0, static_cast<int>(prompt.size())};
    ASSERT_TRUE(shifted->decode_step({&wrong, 1}));
    engine::BatchToken next{chain[1], 0, static_cast<int>(prompt.size()) + 1};
    ASSERT_TRUE(shifted->decode_step({&next, 1}));
    auto reference = fixture::tiny_session(1);
    ASSERT_TRUE(reference->decode_prompt(prompt, 0));
    engine::BatchToken right{chain[0], 0, static_cast<int>(prompt.size())};
    ASSERT_TRUE(reference->decode_step({&right, 1}));
    ASSERT_TRUE(reference->decode_step({&next, 1}));
    float gap = 0;
    for (int v = 0; v < n_vocab; ++v) gap = std::max(gap, std::fabs(shifted->logits(0)[v] - reference->logits(0)[v]));
    EXPECT_GT(gap, 1e-2f);
}

TEST(BatchedSequences, FinishedSequencesReleaseTheirCacheCells) {
    const auto prompt = fixture::tokens_of(kPrompt);
    auto session = fixture::tiny_session(kSequences);
    ASSERT_TRUE(session->decode_prompt(prompt, 0));
    for (int s = 1; s < kSequences; ++s) session->fork(0, s);
    EXPECT_EQ(session->cached_length(3), static_cast<int>(prompt.size()));

    GenerationOptions options;
    options.max_tokens = 12;
    std::vector<SequenceResult> results;
    GenerationStats stats;
    ASSERT_TRUE(engine::generate(*session, prompt, seeded_samplers(), options, nullptr, results, stats));
    for (int s = 0; s < kSequences; ++s) {
        EXPECT_EQ(results[s].tokens.size(), 12u);
        EXPECT_EQ(session->cached_length(s), 0) << "sequence " << s << " kept its cells";
    }
}

TEST(BatchedSequences, AskingForMoreSequencesThanTheSessionHoldsIsAUsageError) {
    auto session = fixture::tiny_session(2);
    std::vector<SequenceResult> results;
    GenerationStats stats;
    Status s = engine::generate(*session, fixture::tokens_of(kPrompt), seeded_samplers(), {}, nullptr, results, stats);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
}

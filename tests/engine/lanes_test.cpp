// Sessions that are lanes of one context, used from threads of their own, must decode as they
// would alone, each in its own cells, while their steps run together in shared batches.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <latch>
#include <thread>

#include "engine/generation.h"
#include "engine/session.h"
#include "tiny_model.h"

using namespace r1tune;
using engine::GenerationOptions;
using engine::GenerationStats;
using engine::SamplerSettings;
using engine::SequenceResult;

namespace {

constexpr int kLanes = 3;
constexpr int kSequences = 2;
constexpr int kTokens = 40;

const char * kPrompts[kLanes] = {
    "<｜begin▁of▁sentence｜><｜User｜>A cage holds 35 heads and 94 feet.<｜Assistant｜><think>\n",
    "<｜begin▁of▁sentence｜><｜User｜>鸡兔同笼，共有头35个，脚94只。<｜Assistant｜><think>\n",
    "<｜begin▁of▁sentence｜><｜User｜>What is 17 * 23?<｜Assistant｜><think>\n",
};

engine::ContextOptions lane_options(int lanes) {
    engine::ContextOptions options;
    options.n_ctx = 512;
    options.n_sequences = kSequences;
    options.n_threads = 2;
    options.reuse_prefix = true;
    options.lanes = lanes;
    return options;
}

std::vector<SamplerSettings> samplers_for(int lane) {
    std::vector<SamplerSettings> samplers(kSequences);
    for (int i = 0; i < kSequences; ++i) {
        samplers[i].temperature = 0.9f;
        samplers[i].top_k = 0;
        samplers[i].top_p = 1.0f;
        samplers[i].seed = 7 + static_cast<std::uint32_t>(10 * lane + i);
    }
    return samplers;
}

} // namespace

TEST(Lanes, ThreadsInLanesGenerateInSharedBatches) {
    std::vector<std::unique_ptr<engine::Session>> lanes;
    ASSERT_TRUE(engine::Session::create_lanes(fixture::tiny_model(), lane_options(kLanes), lanes));
    ASSERT_EQ(lanes.size(), static_cast<std::size_t>(kLanes));

    std::vector<std::vector<SequenceResult>> together(kLanes);
    std::vector<Status> statuses(kLanes);
    std::vector<std::thread> threads;
    std::latch start(kLanes);
    for (int lane = 0; lane < kLanes; ++lane) {
        threads.emplace_back([&, lane] {
            start.arrive_and_wait();
            GenerationOptions options;
            options.max_tokens = kTokens;
            GenerationStats stats;
            statuses[lane] = engine::generate(*lanes[lane], fixture::tokens_of(kPrompts[lane]), samplers_for(lane), options,
                                              nullptr, together[lane], stats);
        });
    }
    for (std::thread & t : threads) t.join();

    for (int lane = 0; lane < kLanes; ++lane) {
        ASSERT_TRUE(statuses[lane]) << statuses[lane].message();
        for (int i = 0; i < kSequences; ++i) EXPECT_EQ(together[lane][i].tokens.size(), static_cast<std::size_t>(kTokens));
    }
    // Steps of different lanes went through one llama_decode: fewer calls than decodes asked for.
    const engine::SharedContext::Sharing sharing = lanes.front()->sharing();
    EXPECT_GE(sharing.posts, kLanes * kTokens);
    EXPECT_LT(sharing.batches, sharing.posts * 2 / 3) << sharing.batches << " batches for " << sharing.posts << " posts";
    // Each lane numbers its sequences from 0 and keeps its own cells: its prompt holder still
    // holds its own question, and its finished sequences gave theirs back.
    for (int lane = 0; lane < kLanes; ++lane) {
        EXPECT_EQ(lanes[lane]->cached_prompt(), fixture::tokens_of(kPrompts[lane])) << "lane " << lane;
        EXPECT_EQ(lanes[lane]->cached_length(0), 0) << "lane " << lane << " kept a finished sequence's cells";
    }
}

TEST(Lanes, ALanesLogitsInASharedBatchAreTheOnesItGetsAlone) {
    // Teacher-forced, as BatchedSequences compares a fork with a lone run: lane 0 decodes a fixed
    // token chain while lane 1 decodes other tokens after another prompt, from threads of their
    // own, so that their steps share batches. Lane 0's logits must be a lone session's (within
    // the last bits a different batch leaves: 1e-3, far below what another history makes).
    const std::vector<engine::Token> chain = {9707, 11, 1246, 525, 498, 30, 77, 8};
    const std::vector<engine::Token> others = {151, 2000, 30000, 77, 8, 1234, 9707, 11};
    const auto prompt = fixture::tokens_of(kPrompts[0]);
    const auto other_prompt = fixture::tokens_of(kPrompts[1]);
    const int n_vocab = fixture::tiny_model().vocab_size();

    std::vector<std::vector<float>> reference;
    {
        auto lone = fixture::tiny_session(1);
        ASSERT_TRUE(lone->decode_prompt(prompt, 0));
        for (std::size_t step = 0; step < chain.size(); ++step) {
            engine::BatchToken t{chain[step], 0, static_cast<int>(prompt.size() + step)};
            ASSERT_TRUE(lone->decode_step({&t, 1}));
            reference.emplace_back(lone->logits(0), lone->logits(0) + n_vocab);
        }
    }

    std::vector<std::unique_ptr<engine::Session>> lanes;
    ASSERT_TRUE(engine::Session::create_lanes(fixture::tiny_model(), lane_options(2), lanes));
    std::vector<std::vector<float>> seen;
    Status first, second;
    std::latch start(2);
    std::thread a([&] {
        start.arrive_and_wait();
        first = lanes[0]->decode_prompt(prompt, 0);
        for (std::size_t step = 0; step < chain.size() && first; ++step) {
            engine::BatchToken t{chain[step], 0, static_cast<int>(prompt.size() + step)};
            first = lanes[0]->decode_step({&t, 1});
            if (first) seen.emplace_back(lanes[0]->logits(0), lanes[0]->logits(0) + n_vocab);
        }
    });
    std::thread b([&] {
        start.arrive_and_wait();
        second = lanes[1]->decode_prompt(other_prompt, 0);
        for (std::size_t step = 0; step < others.size() && second; ++step) {
            engine::BatchToken t{others[step], 0, static_cast<int>(other_prompt.size() + step)};
            second = lanes[1]->decode_step({&t, 1});
        }
    });
    a.join();
    b.join();
    ASSERT_TRUE(first) << first.message();
    ASSERT_TRUE(second) << second.message();
    ASSERT_EQ(seen.size(), reference.size());
    float worst = 0;
    for (std::size_t step = 0; step < seen.size(); ++step) {
        for (int v = 0; v < n_vocab; ++v) worst = std::max(worst, std::fabs(seen[step][v] - reference[step][v]));
    }
    EXPECT_LT(worst, 1e-3f);
    const engine::SharedContext::Sharing sharing = lanes[0]->sharing();
    EXPECT_LT(sharing.batches, sharing.posts) << "the two lanes never shared a batch";
}

TEST(Lanes, ALaneThatRunsOutOfRoomFailsAloneNotTheLaneBesideIt) {
    // Two lanes of 256 tokens share a cache of 512 cells. Lane 0 fills most of it (a beam can
    // outgrow its share: nothing but llama.cpp stops it), lane 1 holds a short prompt; then
    // both decode at once, lane 0 more than is left. Only lane 0 may hear "no room".
    engine::ContextOptions options = lane_options(2);
    options.n_ctx = 256;
    options.reuse_prefix = false;
    std::vector<std::unique_ptr<engine::Session>> lanes;
    ASSERT_TRUE(engine::Session::create_lanes(fixture::tiny_model(), options, lanes));
    const std::vector<engine::Token> filler(400, 9707);
    ASSERT_TRUE(lanes[0]->decode_prompt(filler, 0));
    const auto prompt = fixture::tokens_of(kPrompts[1]);
    ASSERT_TRUE(lanes[1]->decode_prompt(prompt, 0));
    const int left = 512 - 400 - static_cast<int>(prompt.size());
    ASSERT_GT(left, 4);

    std::vector<engine::BatchToken> too_much;
    for (int k = 0; k < left + 10; ++k) too_much.push_back({9707, 0, 400 + k, k + 1 == left + 10});
    Status overflowing, stepping;
    std::latch start(2);
    std::thread a([&] {
        start.arrive_and_wait();
        overflowing = lanes[0]->decode_step(too_much);
    });
    std::thread b([&] {
        start.arrive_and_wait();
        for (int step = 0; step < 3 && (step == 0 || stepping); ++step) {
            engine::BatchToken t{11, 0, static_cast<int>(prompt.size()) + step};
            stepping = lanes[1]->decode_step({&t, 1});
        }
    });
    a.join();
    b.join();
    EXPECT_EQ(overflowing.kind(), ErrorKind::kInput) << overflowing.message();
    EXPECT_NE(overflowing.message().find("does not fit in the context"), std::string::npos) << overflowing.message();
    EXPECT_TRUE(stepping) << stepping.message();
    EXPECT_NE(lanes[1]->logits(0), nullptr);
}

TEST(Lanes, ALaneReusesItsOwnPromptAndNotAnotherLanes) {
    std::vector<std::unique_ptr<engine::Session>> lanes;
    ASSERT_TRUE(engine::Session::create_lanes(fixture::tiny_model(), lane_options(2), lanes));
    const auto first = fixture::tokens_of(kPrompts[0]);
    const auto second = fixture::tokens_of(kPrompts[1]);
    int reused = -1;
    ASSERT_TRUE(lanes[0]->load_prompt(first, 1, reused));
    EXPECT_EQ(reused, 0);
    ASSERT_TRUE(lanes[1]->load_prompt(second, 1, reused));
    EXPECT_EQ(reused, 0);
    ASSERT_TRUE(lanes[0]->load_prompt(first, 1, reused));
    EXPECT_EQ(reused, static_cast<int>(first.size()) - 1); // all but the last, which is evaluated again
    EXPECT_EQ(lanes[1]->cached_length(0), static_cast<int>(second.size()));
}

TEST(Lanes, ACancelledLaneStopsAndTheOthersGoOnUnchanged) {
    std::vector<std::unique_ptr<engine::Session>> lanes;
    ASSERT_TRUE(engine::Session::create_lanes(fixture::tiny_model(), lane_options(2), lanes));
    std::atomic<bool> cancel{false};
    lanes[0]->cancel_when(&cancel);

    Status cancelled_status, other_status;
    std::vector<SequenceResult> cancelled_results, other_results;
    std::thread doomed([&] {
        GenerationOptions options;
        options.max_tokens = kTokens;
        int tokens = 0;
        options.on_token = [&](int, const engine::TokenEvent &) {
            if (++tokens == 10) cancel = true; // as a server does when its client hangs up
            return engine::SequenceAction::kContinue;
        };
        GenerationStats stats;
        cancelled_status = engine::generate(*lanes[0], fixture::tokens_of(kPrompts[0]), samplers_for(0), options, nullptr,
                                            cancelled_results, stats);
    });
    std::thread other([&] {
        GenerationOptions options;
        options.max_tokens = kTokens;
        GenerationStats stats;
        other_status = engine::generate(*lanes[1], fixture::tokens_of(kPrompts[1]), samplers_for(1), options, nullptr,
                                        other_results, stats);
    });
    doomed.join();
    other.join();

    EXPECT_EQ(cancelled_status.kind(), ErrorKind::kCancelled) << cancelled_status.message();
    EXPECT_TRUE(lanes[0]->cached_prompt().empty()); // a cancelled lane trusts nothing it kept
    ASSERT_TRUE(other_status) << other_status.message();
    for (int i = 0; i < kSequences; ++i) EXPECT_EQ(other_results[i].tokens.size(), static_cast<std::size_t>(kTokens));
    EXPECT_EQ(lanes[1]->cached_prompt(), fixture::tokens_of(kPrompts[1])); // the other lane's cells survived
}

TEST(Lanes, MoreSequencesThanLlamaCppNumbersAreRefusedBeforeAnythingLoads) {
    engine::ContextOptions options = lane_options(2);
    options.lanes = 0;
    EXPECT_EQ(options.validate().kind(), ErrorKind::kUsage);
    options.lanes = 64;
    options.n_sequences = 8; // 64 lanes of 8 sequences and a holder: more ids than llama.cpp has
    const Status s = options.validate();
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
    EXPECT_NE(s.message().find("64 answered at once with 9 each"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("at most 28 fit"), std::string::npos) << s.message();
    std::unique_ptr<engine::Session> one;
    EXPECT_EQ(engine::Session::create(fixture::tiny_model(), lane_options(2), one).kind(), ErrorKind::kInternal);
}

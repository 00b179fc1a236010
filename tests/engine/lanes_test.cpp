// Sessions that are lanes of one context, used from threads of their own, must answer as they
// would alone, while their decode steps run together in shared batches.
#include <gtest/gtest.h>

#include <atomic>
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

// What `lane`'s question gives in a session of its own.
std::vector<SequenceResult> alone(int lane) {
    std::vector<std::unique_ptr<engine::Session>> own;
    EXPECT_TRUE(engine::Session::create_lanes(fixture::tiny_model(), lane_options(1), own));
    GenerationOptions options;
    options.max_tokens = kTokens;
    std::vector<SequenceResult> results;
    GenerationStats stats;
    EXPECT_TRUE(engine::generate(*own.front(), fixture::tokens_of(kPrompts[lane]), samplers_for(lane), options, nullptr,
                                 results, stats));
    return results;
}

} // namespace

TEST(Lanes, ThreadsInLanesGetTheTokensTheyGetAloneInSharedBatches) {
    std::vector<std::unique_ptr<engine::Session>> lanes;
    ASSERT_TRUE(engine::Session::create_lanes(fixture::tiny_model(), lane_options(kLanes), lanes));
    ASSERT_EQ(lanes.size(), static_cast<std::size_t>(kLanes));

    std::vector<std::vector<SequenceResult>> together(kLanes);
    std::vector<Status> statuses(kLanes);
    std::vector<std::thread> threads;
    for (int lane = 0; lane < kLanes; ++lane) {
        threads.emplace_back([&, lane] {
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
        const std::vector<SequenceResult> reference = alone(lane);
        for (int i = 0; i < kSequences; ++i) {
            EXPECT_EQ(together[lane][i].tokens, reference[i].tokens) << "lane " << lane << ", sequence " << i;
        }
    }
    // Steps of different lanes went through one llama_decode: fewer calls than decodes asked for.
    const engine::SharedContext::Sharing sharing = lanes.front()->sharing();
    EXPECT_GE(sharing.posts, kLanes * kTokens);
    EXPECT_LT(sharing.batches, sharing.posts * 2 / 3) << sharing.batches << " batches for " << sharing.posts << " posts";
    // Each lane numbers its sequences from 0 and keeps its own cells: its prompt holder still
    // holds its own question.
    for (int lane = 0; lane < kLanes; ++lane) {
        EXPECT_EQ(lanes[lane]->cached_prompt(), fixture::tokens_of(kPrompts[lane])) << "lane " << lane;
        EXPECT_EQ(lanes[lane]->cached_length(0), 0) << "lane " << lane << " kept a finished sequence's cells";
    }
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
    const std::vector<SequenceResult> reference = alone(1);
    for (int i = 0; i < kSequences; ++i) EXPECT_EQ(other_results[i].tokens, reference[i].tokens) << "sequence " << i;
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
    EXPECT_NE(s.message().find("64 requests answered at once"), std::string::npos) << s.message();
    std::unique_ptr<engine::Session> one;
    EXPECT_EQ(engine::Session::create(fixture::tiny_model(), lane_options(2), one).kind(), ErrorKind::kInternal);
}

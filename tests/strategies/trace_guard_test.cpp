#include "strategies/trace_guard.h"

#include <gtest/gtest.h>

#include "../engine/tiny_model.h"

using namespace r1tune;
using strategies::LoopAction;
using strategies::TraceGuard;
using strategies::TraceGuardOptions;
using engine::SequenceAction;

namespace {

const char * kPrompt = "<｜begin▁of▁sentence｜><｜User｜>2+2?<｜Assistant｜><think>\n";

// Logits over a small vocabulary: one clear favourite (a sure model) or none (an unsure one).
std::vector<float> logits(bool sure) {
    std::vector<float> l(64, 0.0f);
    if (sure) l[3] = 12.0f;
    return l;
}

struct Feeder {
    TraceGuard & guard;
    std::vector<engine::SequenceResult> results;
    SequenceAction feed(int sequence, engine::Token token, bool sure,
                        text::Channel channel = text::Channel::kThinking) {
        const auto l = logits(sure);
        results[sequence].tokens.push_back(token);
        return guard.on_token(sequence, {token, channel, l.data(), static_cast<int>(l.size()), results[sequence]});
    }
    void end(int sequence) {
        results[sequence].finish = engine::FinishReason::kEndOfSequence;
        guard.on_sequence_end(sequence, results[sequence]);
    }
};

TraceGuardOptions confidence_only(int window) {
    TraceGuardOptions o;
    o.loops = LoopAction::kOff;
    o.confidence_filter = true;
    o.confidence_window = window;
    o.warmup = 1;
    o.keep_percent = 100; // the threshold is the least confident warm-up trace
    return o;
}

std::vector<engine::SequenceResult> generate(const engine::GenerationOptions & options, int sequences = 1) {
    auto session = fixture::tiny_session(sequences);
    engine::SamplerSettings greedy;
    greedy.temperature = 0;
    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    const Status s = engine::generate(*session, fixture::tokens_of(kPrompt),
                                      std::vector<engine::SamplerSettings>(sequences, greedy), options, nullptr,
                                      results, stats);
    EXPECT_TRUE(s) << s.message();
    return results;
}

engine::GenerationOptions thinking_run(int max_tokens) {
    engine::GenerationOptions o;
    o.max_tokens = max_tokens;
    o.starts_in_thinking = true;
    return o;
}

// Short n-grams, so that the random fixture's greedy output (which falls into a ~5-token cycle
// within 300 tokens) counts as a loop; the defaults are for real reasoning.
TraceGuardOptions quick_loops(LoopAction action) {
    TraceGuardOptions o;
    o.loops = action;
    o.loop_detector.ngram = 4;
    o.loop_detector.repeats = 3;
    return o;
}

} // namespace

TEST(TraceGuard, NoThresholdBeforeTheWarmUpFinishes) {
    TraceGuard guard(confidence_only(4), 2);
    Feeder f{guard, std::vector<engine::SequenceResult>(2)};
    for (int t = 0; t < 20; ++t) EXPECT_EQ(f.feed(1, 5, /*sure=*/false), SequenceAction::kContinue);
    EXPECT_FALSE(guard.threshold());
}

TEST(TraceGuard, AnUnsureTraceIsAbandonedOnceTheWarmUpSetsTheBar) {
    TraceGuard guard(confidence_only(4), 3);
    Feeder f{guard, std::vector<engine::SequenceResult>(3)};
    for (int t = 0; t < 10; ++t) f.feed(0, 3, /*sure=*/true);
    f.end(0);
    ASSERT_TRUE(guard.threshold());
    // A sure trace goes on; an unsure one is abandoned as soon as its window has filled.
    for (int t = 0; t < 10; ++t) EXPECT_EQ(f.feed(2, 3, /*sure=*/true), SequenceAction::kContinue);
    for (int t = 0; t < 3; ++t) EXPECT_EQ(f.feed(1, 5, /*sure=*/false), SequenceAction::kContinue) << t;
    EXPECT_EQ(f.feed(1, 5, /*sure=*/false), SequenceAction::kAbandon);
    f.results[1].finish = engine::FinishReason::kAbandoned;
    guard.on_sequence_end(1, f.results[1]);
    f.end(2);
    const auto counts = guard.counts();
    EXPECT_EQ(counts.abandoned, 1);
    EXPECT_EQ(counts.tokens_saved_estimate, 10 - 4); // the finished samples ran 10 tokens; it stopped at 4
}

TEST(TraceGuard, ConfidenceIsNotWatchedWithoutTheFilter) {
    TraceGuardOptions o = confidence_only(4);
    o.confidence_filter = false;
    TraceGuard guard(o, 2);
    Feeder f{guard, std::vector<engine::SequenceResult>(2)};
    for (int t = 0; t < 10; ++t) f.feed(0, 3, true);
    f.end(0);
    for (int t = 0; t < 20; ++t) EXPECT_EQ(f.feed(1, 5, false), SequenceAction::kContinue);
    EXPECT_EQ(guard.counts().abandoned, 0);
}

TEST(TraceGuard, ALoopWhileThinkingIsWrappedUpAndOneInTheAnswerIsLeftAlone) {
    TraceGuard guard(quick_loops(LoopAction::kWrapUp), 2);
    Feeder f{guard, std::vector<engine::SequenceResult>(2)};
    std::vector<SequenceAction> actions;
    for (int round = 0; round < 4; ++round) {
        for (engine::Token t : {10, 11, 12, 13, 14}) actions.push_back(f.feed(0, t, true));
    }
    EXPECT_EQ(std::count(actions.begin(), actions.end(), SequenceAction::kCloseThinking), 1);
    EXPECT_EQ(actions.back(), SequenceAction::kContinue); // after the wrap-up the detector starts afresh
    for (int round = 0; round < 4; ++round) {
        for (engine::Token t : {10, 11, 12, 13, 14}) {
            EXPECT_EQ(f.feed(1, t, true, text::Channel::kAnswer), SequenceAction::kContinue);
        }
    }
    EXPECT_EQ(guard.counts().loops_wrapped_up, 1);
}

TEST(TraceGuard, LoopActionsParse) {
    LoopAction a;
    ASSERT_TRUE(strategies::parse_loop_action("restart", a));
    EXPECT_EQ(a, LoopAction::kRestart);
    ASSERT_TRUE(strategies::parse_loop_action("off", a));
    EXPECT_EQ(strategies::to_string(a), "off");
    const Status bad = strategies::parse_loop_action("stop", a);
    EXPECT_FALSE(bad);
    EXPECT_NE(bad.message().find("\"wrap\", \"restart\" or \"off\""), std::string::npos);
}

TEST(TraceGuardOnTheModel, APlantedLoopIsDetectedAndCut) {
    // Unguarded, the fixture's greedy trace cycles until the token limit.
    const auto loose = generate(thinking_run(300));
    ASSERT_EQ(loose[0].finish, engine::FinishReason::kMaxTokens);
    ASSERT_FALSE(loose[0].thinking_closed);

    TraceGuard guard(quick_loops(LoopAction::kWrapUp), 1);
    auto options = thinking_run(300);
    guard.attach(options, text::Language::kEnglish);
    const auto guarded = generate(options);
    EXPECT_TRUE(guarded[0].wrapped_up);
    EXPECT_TRUE(guarded[0].thinking_closed);
    EXPECT_NE(guarded[0].thinking.find("I am repeating the same steps"), std::string::npos);
    EXPECT_EQ(guard.counts().loops_wrapped_up, 1);
    EXPECT_GE(guard.counts().loop_tokens, 4 * 3); // at least three copies of a four-token n-gram
    // Up to the cut, it is the same trace.
    const std::size_t cut = guarded[0].thinking.find("\n\nI am repeating");
    EXPECT_EQ(guarded[0].thinking.substr(0, cut), loose[0].thinking.substr(0, cut));
}

TEST(TraceGuardOnTheModel, ARestartBeginsAgainFromThePromptWithAConsistentCache) {
    const auto loose = generate(thinking_run(300));
    TraceGuard guard(quick_loops(LoopAction::kRestart), 1);
    auto options = thinking_run(300);
    guard.attach(options, text::Language::kEnglish);
    const auto restarted = generate(options);
    EXPECT_EQ(restarted[0].restarts, 1);
    const auto counts = guard.counts();
    EXPECT_EQ(counts.loops_restarted, 1);
    EXPECT_EQ(counts.loops_wrapped_up, 1); // greedy loops again the same way, and only one restart is allowed
    // Greedy after a restart retraces the first run token for token: the re-decoded last prompt
    // token gave the same logits, so the cache kept the prompt and nothing of the first run.
    const std::size_t cut = restarted[0].thinking.find("\n\nI am repeating");
    ASSERT_NE(cut, std::string::npos);
    EXPECT_EQ(restarted[0].thinking.substr(0, cut), loose[0].thinking.substr(0, cut));
}

TEST(TraceGuardOnTheModel, AnAbandonedSequenceEndsAloneAndFreesItsCells) {
    engine::GenerationOptions options = thinking_run(40);
    options.on_token = [](int sequence, const engine::TokenEvent & e) {
        return sequence == 1 && e.result.tokens.size() == 5 ? SequenceAction::kAbandon : SequenceAction::kContinue;
    };
    const auto results = generate(options, 3);
    EXPECT_EQ(results[1].finish, engine::FinishReason::kAbandoned);
    EXPECT_EQ(results[1].tokens.size(), 5u);
    EXPECT_EQ(results[0].finish, engine::FinishReason::kMaxTokens);
    EXPECT_EQ(results[2].finish, engine::FinishReason::kMaxTokens);
    EXPECT_EQ(results[0].tokens, results[2].tokens); // the same greedy trace, undisturbed
}

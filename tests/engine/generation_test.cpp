#include "engine/generation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>

#include "engine/session.h"
#include "tiny_model.h"

using namespace r1tune;
using engine::FinishReason;
using engine::GenerationOptions;
using engine::GenerationStats;
using engine::SamplerSettings;
using engine::SequenceResult;

namespace {

const char * kPrompt = "<｜begin▁of▁sentence｜><｜User｜>How many legs do 3 rabbits have?<｜Assistant｜><think>\n";

SequenceResult run_one(engine::Session & session, const SamplerSettings & sampler, GenerationOptions options,
                       const std::string & prompt = kPrompt) {
    std::vector<SequenceResult> results;
    GenerationStats stats;
    Status s = engine::generate(session, fixture::tokens_of(prompt), {sampler}, options, nullptr, results, stats);
    EXPECT_TRUE(s) << s.message();
    return results.empty() ? SequenceResult{} : results.front();
}

SamplerSettings sampled(std::uint32_t seed) {
    SamplerSettings s;
    s.temperature = 0.9f;
    s.top_k = 0;
    s.top_p = 1.0f;
    s.seed = seed;
    return s;
}

SamplerSettings greedy() {
    SamplerSettings s;
    s.temperature = 0.0f;
    return s;
}

} // namespace

TEST(Generation, SameSeedGivesTheSameTokensAndAnotherSeedDoesNot) {
    auto session = fixture::tiny_session();
    GenerationOptions options;
    options.max_tokens = 24;
    auto a = run_one(*session, sampled(7), options);
    auto b = run_one(*session, sampled(7), options);
    auto c = run_one(*session, sampled(8), options);
    EXPECT_EQ(a.tokens.size(), 24u);
    EXPECT_EQ(a.tokens, b.tokens);
    EXPECT_NE(a.tokens, c.tokens);
}

TEST(Generation, TemperatureZeroIsGreedyArgmax) {
    auto session = fixture::tiny_session();
    GenerationOptions options;
    options.max_tokens = 12;
    auto generated = run_one(*session, greedy(), options);

    // Recompute the argmax chain by hand with the raw session API.
    const int n_vocab = fixture::tiny_model().vocab_size();
    auto prompt = fixture::tokens_of(kPrompt);
    session->clear();
    ASSERT_TRUE(session->decode_prompt(prompt, 0));
    std::vector<engine::Token> expected;
    const float * logits = session->logits(-1);
    for (int step = 0; step < 12; ++step) {
        const auto best = static_cast<engine::Token>(std::max_element(logits, logits + n_vocab) - logits);
        expected.push_back(best);
        if (fixture::tiny_model().is_end_of_generation(best)) break;
        engine::BatchToken next{best, 0, static_cast<int>(prompt.size()) + step};
        ASSERT_TRUE(session->decode_step({&next, 1}));
        logits = session->logits(0);
    }
    EXPECT_EQ(generated.tokens, expected);
}

TEST(Generation, MaxTokensEndsTheSequenceWithItsReason) {
    auto session = fixture::tiny_session();
    GenerationOptions options;
    options.max_tokens = 5;
    auto r = run_one(*session, greedy(), options);
    EXPECT_EQ(r.finish, FinishReason::kMaxTokens);
    EXPECT_EQ(r.tokens.size(), 5u);
}

TEST(Generation, RandomModelOutputStaysInTheOpenThinkingBlock) {
    // The prompt opened <think> and the random model never closes it: all text is thinking.
    auto session = fixture::tiny_session();
    GenerationOptions options;
    options.max_tokens = 16;
    options.starts_in_thinking = true;
    auto r = run_one(*session, greedy(), options);
    EXPECT_FALSE(r.thinking.empty());
    EXPECT_TRUE(r.answer.empty());
    EXPECT_FALSE(r.thinking_closed);
}

TEST(Generation, StopStringCutsTheAnswer) {
    auto session = fixture::tiny_session();
    GenerationOptions options;
    options.max_tokens = 32;
    auto full = run_one(*session, greedy(), options);
    ASSERT_GT(full.answer.size(), 8u);
    // Pick a stop string from the middle of the greedy answer; the same greedy run must end there.
    const std::size_t at = full.answer.size() / 2;
    const std::string stop = full.answer.substr(at, 3);
    const std::size_t first = full.answer.find(stop);
    options.stops = {stop};
    auto cut = run_one(*session, greedy(), options);
    EXPECT_EQ(cut.finish, FinishReason::kStopString);
    EXPECT_EQ(cut.answer, full.answer.substr(0, first));
    EXPECT_LT(cut.tokens.size(), full.tokens.size());
}

TEST(Generation, StopStringsDoNotApplyToThinking) {
    auto session = fixture::tiny_session();
    GenerationOptions options;
    options.max_tokens = 32;
    options.starts_in_thinking = true;
    auto full = run_one(*session, greedy(), options);
    ASSERT_GT(full.thinking.size(), 8u);
    options.stops = {full.thinking.substr(full.thinking.size() / 2, 3)};
    auto same = run_one(*session, greedy(), options);
    EXPECT_EQ(same.finish, FinishReason::kMaxTokens);
    EXPECT_EQ(same.thinking, full.thinking);
}

TEST(Generation, StreamedTextEqualsTheResult) {
    auto session = fixture::tiny_session();
    GenerationOptions options;
    options.max_tokens = 20;
    std::string streamed;
    std::vector<SequenceResult> results;
    GenerationStats stats;
    auto on_text = [&](const engine::StreamEvent & e) { streamed += e.text; };
    ASSERT_TRUE(engine::generate(*session, fixture::tokens_of(kPrompt), {greedy()}, options, on_text, results, stats));
    EXPECT_EQ(streamed, results[0].answer);
    EXPECT_EQ(stats.prompt_tokens, static_cast<int>(fixture::tokens_of(kPrompt).size()));
    EXPECT_EQ(stats.decoded_tokens, 19); // the 20th token is sampled but never decoded
    EXPECT_GT(stats.decode_tokens_per_second(), 0);
}

TEST(Generation, PromptLongerThanTheContextIsAnInputError) {
    auto session = fixture::tiny_session(1, 256);
    std::string long_prompt = kPrompt;
    for (int i = 0; i < 300; ++i) long_prompt += " rabbits";
    std::vector<SequenceResult> results;
    GenerationStats stats;
    Status s = engine::generate(*session, fixture::tokens_of(long_prompt), {greedy()}, {}, nullptr, results, stats);
    EXPECT_EQ(s.kind(), ErrorKind::kInput);
    EXPECT_NE(s.message().find("longer than the context of 256 tokens"), std::string::npos) << s.message();
}

TEST(Generation, FullContextEndsTheSequenceWithItsReason) {
    auto session = fixture::tiny_session(1, 256);
    GenerationOptions options;
    options.max_tokens = 1000;
    auto r = run_one(*session, greedy(), options);
    EXPECT_EQ(r.finish, FinishReason::kContextFull);
    // Positions 0..255 hold the prompt and all but the last token, which could not be decoded.
    EXPECT_EQ(r.tokens.size() + fixture::tokens_of(kPrompt).size(), 257u);
}

TEST(Generation, InvalidSamplerSettingsAreUsageErrors) {
    auto session = fixture::tiny_session();
    std::vector<SequenceResult> results;
    GenerationStats stats;
    SamplerSettings bad = greedy();
    bad.top_p = 1.5f;
    Status s = engine::generate(*session, fixture::tokens_of(kPrompt), {bad}, {}, nullptr, results, stats);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
    EXPECT_NE(s.message().find("top_p"), std::string::npos);
}

TEST(Generation, TheThinkingBudgetClosesTheBlockAndTheModelGoesOnToAnswer) {
    auto session = fixture::tiny_session();
    GenerationOptions options;
    options.starts_in_thinking = true;
    options.thinking_budget = 5;
    options.max_tokens = 24;
    auto r = run_one(*session, sampled(11), options);
    ASSERT_TRUE(r.thinking_budget_reached);
    EXPECT_TRUE(r.thinking_closed);
    EXPECT_EQ(r.thinking_tokens, 5);
    // The five thinking tokens, then exactly the closing r1tune wrote, then the model's answer.
    const auto closing = fixture::tokens_of("\n</think>\n\n");
    ASSERT_GT(r.tokens.size(), 5 + closing.size());
    EXPECT_TRUE(std::equal(closing.begin(), closing.end(), r.tokens.begin() + 5));
    EXPECT_EQ(r.tokens.size(), 24u);
    EXPECT_FALSE(r.answer.empty());

    // Without a budget the same seed keeps thinking to the token limit.
    options.thinking_budget = 0;
    auto free = run_one(*session, sampled(11), options);
    EXPECT_FALSE(free.thinking_budget_reached);
    EXPECT_EQ(std::vector<engine::Token>(free.tokens.begin(), free.tokens.begin() + 5),
              std::vector<engine::Token>(r.tokens.begin(), r.tokens.begin() + 5));
}

TEST(Generation, ASequenceEndCanCancelTheOthers) {
    auto session = fixture::tiny_session(3);
    GenerationOptions options;
    options.max_tokens = 6;
    std::vector<int> ended;
    options.on_sequence_end = [&](int sequence, const SequenceResult &) {
        ended.push_back(sequence);
        return true; // the first ending decides
    };
    std::vector<SequenceResult> results;
    GenerationStats stats;
    ASSERT_TRUE(engine::generate(*session, fixture::tokens_of(kPrompt), {sampled(1), sampled(2), sampled(3)}, options,
                                 nullptr, results, stats));
    EXPECT_EQ(ended, std::vector<int>{0});
    EXPECT_EQ(results[0].finish, FinishReason::kMaxTokens);
    EXPECT_EQ(results[1].finish, FinishReason::kCancelled);
    EXPECT_EQ(results[2].finish, FinishReason::kCancelled);
    for (int s = 0; s < 3; ++s) EXPECT_EQ(session->cached_length(s), 0) << "sequence " << s << " kept its cells";
}

TEST(Generation, AStepLargerThanTheBatchIsDecodedInChunksWithTheSameResult) {
    // Four sequences that all get the thinking block's closing written in at the same step need
    // some twenty tokens in that step; with a batch of eight they go in several decode calls.
    GenerationOptions options;
    options.max_tokens = 16;
    options.starts_in_thinking = true;
    options.thinking_budget = 3;
    const std::vector<SamplerSettings> samplers = {sampled(1), sampled(2), sampled(3), sampled(4)};
    auto run = [&](int n_batch) {
        engine::ContextOptions context;
        context.n_ctx = 1024;
        context.n_sequences = 4;
        context.n_batch = n_batch;
        context.n_threads = 2;
        std::unique_ptr<engine::Session> session;
        EXPECT_TRUE(engine::Session::create(fixture::tiny_model(), context, session));
        std::vector<SequenceResult> results;
        GenerationStats stats;
        EXPECT_TRUE(engine::generate(*session, fixture::tokens_of(kPrompt), samplers, options, nullptr, results, stats));
        return results;
    };
    const auto whole = run(512);
    const auto chunked = run(8);
    ASSERT_EQ(chunked.size(), 4u);
    for (int i = 0; i < 4; ++i) {
        EXPECT_TRUE(chunked[i].thinking_budget_reached);
        EXPECT_EQ(chunked[i].tokens, whole[i].tokens) << "sequence " << i;
    }
}

namespace {

// Writes `text` once, after the sequence's `after`-th sampled token.
GenerationOptions writing_after(int after, std::string text, int sequence = 0) {
    GenerationOptions options;
    auto calls = std::make_shared<std::vector<int>>(8, 0);
    options.write_after = [=](int s, std::string_view, std::string_view) {
        return s == sequence && ++(*calls)[static_cast<std::size_t>(s)] == after ? text : std::string();
    };
    return options;
}

std::vector<engine::Token> plain_tokens_of(const std::string & text) {
    std::vector<engine::Token> tokens;
    EXPECT_TRUE(fixture::tiny_model().tokenize(text, tokens, /*parse_special=*/false));
    return tokens;
}

} // namespace

TEST(Generation, WrittenTextTooLongForTheBatchKeepsItsEnd) {
    // With a batch of eight, the sampled token and at most seven written ones go into one call.
    const std::string output = "\n```output\n1 2 3 4 5 6 7 8 9 10 11 12\n```\n";
    const std::vector<engine::Token> written = plain_tokens_of(output);
    ASSERT_GT(written.size(), 7u);
    GenerationOptions options = writing_after(2, output);
    options.max_tokens = 12;
    engine::ContextOptions context;
    context.n_ctx = 512;
    context.n_batch = 8;
    std::unique_ptr<engine::Session> session;
    ASSERT_TRUE(engine::Session::create(fixture::tiny_model(), context, session));
    const SequenceResult r = run_one(*session, greedy(), options);
    ASSERT_GE(r.tokens.size(), 2u + 7u);
    // Its first four tokens and its last three (the fence), the middle dropped.
    std::vector<engine::Token> kept(written.begin(), written.begin() + 4);
    kept.insert(kept.end(), written.end() - 3, written.end());
    EXPECT_TRUE(std::equal(kept.begin(), kept.end(), r.tokens.begin() + 2));
}

TEST(Generation, WrittenTextLandsInTheSequenceAndTheModelGoesOnFromIt) {
    const std::string output = "\n```output\n42\n```\n";
    GenerationOptions options = writing_after(4, output);
    options.max_tokens = 16;
    auto session = fixture::tiny_session();
    const SequenceResult r = run_one(*session, greedy(), options);
    const std::vector<engine::Token> written = plain_tokens_of(output);
    ASSERT_GT(r.tokens.size(), 4 + written.size());
    EXPECT_TRUE(std::equal(written.begin(), written.end(), r.tokens.begin() + 4));
    EXPECT_NE((r.thinking + r.answer).find("```output\n42\n```"), std::string::npos) << r.thinking << r.answer;

    // The same chain by hand: four greedy tokens, then the fourth and the written tokens in one
    // step, then greedy again from the logits after them. Equal tokens mean the written text sat
    // in the sequence's cache at the right positions.
    const int n_vocab = fixture::tiny_model().vocab_size();
    const auto prompt = fixture::tokens_of(kPrompt);
    session->clear();
    ASSERT_TRUE(session->decode_prompt(prompt, 0));
    std::vector<engine::Token> expected;
    const float * logits = session->logits(-1);
    int position = static_cast<int>(prompt.size());
    while (expected.size() < r.tokens.size()) {
        const auto best = static_cast<engine::Token>(std::max_element(logits, logits + n_vocab) - logits);
        std::vector<engine::BatchToken> step = {{best, 0, position++}};
        expected.push_back(best);
        if (expected.size() == 4) {
            for (engine::Token t : written) {
                step.push_back({t, 0, position++});
                expected.push_back(t);
            }
        }
        if (expected.size() >= r.tokens.size()) break;
        ASSERT_TRUE(session->decode_step(step));
        logits = session->logits(static_cast<int>(step.size()) - 1);
    }
    expected.resize(r.tokens.size());
    EXPECT_EQ(r.tokens, expected);
}

TEST(Generation, TextWrittenIntoOneSequenceLeavesTheOthersAsTheyWere) {
    const std::vector<SamplerSettings> samplers = {sampled(1), sampled(2), sampled(3)};
    auto run = [&](GenerationOptions options) {
        options.max_tokens = 20;
        auto session = fixture::tiny_session(3);
        std::vector<SequenceResult> results;
        GenerationStats stats;
        EXPECT_TRUE(engine::generate(*session, fixture::tokens_of(kPrompt), samplers, options, nullptr, results, stats));
        for (int s = 0; s < 3; ++s) EXPECT_EQ(session->cached_length(s), 0) << "sequence " << s << " kept its cells";
        return results;
    };
    const auto plain = run({});
    const auto written = run(writing_after(3, "\n```output\n7\n```\n", /*sequence=*/1));
    EXPECT_EQ(written[0].tokens, plain[0].tokens);
    EXPECT_EQ(written[2].tokens, plain[2].tokens);
    const std::vector<engine::Token> text = plain_tokens_of("\n```output\n7\n```\n");
    ASSERT_GT(written[1].tokens.size(), 3 + text.size());
    EXPECT_TRUE(std::equal(text.begin(), text.end(), written[1].tokens.begin() + 3));
}

TEST(Generation, WrittenTextIsPlainTextEvenWhereItSpellsASpecialToken) {
    // A program that prints the end-of-turn marker must not end the model's turn.
    const std::string output = "<｜end▁of▁sentence｜><｜User｜>";
    GenerationOptions options = writing_after(2, output);
    options.max_tokens = 30;
    auto session = fixture::tiny_session();
    const SequenceResult r = run_one(*session, greedy(), options);
    const std::vector<engine::Token> written = plain_tokens_of(output);
    EXPECT_GT(written.size(), 2u); // several ordinary tokens, not the special ones
    ASSERT_GT(r.tokens.size(), 2 + written.size());
    for (std::size_t k = 2; k < 2 + written.size(); ++k) {
        EXPECT_FALSE(fixture::tiny_model().is_end_of_generation(r.tokens[k])) << k;
    }
}

TEST(Generation, ACancelledDecodeStopsTheGenerationAndLeavesTheSessionUsable) {
    auto session = fixture::tiny_session();
    std::atomic<bool> cancel{false};
    session->cancel_when(&cancel);
    GenerationOptions options;
    options.max_tokens = 200;
    int tokens = 0;
    options.on_token = [&](int, const engine::TokenEvent &) {
        if (++tokens == 10) cancel = true; // as a server does when its client hangs up
        return engine::SequenceAction::kContinue;
    };
    std::vector<SequenceResult> results;
    GenerationStats stats;
    const Status s = engine::generate(*session, fixture::tokens_of(kPrompt), {greedy()}, options, nullptr, results, stats);
    EXPECT_EQ(s.kind(), ErrorKind::kCancelled) << s.message();
    EXPECT_EQ(tokens, 10);

    // A cancelled prompt: the flag is still set, so nothing is evaluated.
    const Status again = engine::generate(*session, fixture::tokens_of(kPrompt), {greedy()}, GenerationOptions{}, nullptr,
                                          results, stats);
    EXPECT_EQ(again.kind(), ErrorKind::kCancelled);

    // Cleared, the session answers as a fresh one does.
    cancel = false;
    session->cancel_when(nullptr);
    options.on_token = nullptr;
    options.max_tokens = 12;
    auto fresh = fixture::tiny_session();
    EXPECT_EQ(run_one(*session, greedy(), options).tokens, run_one(*fresh, greedy(), options).tokens);
}

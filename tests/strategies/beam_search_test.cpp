#include "strategies/beam_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <set>

#include "../engine/tiny_model.h"

using namespace r1tune;
using strategies::Ballot;
using strategies::BeamOptions;
using strategies::BeamRun;
using strategies::Hypothesis;
using verify::Outcome;

namespace {

const char * kPrompt = "<｜begin▁of▁sentence｜><｜User｜>How many legs do 3 rabbits have?<｜Assistant｜><think>\n";

// W beams over the fixture's thinking prompt.
BeamOptions thinking_beams(int width, int max_tokens) {
    BeamOptions options;
    options.width = width;
    options.max_tokens = max_tokens;
    options.starts_in_thinking = true;
    return options;
}

std::vector<Hypothesis> search(int width, int max_tokens, engine::GenerationStats * stats_out = nullptr) {
    auto session = fixture::tiny_session(width);
    const BeamOptions options = thinking_beams(width, max_tokens);
    std::vector<Hypothesis> out;
    engine::GenerationStats stats;
    Status s = strategies::beam_search(*session, fixture::tokens_of(kPrompt), options, out, stats);
    EXPECT_TRUE(s) << s.message();
    if (stats_out) *stats_out = stats;
    return out;
}

double log_softmax_at(const float * logits, int n_vocab, engine::Token token) {
    double max = logits[0];
    for (int v = 1; v < n_vocab; ++v) max = std::max(max, static_cast<double>(logits[v]));
    double sum = 0;
    for (int v = 0; v < n_vocab; ++v) sum += std::exp(logits[v] - max);
    return logits[token] - max - std::log(sum);
}

// The log-probability of `tokens` after the prompt, decoded one by one in a fresh session.
double logprob_from_scratch(const std::vector<engine::Token> & tokens) {
    auto session = fixture::tiny_session(1);
    const auto prompt = fixture::tokens_of(kPrompt);
    EXPECT_TRUE(session->decode_prompt(prompt, 0));
    double sum = 0;
    const int n_vocab = fixture::tiny_model().vocab_size();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        sum += log_softmax_at(session->logits(-1), n_vocab, tokens[i]);
        const engine::BatchToken next{tokens[i], 0, static_cast<int>(prompt.size() + i)};
        EXPECT_TRUE(session->decode_step({&next, 1}));
    }
    return sum;
}

Ballot answer(const std::string & text, double score) {
    return strategies::Ballot{verify::extract_answer(text), score};
}

} // namespace


TEST(BeamSearch, WidthOneIsGreedy) {
    auto session = fixture::tiny_session(1);
    engine::SamplerSettings greedy;
    greedy.temperature = 0;
    engine::GenerationOptions options;
    options.max_tokens = 24;
    options.starts_in_thinking = true;
    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    ASSERT_TRUE(engine::generate(*session, fixture::tokens_of(kPrompt), {greedy}, options, nullptr, results, stats));

    const auto beams = search(1, 24);
    ASSERT_EQ(beams.size(), 1u);
    EXPECT_EQ(beams[0].result.tokens, results[0].tokens);
    EXPECT_EQ(beams[0].result.thinking, results[0].thinking);
}

TEST(BeamSearch, ReturnsWidthDistinctSequencesInScoreOrder) {
    const auto beams = search(4, 16);
    ASSERT_EQ(beams.size(), 4u);
    std::set<std::vector<engine::Token>> distinct;
    for (std::size_t i = 0; i < beams.size(); ++i) {
        distinct.insert(beams[i].result.tokens);
        EXPECT_EQ(beams[i].result.finish, engine::FinishReason::kMaxTokens);
        EXPECT_DOUBLE_EQ(beams[i].score, beams[i].result.sum_logprob / beams[i].result.logprob_count);
        if (i > 0) EXPECT_GE(beams[i - 1].score, beams[i].score);
    }
    EXPECT_EQ(distinct.size(), 4u);
}

TEST(BeamSearch, BestBeamIsAtLeastAsLikelyAsGreedyWhenLengthsAreEqual) {
    // With every beam cut at the same length, the search keeps the W best prefixes at each step,
    // so the best of four can only match or beat the one greedy path.
    const auto greedy = search(1, 16);
    const auto beams = search(4, 16);
    ASSERT_FALSE(greedy.empty());
    ASSERT_FALSE(beams.empty());
    EXPECT_GE(beams[0].result.sum_logprob, greedy[0].result.sum_logprob - 1e-9);
}

TEST(BeamSearch, CacheFollowsReordersExactly) {
    // Re-decoding each beam from scratch must give the log-probabilities the search summed: a
    // beam whose cache held a sibling's tokens would not.
    const auto beams = search(4, 20);
    ASSERT_EQ(beams.size(), 4u);
    bool forked_late = false; // two beams that share a prefix and part later: a parent had two children
    for (std::size_t a = 0; a < beams.size(); ++a) {
        const auto & tokens = beams[a].result.tokens;
        EXPECT_NEAR(logprob_from_scratch(tokens), beams[a].result.sum_logprob, 2e-3) << "beam " << a;
        for (std::size_t b = a + 1; b < beams.size(); ++b) {
            const auto & other = beams[b].result.tokens;
            if (tokens[0] == other[0] && tokens != other) forked_late = true;
        }
    }
    EXPECT_TRUE(forked_late) << "the fixture's beams never shared a prefix: the test did not exercise a reorder";
}

namespace {

// Greedy tokens after the prompt, with `written` decoded right after the `after`-th of them, by
// hand: one token per decode call, the written ones in calls of their own.
std::vector<engine::Token> greedy_with_written_text(int after, const std::vector<engine::Token> & written, std::size_t total) {
    auto session = fixture::tiny_session(1);
    const auto prompt = fixture::tokens_of(kPrompt);
    EXPECT_TRUE(session->decode_prompt(prompt, 0));
    const int n_vocab = fixture::tiny_model().vocab_size();
    std::vector<engine::Token> out;
    int position = static_cast<int>(prompt.size());
    while (out.size() < total) {
        const float * logits = session->logits(-1);
        const auto best = static_cast<engine::Token>(std::max_element(logits, logits + n_vocab) - logits);
        out.push_back(best);
        engine::BatchToken step{best, 0, position++};
        EXPECT_TRUE(session->decode_step({&step, 1}));
        if (static_cast<int>(out.size()) == after) {
            for (engine::Token t : written) {
                out.push_back(t);
                engine::BatchToken w{t, 0, position++};
                EXPECT_TRUE(session->decode_step({&w, 1}));
            }
        }
    }
    out.resize(total);
    return out;
}

// A write_after that writes `text` into whatever beam makes its `after`-th call.
std::function<std::string(int, std::string_view, std::string_view)> writing_once(int after, std::string text) {
    auto calls = std::make_shared<int>(0);
    return [=](int, std::string_view, std::string_view) { return ++*calls == after ? text : std::string(); };
}

} // namespace

TEST(BeamSearch, WrittenTextGoesIntoTheBeamAndTheSearchGoesOnFromIt) {
    // A program's output longer than a decode call holds (a batch of 8 here): beam:1 is greedy,
    // so its tokens must be the greedy chain with the written tokens in the cache at their places.
    std::string output = "\n```output\n";
    for (int i = 0; i < 12; ++i) output += std::to_string(1000 + i) + " ";
    output += "\n```\n";
    std::vector<engine::Token> written;
    ASSERT_TRUE(fixture::tiny_model().tokenize(output, written, /*parse_special=*/false));
    ASSERT_GT(written.size(), 8u);

    engine::ContextOptions context;
    context.n_ctx = 1024;
    context.n_batch = 8;
    context.n_threads = 2;
    std::unique_ptr<engine::Session> session;
    ASSERT_TRUE(engine::Session::create(fixture::tiny_model(), context, session));
    BeamOptions options = thinking_beams(1, static_cast<int>(written.size()) + 12);
    options.write_after = writing_once(3, output);
    std::vector<Hypothesis> beams;
    engine::GenerationStats stats;
    ASSERT_TRUE(strategies::beam_search(*session, fixture::tokens_of(kPrompt), options, beams, stats));
    ASSERT_EQ(beams.size(), 1u);
    const auto & r = beams[0].result;
    EXPECT_EQ(r.tokens, greedy_with_written_text(3, written, r.tokens.size()));
    EXPECT_NE((r.thinking + r.answer).find("1011 \n```\n"), std::string::npos);
    // The written tokens were not chosen: the score is over the model's own tokens only.
    EXPECT_EQ(r.logprob_count, static_cast<int>(r.tokens.size() - written.size()));
    EXPECT_EQ(stats.decoded_tokens, static_cast<int>(r.tokens.size()) - 1); // the last token is never decoded
}

TEST(BeamSearch, TextWrittenIntoOneBeamStaysInIt) {
    // Four beams; the text goes into the one that makes the fifth call. Every beam's log-probability,
    // recomputed from scratch over its model-chosen tokens, must still match: a beam whose cache got
    // another's written text would not.
    const std::string output = "\n```output\n42\n```\n";
    std::vector<engine::Token> written;
    ASSERT_TRUE(fixture::tiny_model().tokenize(output, written, /*parse_special=*/false));
    auto session = fixture::tiny_session(4);
    BeamOptions options = thinking_beams(4, 20);
    options.write_after = writing_once(5, output);
    std::vector<Hypothesis> beams;
    engine::GenerationStats stats;
    ASSERT_TRUE(strategies::beam_search(*session, fixture::tokens_of(kPrompt), options, beams, stats));
    ASSERT_EQ(beams.size(), 4u);
    int with_text = 0;
    for (const Hypothesis & h : beams) {
        const auto & tokens = h.result.tokens;
        const auto at = std::search(tokens.begin(), tokens.end(), written.begin(), written.end());
        if (at == tokens.end()) {
            EXPECT_NEAR(logprob_from_scratch(tokens), h.result.sum_logprob, 2e-3);
            continue;
        }
        ++with_text;
        // Its own tokens' log-probabilities, with the written ones in the context but not summed.
        auto fresh = fixture::tiny_session(1);
        const auto prompt = fixture::tokens_of(kPrompt);
        ASSERT_TRUE(fresh->decode_prompt(prompt, 0));
        const std::size_t first_written = static_cast<std::size_t>(at - tokens.begin());
        double sum = 0;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const bool forced = i >= first_written && i < first_written + written.size();
            if (!forced) sum += log_softmax_at(fresh->logits(-1), fixture::tiny_model().vocab_size(), tokens[i]);
            const engine::BatchToken next{tokens[i], 0, static_cast<int>(prompt.size() + i)};
            ASSERT_TRUE(fresh->decode_step({&next, 1}));
        }
        EXPECT_NEAR(sum, h.result.sum_logprob, 2e-3);
    }
    EXPECT_GE(with_text, 1) << "the written beam was pruned: the test did not exercise a beam with written text";
}

TEST(BeamSearch, RefusesMoreBeamsThanTheSessionHolds) {
    auto session = fixture::tiny_session(2);
    BeamOptions options;
    options.width = 4;
    std::vector<Hypothesis> out;
    engine::GenerationStats stats;
    const Status s = strategies::beam_search(*session, fixture::tokens_of(kPrompt), options, out, stats);
    EXPECT_FALSE(s);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
}

TEST(BeamSearch, ThinkingBudgetClosesEveryBeamsThinking) {
    auto session = fixture::tiny_session(2);
    BeamOptions options;
    options.width = 2;
    options.max_tokens = 24;
    options.starts_in_thinking = true;
    options.thinking_budget = 6;
    std::vector<Hypothesis> out;
    engine::GenerationStats stats;
    ASSERT_TRUE(strategies::beam_search(*session, fixture::tokens_of(kPrompt), options, out, stats));
    ASSERT_FALSE(out.empty());
    for (const auto & h : out) {
        EXPECT_TRUE(h.result.thinking_closed);
        EXPECT_TRUE(h.result.thinking_budget_reached);
        EXPECT_EQ(h.result.thinking_tokens, 6);
    }
}

TEST(BeamSearch, ReusesTheCachedPromptPrefixAndFindsTheColdBeams) {
    // A session with the prefix cache answers one question, then searches another behind the
    // same scaffold: only the new part is evaluated, and the beams are those of a cold session.
    std::string scaffold = "<｜begin▁of▁sentence｜>";
    for (int i = 0; i < 4; ++i) scaffold += "Solve the problem step by step and check every number you write. ";
    const auto first = fixture::tokens_of(scaffold + "<｜User｜>How many legs do 3 rabbits have?<｜Assistant｜><think>\n");
    const auto second = fixture::tokens_of(scaffold + "<｜User｜>A cage holds 35 heads.<｜Assistant｜><think>\n");
    const int common = static_cast<int>(std::mismatch(first.begin(), first.end(), second.begin(), second.end()).first -
                                         first.begin());
    ASSERT_GT(common, 50);

    engine::ContextOptions context;
    context.n_ctx = 1024;
    context.n_sequences = 3;
    context.n_threads = 2;
    context.reuse_prefix = true;
    std::unique_ptr<engine::Session> warm;
    ASSERT_TRUE(engine::Session::create(fixture::tiny_model(), context, warm));
    engine::SamplerSettings greedy;
    greedy.temperature = 0;
    engine::GenerationOptions generation;
    generation.max_tokens = 8;
    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    ASSERT_TRUE(engine::generate(*warm, first, {greedy}, generation, nullptr, results, stats));

    BeamOptions options;
    options.width = 3;
    options.max_tokens = 12;
    options.starts_in_thinking = true;
    std::vector<Hypothesis> beams;
    ASSERT_TRUE(strategies::beam_search(*warm, second, options, beams, stats));
    EXPECT_EQ(stats.reused_prompt_tokens, common);
    EXPECT_EQ(stats.prompt_tokens, static_cast<int>(second.size()));

    auto cold = fixture::tiny_session(3);
    std::vector<Hypothesis> reference;
    ASSERT_TRUE(strategies::beam_search(*cold, second, options, reference, stats));
    EXPECT_EQ(stats.reused_prompt_tokens, 0);
    // The kept prefix was evaluated in another decode call than the rest, and its f16 KV cells
    // may round a step apart from a one-call evaluation: the logits differ by under 3e-3 (see
    // tests/engine/prefix_cache_test.cpp), a token's log-probability by under twice that, and so
    // does the mean of them that is a beam's score.
    ASSERT_EQ(beams.size(), reference.size());
    for (std::size_t i = 0; i < beams.size(); ++i) {
        EXPECT_EQ(beams[i].result.tokens, reference[i].result.tokens) << "beam " << i;
        EXPECT_NEAR(beams[i].score, reference[i].score, 6e-3) << "beam " << i;
    }

    // The search freed its beams but left the prompt cached for the next question.
    for (int s = 0; s < 3; ++s) EXPECT_EQ(warm->cached_length(s), 0) << "sequence " << s;
    EXPECT_EQ(warm->cached_prompt(), second);
    ASSERT_TRUE(strategies::beam_search(*warm, second, options, beams, stats));
    EXPECT_EQ(stats.reused_prompt_tokens, static_cast<int>(second.size()) - 1);
}

TEST(BeamConsistency, AgreementWinsWithoutVerifiers) {
    BeamRun run;
    run.ballots = {answer("\\boxed{15}", -0.1), answer("\\boxed{12}", -0.2), answer("答案是 12", -0.3),
                   answer("\\boxed{12.0}", -0.4)};
    run.verdicts.assign(4, Outcome::kUnknown);
    strategies::choose_by_consistency(run, false);
    EXPECT_EQ(run.agreeing, 3);
    EXPECT_EQ(run.chosen, 1); // the best-scored beam of the "12" group
}

TEST(BeamConsistency, AVerifiedAnswerBeatsALargerUncheckedGroup) {
    BeamRun run;
    run.ballots = {answer("\\boxed{12}", -0.1), answer("\\boxed{12}", -0.2), answer("\\boxed{12}", -0.3),
                   answer("\\boxed{15}", -0.9)};
    run.verdicts = {Outcome::kUnknown, Outcome::kUnknown, Outcome::kUnknown, Outcome::kPass};
    strategies::choose_by_consistency(run, false);
    EXPECT_EQ(run.chosen, 3);
    EXPECT_EQ(run.agreeing, 1);
}

TEST(BeamConsistency, AFailedGroupLosesToAnUncheckedOne) {
    BeamRun run;
    run.ballots = {answer("\\boxed{98}", -0.1), answer("\\boxed{98}", -0.2), answer("\\boxed{94}", -0.8)};
    run.verdicts = {Outcome::kFail, Outcome::kFail, Outcome::kUnknown};
    strategies::choose_by_consistency(run, false);
    EXPECT_EQ(run.chosen, 2);
    // One passing member is enough for its group, and it speaks for the group.
    run.verdicts = {Outcome::kFail, Outcome::kPass, Outcome::kUnknown};
    strategies::choose_by_consistency(run, false);
    EXPECT_EQ(run.chosen, 1);
    EXPECT_EQ(run.agreeing, 2);
}

TEST(BeamConsistency, NoAnswerNoChoice) {
    BeamRun run;
    run.ballots = {answer("I do not know.", -0.1)};
    run.verdicts = {Outcome::kUnknown};
    strategies::choose_by_consistency(run, false);
    EXPECT_EQ(run.chosen, -1);
    EXPECT_EQ(run.agreeing, 0);
}

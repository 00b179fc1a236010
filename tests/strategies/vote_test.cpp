#include "strategies/vote.h"

#include <gtest/gtest.h>

#include <random>

#include "../engine/tiny_model.h"
#include "verify/answer_compare.h"

using r1tune::strategies::Ballot;
using r1tune::strategies::tally;
using r1tune::strategies::winner_is_certain;
using r1tune::verify::extract_answer;

namespace {

Ballot ballot(const std::string & answer, double logprob = -1.0) { return Ballot{extract_answer(answer), logprob}; }

} // namespace

TEST(Tally, EqualAnswersGroupAfterNormalisation) {
    const auto t = tally({ballot("\\boxed{12}"), ballot("答案是 12.0"), ballot("\\boxed{24/2}"), ballot("\\boxed{13}"),
                          ballot("I am not sure.")},
                         false);
    ASSERT_EQ(t.groups.size(), 2u);
    EXPECT_EQ(t.groups[0].members, (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(t.groups[1].members, (std::vector<int>{3}));
    EXPECT_EQ(t.abstentions, 1);
    EXPECT_EQ(t.votes(), 4);
}

TEST(Tally, TiesGoToTheLikelierGroup) {
    const auto t = tally({ballot("\\boxed{7}", -2.0), ballot("\\boxed{9}", -0.5), ballot("\\boxed{7}", -2.2),
                          ballot("\\boxed{9}", -0.7)},
                         false);
    ASSERT_EQ(t.groups.size(), 2u);
    EXPECT_EQ(t.groups[0].members, (std::vector<int>{1, 3})); // 9: mean −0.6 beats 7: mean −2.1
}

TEST(WinnerIsCertain, OnlyWhenTheRestCannotCatchUpOrTie) {
    const auto t = tally({ballot("\\boxed{1}"), ballot("\\boxed{1}"), ballot("\\boxed{1}"), ballot("\\boxed{2}")}, false);
    EXPECT_TRUE(winner_is_certain(t, 1));  // 3 vs 1 + 1
    EXPECT_FALSE(winner_is_certain(t, 2)); // 3 vs 1 + 2 could tie
    EXPECT_FALSE(winner_is_certain(tally({}, false), 0));
}

TEST(WinnerIsCertain, EarlyStopNeverChangesTheWinner) {
    // Every order in which random ballots could finish: once the leader is certain, the full
    // vote must end with the same group on top.
    std::mt19937 rng(7);
    const std::vector<std::string> answers = {"\\boxed{1}", "\\boxed{2}", "\\boxed{3}", "no answer here"};
    for (int trial = 0; trial < 2000; ++trial) {
        const int k = 2 + static_cast<int>(rng() % 9);
        std::vector<Ballot> all;
        for (int i = 0; i < k; ++i) {
            all.push_back(ballot(answers[rng() % answers.size()], -static_cast<double>(rng() % 1000) / 100.0));
        }
        const auto full = tally(all, false);
        std::vector<Ballot> so_far(k); // unfinished samples abstain
        for (int finished = 1; finished <= k; ++finished) {
            so_far[finished - 1] = all[finished - 1];
            const auto partial = tally(so_far, false);
            if (!winner_is_certain(partial, k - finished)) continue;
            ASSERT_FALSE(full.groups.empty());
            EXPECT_TRUE(r1tune::verify::same_answer(all[partial.groups[0].members[0]].answer,
                                                    all[full.groups[0].members[0]].answer, false))
                << "trial " << trial;
            break;
        }
    }
}

namespace {

// Four samples of ten tokens on the fixture, seeds 100 to 103.
r1tune::strategies::VoteRequest four_samples() {
    r1tune::strategies::VoteRequest request;
    request.samples = 4;
    request.sampler.temperature = 0.9f;
    request.sampler.seed = 100;
    request.generation.max_tokens = 10;
    request.generation.starts_in_thinking = true;
    return request;
}

} // namespace

TEST(RunVote, BatchedSamplesEqualSeparateSeededRuns) {
    const auto prompt = r1tune::fixture::tokens_of(
        "<｜begin▁of▁sentence｜><｜User｜>2+2?<｜Assistant｜><think>\n");
    r1tune::strategies::VoteRequest request = four_samples();
    auto session = r1tune::fixture::tiny_session(4);
    r1tune::strategies::VoteRun run;
    r1tune::engine::GenerationStats stats;
    ASSERT_TRUE(r1tune::strategies::run_vote(*session, prompt, request, nullptr, run, stats));
    ASSERT_EQ(run.samples.size(), 4u);

    auto single = r1tune::fixture::tiny_session(1);
    for (int i = 0; i < 4; ++i) {
        r1tune::engine::SamplerSettings s = request.sampler;
        s.seed = 100 + static_cast<std::uint32_t>(i);
        std::vector<r1tune::engine::SequenceResult> one;
        r1tune::engine::GenerationOptions options = request.generation;
        options.record_logprobs = true;
        ASSERT_TRUE(r1tune::engine::generate(*single, prompt, {s}, options, nullptr, one, stats));
        EXPECT_EQ(run.samples[i].tokens, one[0].tokens) << "sample " << i;
        // The f32 fixture decodes a batch of 4 and a batch of 1 with the same kernels, so the
        // log-probabilities agree to rounding.
        EXPECT_NEAR(run.samples[i].mean_logprob(), one[0].mean_logprob(), 1e-4) << "sample " << i;
        EXPECT_LT(one[0].mean_logprob(), 0.0);
    }
}

TEST(ConsistencyCheck, APassingAnswerBeatsMoreVotesAndARefutedOneLoses) {
    using r1tune::verify::Outcome;
    const std::vector<Ballot> ballots = {ballot("\\boxed{35}", -0.1), ballot("\\boxed{35}", -0.2), ballot("\\boxed{35}", -0.3),
                                         ballot("\\boxed{23}", -2.0), ballot("\\boxed{40}", -1.0), ballot("\\boxed{40}", -1.5)};
    auto t = tally(ballots, false);
    ASSERT_EQ(t.groups.size(), 3u);
    // 35 leads by count but was refuted; 23 alone passed; 40 was never checked.
    const std::vector<Outcome> verdicts = {Outcome::kFail, Outcome::kFail, Outcome::kFail,
                                           Outcome::kPass, Outcome::kUnknown, Outcome::kUnknown};
    r1tune::strategies::order_by_verdicts(t, verdicts);
    EXPECT_EQ(t.groups[0].members, (std::vector<int>{3}));
    EXPECT_EQ(t.groups[1].members, (std::vector<int>{4, 5}));
    EXPECT_EQ(t.groups[2].members, (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(r1tune::strategies::checked_representative(t.groups[0], ballots, verdicts), 3);
    // A group with one refuted and one unchecked member is not refuted; the unchecked one is not
    // preferred over the likelier one either (only a pass speaks for its group).
    const std::vector<Outcome> mixed = {Outcome::kUnknown, Outcome::kFail, Outcome::kUnknown,
                                        Outcome::kUnknown, Outcome::kUnknown, Outcome::kUnknown};
    auto u = tally(ballots, false);
    r1tune::strategies::order_by_verdicts(u, mixed);
    EXPECT_EQ(u.groups[0].members, (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(r1tune::strategies::checked_representative(u.groups[0], ballots, mixed), 0);
}

TEST(RunVote, ASecondRoundContinuesTheFirstAsOneVoteWould) {
    // auto:N draws two samples, then the rest: the rounds must draw what one vote of N draws.
    const auto prompt = r1tune::fixture::tokens_of("<｜begin▁of▁sentence｜><｜User｜>2+2?<｜Assistant｜><think>\n");
    r1tune::strategies::VoteRequest request = four_samples();
    auto session = r1tune::fixture::tiny_session(4);
    r1tune::strategies::VoteRun whole, first, rounds;
    r1tune::engine::GenerationStats stats;
    ASSERT_TRUE(r1tune::strategies::run_vote(*session, prompt, request, nullptr, whole, stats));
    request.samples = 2;
    ASSERT_TRUE(r1tune::strategies::run_vote(*session, prompt, request, nullptr, first, stats));
    request.continues = &first;
    ASSERT_TRUE(r1tune::strategies::run_vote(*session, prompt, request, nullptr, rounds, stats));
    ASSERT_EQ(rounds.samples.size(), 4u);
    ASSERT_EQ(rounds.ballots.size(), 4u);
    ASSERT_EQ(rounds.verdicts.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(rounds.samples[i].tokens, whole.samples[i].tokens) << "sample " << i;
}

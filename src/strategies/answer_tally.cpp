#include "strategies/answer_tally.h"

#include <algorithm>

#include "verify/answer_compare.h"

namespace r1tune::strategies {

Ballot ballot_of(const engine::SequenceResult & result, const std::string & question) {
    Ballot ballot;
    const bool cut_off =
        result.answer.empty() && !result.thinking_closed && result.finish != engine::FinishReason::kEndOfSequence;
    const bool abandoned = result.finish == engine::FinishReason::kAbandoned; // the strategy distrusted it
    if (!cut_off && !abandoned) ballot.answer = verify::extract_answer(result.answer, result.thinking, question);
    ballot.mean_logprob = result.mean_logprob();
    return ballot;
}

int Tally::votes() const {
    int n = 0;
    for (const auto & g : groups) n += static_cast<int>(g.members.size());
    return n;
}

Tally tally(const std::vector<Ballot> & ballots, bool rate_question) {
    Tally t;
    for (int i = 0; i < static_cast<int>(ballots.size()); ++i) {
        const Ballot & ballot = ballots[i];
        if (ballot.answer.empty()) {
            ++t.abstentions;
            continue;
        }
        auto same = std::find_if(t.groups.begin(), t.groups.end(), [&](const VoteGroup & g) {
            return verify::same_answer(ballots[g.members.front()].answer, ballot.answer, rate_question);
        });
        if (same == t.groups.end()) same = t.groups.insert(t.groups.end(), VoteGroup{});
        same->members.push_back(i);
    }
    for (auto & g : t.groups) {
        double sum = 0;
        for (int m : g.members) sum += ballots[m].mean_logprob;
        g.mean_logprob = sum / static_cast<double>(g.members.size());
    }
    std::stable_sort(t.groups.begin(), t.groups.end(), [](const VoteGroup & a, const VoteGroup & b) {
        if (a.members.size() != b.members.size()) return a.members.size() > b.members.size();
        return a.mean_logprob > b.mean_logprob;
    });
    return t;
}

int representative(const VoteGroup & group, const std::vector<Ballot> & ballots) {
    return *std::max_element(group.members.begin(), group.members.end(),
                             [&](int a, int b) { return ballots[a].mean_logprob < ballots[b].mean_logprob; });
}

namespace {

// pass > unknown > fail; a group passes when one member does and fails when all do.
int group_rank(const VoteGroup & group, const std::vector<verify::Outcome> & verdicts) {
    bool all_fail = true;
    for (int m : group.members) {
        if (verdicts[m] == verify::Outcome::kPass) return 2;
        if (verdicts[m] != verify::Outcome::kFail) all_fail = false;
    }
    return all_fail ? 0 : 1;
}

} // namespace

void order_by_verdicts(Tally & tally, const std::vector<verify::Outcome> & verdicts) {
    std::stable_sort(tally.groups.begin(), tally.groups.end(), [&](const VoteGroup & a, const VoteGroup & b) {
        return group_rank(a, verdicts) > group_rank(b, verdicts);
    });
}

int checked_representative(const VoteGroup & group, const std::vector<Ballot> & ballots,
                           const std::vector<verify::Outcome> & verdicts) {
    for (int m : group.members) {
        if (verdicts[m] == verify::Outcome::kPass) return m;
    }
    return representative(group, ballots);
}

} // namespace r1tune::strategies

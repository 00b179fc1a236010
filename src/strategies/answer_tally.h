// Ballots and their tally: several answers to one question (vote samples, finished beams)
// grouped by what they mean (12 = 12.0 = 24/2 = 十二), largest group first, ties to the group the
// model found likelier.
#pragma once

#include <string>
#include <vector>

#include "engine/generation.h"
#include "verify/answer_extraction.h"
#include "verify/verdict.h"

namespace r1tune::strategies {

struct Ballot {
    verify::ExtractedAnswer answer; // empty: the sequence abstains
    double mean_logprob = 0;        // or a beam's length-normalised score
};

// The answer a finished sequence votes for. A sequence cut off while still thinking abstains
// (the last number of unfinished thinking would be a random ballot), and so does one a strategy
// abandoned.
Ballot ballot_of(const engine::SequenceResult & result, const std::string & question);

struct VoteGroup {
    std::vector<int> members; // ballot indices, in ballot order
    double mean_logprob = 0;  // over the members
};

struct Tally {
    std::vector<VoteGroup> groups; // most votes first, then likelier first
    int abstentions = 0;
    int votes() const;             // ballots that named an answer
};

Tally tally(const std::vector<Ballot> & ballots, bool rate_question);

// The group's likeliest member.
int representative(const VoteGroup & group, const std::vector<Ballot> & ballots);

// The consistency check over checked ballots (one verdict per ballot): groups with a member
// that passed a check come first, then groups with one nothing could check, then groups whose
// every member failed; the tally's order (size, then likelihood) within each.
void order_by_verdicts(Tally & tally, const std::vector<verify::Outcome> & verdicts);

// The member that speaks for a group: one that passed, else the likeliest.
int checked_representative(const VoteGroup & group, const std::vector<Ballot> & ballots,
                           const std::vector<verify::Outcome> & verdicts);

} // namespace r1tune::strategies

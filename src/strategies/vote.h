// Self-consistency voting: sample k answers to the same prompt, group equal answers (normalised:
// 12 = 12.0 = 24/2), and take the largest group; ties go to the group whose samples the model
// found likelier (mean token log-probability). The winner's share of the votes is the confidence.
//
// The k samples run as k forked sequences in one batch (engine::generate). As soon as the leader
// cannot be caught by the samples still running, those are cancelled: their tokens would not
// change the outcome.
#pragma once

#include <string>
#include <vector>

#include <functional>

#include "strategies/answer_tally.h"
#include "engine/generation.h"
#include "engine/session.h"
#include "text/language.h"
#include "verify/answer_extraction.h"

namespace r1tune::strategies {

// True when the leading group keeps the lead whatever `still_running` more ballots say.
// A tie is not decided: the tie-break (log-probability) depends on samples not finished yet.
bool winner_is_certain(const Tally & tally, int still_running);

struct VoteRun {
    std::vector<engine::SequenceResult> samples;
    std::vector<Ballot> ballots; // one per sample; cancelled and cut-off samples abstain
    Tally tally;
    std::vector<verify::Outcome> verdicts; // one per sample: what VoteRequest::verify said (unknown without it)
    int winner = -1;   // the sample that represents the winning group (a passing or its likeliest member); -1: none
    int cancelled = 0; // samples ended early because the winner was certain
    int tokens_saved_estimate = 0; // what the cancelled samples would still have run, at the full samples' mean length
};

struct VoteRequest {
    std::string question;   // for answer extraction (numbers that merely restate it)
    int samples = 8;        // new samples to draw
    engine::SamplerSettings sampler; // sample i uses seed + i
    engine::GenerationOptions generation;
    bool early_stop = true;
    // Optional: checks each finished sample. Then the consistency check decides (a group with a
    // passing answer beats one nothing could check, which beats one whose answers all failed;
    // see order_by_verdicts), and a passing answer ends the vote at once: it was pinned by a
    // check, and more ballots could not outrank it.
    std::function<verify::Outcome(const engine::SequenceResult &)> verify;
    // Whether `verify` can pass an answer for this question (it has constraints, a reference or
    // tests): then a sample still running may yet be verified and outrank any count, so only a
    // passing answer ends the vote early. Otherwise the vote also stops once the count leader
    // cannot be caught.
    bool wait_for_verification = false;
    // An earlier round of the same vote: its samples and ballots come first and count, and the
    // new samples take the seeds after its own, so two rounds of k and m samples draw what one
    // vote of k + m would have drawn.
    const VoteRun * continues = nullptr;
};

// Runs the vote in `session`, which must hold at least request.samples sequences.
Status run_vote(engine::Session & session, const std::vector<engine::Token> & prompt, const VoteRequest & request,
                const engine::StreamCallback & on_text, VoteRun & out, engine::GenerationStats & stats);

// The vote over samples drawn elsewhere (a remote backend's choices), decided as run_vote decides
// it: `out.samples` holds them (an earlier round's first, whose ballots and verdicts `out` already
// has); the new ones get their ballots and, with `verify`, their verdicts, then the tally and winner.
void count_vote(VoteRun & out, const std::string & question,
                const std::function<verify::Outcome(const engine::SequenceResult &)> & verify);

} // namespace r1tune::strategies

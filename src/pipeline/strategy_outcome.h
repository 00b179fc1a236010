// What a strategy's sequences come to, as the feedback loop sees it: a sequence as a response,
// its verdict, a vote's candidates and summary. Shared by the responders that draw the
// sequences: the local engine's (pipeline/engine_responder) and a remote backend's
// (pipeline/remote_responder), so that a vote is told the same way whoever ran it.
#pragma once

#include "engine/generation.h"
#include "feedback/check.h"
#include "feedback/responder.h"
#include "strategies/answer_tally.h"
#include "strategies/vote.h"
#include "text/language.h"
#include "verify/verdict.h"

namespace r1tune::pipeline {

void fill_response(const engine::SequenceResult & r, const engine::GenerationStats & stats, feedback::Response & out);

// No sample or beam named an answer: the response has none either. Otherwise the checker would
// read one out of the first sample's unfinished thinking, and an abstaining vote would count as
// an answer.
void abstain(feedback::Response & out);

// A finished sequence through the checker: pass only for a verified answer.
verify::Outcome verdict_of(feedback::Checker & checker, const engine::SequenceResult & r);

// A sequence of a vote or beam as the trace shows it, with what its checks said (a failed one
// is checked again for its sentence).
feedback::Candidate candidate_of(const strategies::Ballot & ballot, const engine::SequenceResult & r, double score,
                                 verify::Outcome verdict, feedback::Checker * checker, text::Language language);

// Whether an adaptive vote's first round decides it: the winner is verified, or every sample
// gave the same answer and no check refuted it.
bool vote_settled(const strategies::VoteRun & run);

// A finished vote as the response: the winner's text (none when every sample abstained), and
// the summary with every sample as a candidate. The caller adds what only it knows (abandoned
// samples, tokens its engine saved, tokens per sample when the sequences hold none).
void fill_vote(const strategies::VoteRun & run, const engine::GenerationStats & stats, feedback::Checker * checker,
               text::Language language, feedback::Response & out);

} // namespace r1tune::pipeline

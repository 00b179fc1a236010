// Beam search with an answer-consistency check.
//
// llama.cpp no longer ships beam search, so r1tune runs its own over the engine's sessions: W
// beams live as W sequences of one KV cache and are decoded in one batch per step. Each step
// expands every beam by its most likely next tokens, keeps the W best continuations by
// cumulative log-probability, and makes the KV cache follow: a beam that continues keeps its
// sequence, a second child of the same parent gets a copy of it (cells are shared, not copied),
// and a beam that has no children is dropped. A beam that ends (end of turn, stop string, max
// tokens) becomes a hypothesis scored by its length-normalised log-probability; the search stops
// once W hypotheses exist. Everything is deterministic.
//
// The consistency check: the finished beams' answers are grouped like votes; a group whose
// answer passes the verifiers wins over one that is unchecked, and one that fails loses to both;
// then more beams, then the higher score. The winner's share of beams is the confidence.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "strategies/answer_tally.h"
#include "engine/generation.h"
#include "engine/session.h"
#include "verify/verdict.h"

namespace r1tune::strategies {

struct BeamOptions {
    int width = 4;
    int max_tokens = 4096;
    std::vector<std::string> stops; // apply to the answer
    bool starts_in_thinking = false;
    int thinking_budget = 0;        // as in engine::GenerationOptions
    double length_penalty = 1.0;    // score = log-probability / length^penalty; 1 = mean per token
    // As engine::GenerationOptions::write_after (the sequence argument is the KV sequence of the
    // beam's parent, which a forked child leaves): text written into a beam after its token, as
    // tokens the model did not choose (they add nothing to its score).
    std::function<std::string(int sequence, std::string_view thinking, std::string_view answer)> write_after;
};

struct Hypothesis {
    engine::SequenceResult result; // sum_logprob / logprob_count hold the beam's log-probability
    double score = 0;              // length-normalised
};

// Runs the search in `session` (which must hold at least `width` sequences) and returns up to
// `width` hypotheses, best score first. The prompt goes through Session::load_prompt, so a
// session with reuse_prefix evaluates only what the prompt adds to its cached one.
Status beam_search(engine::Session & session, const std::vector<engine::Token> & prompt, const BeamOptions & options,
                   std::vector<Hypothesis> & out, engine::GenerationStats & stats);

struct BeamRequest {
    std::string question; // for answer extraction
    BeamOptions beam;
    // Optional: checks a finished beam (pass, fail or unknown).
    std::function<verify::Outcome(const engine::SequenceResult &)> verify;
};

struct BeamRun {
    std::vector<Hypothesis> beams;          // best score first
    std::vector<Ballot> ballots;            // one per beam; mean_logprob = the beam's score
    std::vector<verify::Outcome> verdicts;  // one per beam (unknown without a verifier)
    Tally tally;                            // groups in the order the check ranks them
    int chosen = -1;                        // the beam that answers; -1: no beam named an answer
    int agreeing = 0;                       // beams in the chosen group
};

// Fills tally, chosen and agreeing from ballots and verdicts (the consistency check on its own).
void choose_by_consistency(BeamRun & run, bool rate_question);

Status run_beam_consistency(engine::Session & session, const std::vector<engine::Token> & prompt,
                            const BeamRequest & request, BeamRun & out, engine::GenerationStats & stats);

} // namespace r1tune::strategies

// Loop detection: notices when a reasoning trace has started repeating itself, so that the
// sequence can be stopped (or steered) instead of burning its budget. Small distills, and greedy
// decoding above all, fall into loops that never end on their own: the same paragraph, the same
// "Wait, let me check again" step, or one token over and over.
//
// The unit is a token n-gram: a loop is one n-gram of `ngram` tokens seen `repeats` times, where
// two counted occurrences start at least `min_gap` tokens apart. Repetition at the level of text
// ("the same result derived again and again") is caught the same way: a re-derivation repeats
// its sentences verbatim, and a sentence is an n-gram of tokens. A re-derivation worded
// differently each time is not a loop by this measure, on purpose: that is the model trying again.
//
// Cost per token: O(1) for an n-gram not seen before (a rolling hash and one map look-up), O(ngram)
// for a repeat, whose token run is compared with the stored earlier occurrence so that a hash
// collision can never report a loop. Memory: the trace's tokens and one map entry per distinct
// n-gram.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "engine/types.h"
#include "util/status.h"

namespace r1tune::strategies {

struct LoopDetectorOptions {
    // 24 tokens is about a sentence of prose or a line of formulas: longer than the stock phrases
    // reasoning repeats naturally ("so the answer is", "Wait, let me check"), shorter than a
    // paragraph, so a repeated paragraph is caught within its first repeats.
    int ngram = 24;
    // Four verbatim copies of the same 24 tokens: restating a formula or the question two or three
    // times is ordinary checking; a fourth identical copy is a loop in practice.
    int repeats = 4;
    // Counted occurrences start at least this many tokens apart; 0 means `ngram`, i.e. counted
    // occurrences do not overlap. Without a gap a run of one token would count a "new" occurrence
    // every token and trip after ngram + repeats − 1 tokens; with it, any loop (period 1 or 500)
    // must repeat about ngram × repeats tokens of material first.
    int min_gap = 0;

    // One sentence naming the first value out of range, as a usage error.
    Status validate() const;
};

class LoopDetector {
public:
    // Options should have passed validate(); out-of-range values are raised to the smallest
    // valid ones rather than misbehaving.
    explicit LoopDetector(LoopDetectorOptions options = {});

    // Adds the trace's next token; true once the trace loops (and from then on, until reset()).
    bool feed(engine::Token token);
    bool looping() const { return looping_; }
    void reset();

    int tokens() const { return static_cast<int>(history_.size()); }
    // Once looping: where the first counted copy of the repeated n-gram starts (a token index), so
    // that a caller can cut the trace back; -1 before.
    int loop_start() const { return loop_start_; }
    // Once looping: tokens from loop_start() through the token that tripped the detector, i.e. the
    // tokens the repetition has cost so far; 0 before.
    int repeated_span() const { return looping_ ? tokens() - loop_start_ : 0; }
    // Once looping: the distance between the last two occurrences of the repeated n-gram, i.e. the
    // length of the repeating unit of a back-to-back loop (1 for one token repeated); 0 before.
    int period() const { return period_; }

private:
    // One distinct n-gram. Occurrences are identified by the index of their last token.
    struct Entry {
        int first_end;    // the first occurrence: the stored copy that repeats are verified against
        int last_end;     // the latest occurrence, counted or not (for period())
        int counted_end;  // the latest counted occurrence (min_gap is measured from it)
        int count;        // counted occurrences
        int next;         // next entry with the same hash, or -1 (collisions are chained)
    };

    bool same_ngram(int end_a, int end_b) const;

    LoopDetectorOptions options_;
    std::uint64_t power_ = 1; // base^(ngram − 1): removes the token leaving the window
    std::uint64_t hash_ = 0;  // rolling hash of the last `ngram` tokens
    std::vector<engine::Token> history_;
    std::unordered_map<std::uint64_t, int> heads_; // hash → first entry in entries_
    std::vector<Entry> entries_;
    bool looping_ = false;
    int loop_start_ = -1;
    int period_ = 0;
};

} // namespace r1tune::strategies

// Built-in generators of fresh word problems with exact answers, in Chinese and English, for
// `r1tune eval`. A published benchmark may sit in a model's training data; a problem drawn from
// a seed a minute ago cannot, so a score on these measures reasoning and not recall.
//
// Families (each in both languages, a few phrasings each):
//   chicken_rabbit  heads and feet → chickens and rabbits ("鸡23，兔12" / "23 chickens, 12 rabbits")
//   digit_puzzle    a three-digit number from its digit sum and two digit differences; a share
//                   of them (digit_no_solution_percent) has no solution ("无解" / "no solution")
//   age             two people's ages from a difference, a sum and multiples now, before or after
//   work_rate       workers or pipes together, one after the other, or one found from the pair
//   distance        meeting, catching up, a head start, or a speed found from the meeting time
// Answers are exact: whole numbers, or fractions in lowest terms ("12/5"), never rounded.
//
// Decisions:
//   - Every question of the first two families is worded so that verify::derive_constraints
//     reads all of it; chicken-rabbit items also carry those constraints. A digit puzzle
//     carries none: the derived ones bind the digits of a one-number answer and have the finite
//     domain a "no solution" check searches, which a plain --check constraint has not.
//   - Each problem is built backwards from hidden values, and kept only when a brute-force search
//     finds the answer unique (ages and digits, where several could fit; the rate and distance
//     problems are one linear equation in the unknown). A digit puzzle's solutions are all
//     searched over 100..999.
//   - An answer that equals a number stated in the question is redrawn: the answer extractor
//     passes over values that restate the question, so such an answer would be read less
//     reliably, and a model could score by echoing.
//   - Reproducible everywhere: std::mt19937_64 (whose sequence the standard fixes) with our own
//     bounded draw (std::uniform_int_distribution differs between standard libraries). Each
//     item has its own generator seeded from (seed, family, language, ordinal), so item
//     "gen-age-zh-0007" of a seed is the same question whatever the count or the other families.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "eval/dataset.h"
#include "text/language.h"
#include "util/status.h"
#include "verify/problem_families.h"

namespace r1tune::eval {

// The values enter the seeds: a new family goes at the end, or every seed's items change.

struct GeneratorOptions {
    std::vector<verify::ProblemFamily> families;           // empty: all five; a repeated one counts once
    std::vector<text::Language> languages;  // empty: Chinese and English; a repeated one counts once
    int count = 50;                         // items in all
    std::uint64_t seed = 1;
    int digit_no_solution_percent = 25;     // of digit puzzles, spread evenly over each language's
};

// `count` items, going round the families and, within each family, the languages: with all
// families and both languages, chicken_rabbit zh, chicken_rabbit en, digit_puzzle zh, ... Ids
// are "gen-<family>-<zh|en>-<ordinal within that family and language, from 0001>". The same
// options give the same items on every machine; questions do not repeat within a family and
// language while the family has fresh ones to give. Usage error for a negative count or a
// percentage outside 0..100.
Status generate_items(const GeneratorOptions & options, std::vector<EvalItem> & out);

} // namespace r1tune::eval

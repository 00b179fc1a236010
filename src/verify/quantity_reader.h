// Reading the quantities of an answer: every number in the cleaned text (Arabic, Chinese or
// mixed, fractions, percentages, currency), its unit or measure word, and the name it belongs to
// (鸡=23, 23只鸡, 23 chickens, x = 23), with what its context says about it: assigned, part of a
// calculation, a step number, a total, a value the question already gave.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "verify/answer_extraction.h"

namespace r1tune::verify::extraction {

struct Candidate {
    Quantity quantity;
    std::size_t begin = 0, end = 0; // clean span: name through unit or trailing name
    std::size_t number_begin = 0;
    bool named = false;
    bool assigned = false;  // NAME = value
    bool operand = false;   // part of a calculation: 23×2, the 12 of 35 - 12
    bool step = false;      // a step or list number
    bool weak = false;      // a lone 一, or a single Chinese digit without a unit
    bool restates = false;  // the question holds the same value
    bool total = false;     // introduced as a total (共35只, in total): a summary beside the answer
};

// Appends the candidates of `text`[begin, end) (one statement) to `out`; names never reach back
// before `begin`. `question` lets a Chinese name stand right after a bare number when the
// question uses it.
void read_candidates(std::string_view text, std::string_view question, std::size_t begin, std::size_t end,
                     std::vector<Candidate> & out);

} // namespace r1tune::verify::extraction

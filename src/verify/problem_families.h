// Constraints that r1tune derives by itself for problem families it recognises, so that an
// answer to such a question can be checked without the user writing a --check:
//   chicken and rabbit (鸡兔同笼): heads H and feet F give  c + r == H && 2*c + 4*r == F;
//   three-digit puzzles: a digit sum and relations between digits ("百位数字比十位数字大2")
//   give constraints over the digits h, t, u, whose finite domain also lets a "no solution"
//   answer be checked by exhaustive search.
// Anything not recognised with certainty derives nothing: a wrong constraint would turn a right
// answer into a failed check.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/constraint_check.h"

namespace r1tune::verify {

struct DerivedConstraints {
    std::string family;                 // "chicken_rabbit" or "digit_puzzle"
    std::string constraints;            // in the expression language of verify/expression.h
    std::vector<std::string> variables; // in the order an answer lists them
    std::vector<Domain> domains;        // the finite search space, for "no solution" answers
    bool digits_of_one_number = false;  // the answer is one number whose digits bind the variables
    std::string explanation;            // what was read from the question, for --explain
};

std::optional<DerivedConstraints> derive_constraints(std::string_view question);

} // namespace r1tune::verify

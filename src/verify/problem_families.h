// The problem families r1tune knows, in one place: their names (the generators of eval make
// problems of all five), how a question is recognised as one (the router picks a scaffold by it),
// and the constraints r1tune derives by itself for the families whose answers it can check, so
// that such a question is checked without the user writing a --check:
//   chicken and rabbit (鸡兔同笼): heads H and feet F give  c + r == H && 2*c + 4*r == F;
//   three-digit puzzles: a digit sum and relations between digits ("百位数字比十位数字大2")
//   give constraints over the digits h, t, u, whose finite domain also lets a "no solution"
//   answer be checked by exhaustive search.
// Anything not recognised with certainty derives nothing: a wrong constraint would turn a right
// answer into a failed check.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"
#include "verify/constraint_check.h"

namespace r1tune::verify {

enum class ProblemFamily { kChickenRabbit, kDigitPuzzle, kAge, kWorkRate, kDistance };

inline constexpr std::array<ProblemFamily, 5> kAllProblemFamilies = {
    ProblemFamily::kChickenRabbit, ProblemFamily::kDigitPuzzle, ProblemFamily::kAge, ProblemFamily::kWorkRate,
    ProblemFamily::kDistance};

// "chicken_rabbit", "digit_puzzle", "age", "work_rate", "distance".
std::string_view to_string(ProblemFamily family);

// The family in words, for reasons people read: "chicken and rabbit", "digit puzzle", "age",
// "work rate", "distance".
std::string_view spoken_name(ProblemFamily family);

// The family named by its to_string text; a usage error naming the known ones otherwise.
Status parse_problem_family(std::string_view name, ProblemFamily & out);

// The family of a question whose answers r1tune can check, by its words (`lowered` as
// text::lower_ascii gives it); `why` gets the words that decided. A number described by its
// digits (三位数, 各位数字之和, "three-digit", "digit sum"; a place name such as 十位 only beside 数字,
// 位数 or 位上, since 十位同学 counts people) is a digit puzzle; chickens and rabbits, or heads and
// feet (鸡兔同笼, 头 + 脚), are chicken_rabbit. Age, work-rate and distance problems are generated,
// never recognised: nothing checks their answers yet.
std::optional<ProblemFamily> recognise_family(std::string_view lowered, std::vector<std::string_view> & why);

struct DerivedConstraints {
    ProblemFamily family = ProblemFamily::kChickenRabbit; // or kDigitPuzzle
    std::string constraints;            // in the expression language of verify/expression.h
    std::vector<std::string> variables; // in the order an answer lists them
    std::vector<Domain> domains;        // the finite search space, for "no solution" answers
    bool digits_of_one_number = false;  // the answer is one number whose digits bind the variables
    std::string explanation;            // what was read from the question, for --explain
};

std::optional<DerivedConstraints> derive_constraints(std::string_view question);

} // namespace r1tune::verify

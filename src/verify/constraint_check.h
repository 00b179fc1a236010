// Constraints over a question's answer variables, written by the user in the expression
// grammar of verify/expression.h: `c + r == 35 && 2*c + 4*r == 94`, `鸡 + 兔 == 35 且 2*鸡 + 4*兔 == 94`.
// Two checks: does the model's answer satisfy them, and is the model's "no solution" true?
#pragma once

#include "text/language.h"
#include "verify/expression.h" // Bindings: variable name → exact value
#include "verify/verdict.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace r1tune::verify {

// Pass when `values` satisfy every clause; fail naming the first clause (a term of the top-level
// &&) that does not hold, with the values of both its sides; unknown when the constraints do not
// parse, are not a condition, use a variable `values` lacks, or divide by zero. The sentence is
// in `language`. Verifier name "constraints".
Verdict check_constraints(std::string_view constraints, const Bindings & values, text::Language language);

// One integer variable and its inclusive range.
struct Domain {
    std::string variable;
    std::int64_t lo = 0;
    std::int64_t hi = 0;
};

// Above this many assignments the exhaustive search is refused.
inline constexpr std::uint64_t kMaxNoSolutionAssignments = 10'000'000;

// Checks an answer of "no solution" by trying every assignment in the domains. Fail (with the
// assignment as evidence) when one satisfies the constraints, pass when none does; unknown when
// the constraints do not parse, use a variable without a domain, a range is empty, or the
// domains hold more than kMaxNoSolutionAssignments assignments. Verifier name "no_solution".
Verdict check_no_solution(std::string_view constraints, const std::vector<Domain> & domains, text::Language language);

} // namespace r1tune::verify

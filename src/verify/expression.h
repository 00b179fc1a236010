// Arithmetic expressions as models and users write them, parsed into a tree and evaluated
// exactly. One grammar reads both the constraints a user gives (`鸡 + 兔 == 35 && 2*鸡 + 4*兔 == 94`)
// and the calculations inside a model's reasoning (`2×23+4×12`, `3(b+1)`, `x²`, `（１＋２）÷３`).
//
// Grammar, loosest first:
//   or          a || b, a or b, a 或 b
//   and         a && b, a and b, a 且 b
//   comparison  a = b, a == b, a != b, a ≠ b, a < b <= c ≤ d > e >= f ≥ g  (a chain: every link holds)
//   sum         + and - (also − U+2212, full-width ＋ －)
//   product     * × · ⋅ / ÷, and implicit multiplication of touching factors: 2c, 3(b+1), (a)(b)
//   unary       leading - or +
//   power       a^b (right-associative, binds tighter than a leading minus: -2^2 is -4), a², a⁻¹
//   primary     number (verify/number.h: 1,234.5 ５０％), name, ( ) or （ ）, √x
// Names are an ASCII letter followed by letters, digits or '_', or a run of CJK ideographs.
#pragma once

#include "verify/number.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace r1tune::verify {

enum class Comparison { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

struct Expression {
    enum class Kind {
        kNumber, kVariable,
        kNegate, kAdd, kSubtract, kMultiply, kDivide, kPower, kSquareRoot,
        kCompare, kAnd, kOr,
    };
    Kind kind = Kind::kNumber;
    Rational number;                     // kNumber
    std::string name;                    // kVariable
    std::vector<Expression> operands;    // kCompare: the chain's terms, one more than `comparisons`
    std::vector<Comparison> comparisons; // kCompare only
    std::size_t begin = 0;               // the bytes of the parsed text this node spans
    std::size_t end = 0;
};

struct ParseOptions {
    // Runs of CJK ideographs are names (鸡, 兔子). Off for prose, where they are the words
    // around the math ("23只" is 23 followed by text, not 23 times a variable).
    bool cjk_names = true;
    // && || and 且 or 或 join conditions. Off for prose, where "and" is a word.
    bool logic = true;
    // Read the longest expression that starts the text and stop there, instead of requiring the
    // whole text to be one expression. Finding claims inside prose needs this.
    bool prefix = false;
};

struct ParseResult {
    std::optional<Expression> expression; // empty when the text does not parse
    std::size_t length = 0;               // bytes read, trailing whitespace excluded
    std::string error;                    // why not, one sentence; empty on success
    std::size_t error_offset = 0;         // byte offset in the text
};

ParseResult parse_expression(std::string_view text, const ParseOptions & options = {});

// A comparison or a logical combination, whose value is 1 (true) or 0 (false); anything else is
// a number. The parser refuses a condition used as a number (`(a < b) + 1`) and the reverse.
bool is_condition(const Expression & expression);

// The names an expression uses, each once, in order of first appearance.
std::vector<std::string> variables_of(const Expression & expression);

using Bindings = std::map<std::string, Rational>;

enum class EvalError {
    kNone,
    kDivisionByZero,
    kUnboundVariable,
    kInexact,   // no exact rational value: √2, 2^(1/2), 0^0
    kTooLarge,  // a power whose result would exceed about a million bits
};

struct Evaluation {
    Rational value;        // conditions give 1 or 0
    EvalError error = EvalError::kNone;
    std::string variable;  // the unbound name, for kUnboundVariable
    bool ok() const { return error == EvalError::kNone; }
};

// Exact value of `expression` with the names in `bindings`. && and || evaluate left to right
// and stop as soon as the result is known, so `x != 0 && 1/x > 2` is safe at x = 0.
Evaluation evaluate(const Expression & expression, const Bindings & bindings = {});

} // namespace r1tune::verify

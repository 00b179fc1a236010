// Units written in words after numbers, as models write their working in LaTeX
// (`18 \text{ dollars/hour} \times 8 \text{ hours} = 144 \text{ dollars}`), for the arithmetic
// check: which phrases are units, and whether a claim's two sides may be compared as numbers.
//
// Dropping such units would let a model's usual GSM8K working be checked at all, but a claim
// across units hides a factor the check cannot see: `2 \text{ hours} = 2 \times 60`, `\frac{7
// \text{ hours}}{10 \text{ minutes per pizza}} = 7 \times 6`. So each side's unit is worked out
// (units multiply, divide and cancel; a sum keeps its terms' unit) and a claim is compared only
// when no conversion can hide in it.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/expression.h"

namespace r1tune::verify::arithmetic {

// A unit as a product of named units with exponents: dollars/hour is {dollar: 1, hour: -1}.
// Empty: no unit, a plain number.
using Dimension = std::map<std::string, int>;

// A unit the normalizer took out of the text, where it stood (in the normalized text): after its
// number, or before it (`\$20`).
struct WrittenUnit {
    std::size_t at = 0;
    Dimension dimension;
    bool before_number = false;
};

// Whether a unit converts into others by a factor: hours, dollars, a dozen.
bool has_a_convertible_unit(const Dimension & dimension);

// The unit a `\text{…}` after a number writes: "dollars/hour", "slices per pie", "ft" (with
// `power` 2 for `\text{ft}^2`), "square feet", "千米/小时"; an empty one for a label in parentheses
// ("(shirt)"). Nothing when the phrase is words rather than a unit ("times as many", "只兔"),
// which then stays in the text and stops the claim from being read.
std::optional<Dimension> read_unit(std::string_view phrase, int power = 1);

// Whether a phrase after a number is a percent sign in words ("percent", "per cent", "pct").
bool is_percent_word(std::string_view phrase);

// A Chinese unit, measure word or rate at the start of `text` ("元", "千米/小时", "只鸡" reads 只),
// and the bytes it takes; nothing when none starts there.
struct ChineseUnitRead {
    std::size_t length = 0;
    Dimension dimension;
};
std::optional<ChineseUnitRead> read_chinese_unit(std::string_view text);

enum class UnitMatch {
    kNone,         // no side writes a unit
    kSame,         // both sides come to the same unit
    kDifferent,    // they differ, as models' units often do by sloppiness ("dollars/week" = "dollars")
    kIncomparable, // a factor may hide in the claim: two units of one kind (hours and minutes,
                   // dollars and cents), a count in words (dozen), a sum of convertible units
                   // that differ, a unit on one side only with the sides a usual factor apart, or
                   // a sum of different things (adults + children) against a unit
};

// How the units written after the numbers of `left` and `right` (nodes of a claim whose text
// starts at `offset` in the normalized text, `units` in order of `at`) compare.
UnitMatch compare_units(const Expression & left, const Expression & right, std::size_t offset, std::string_view text,
                        const std::vector<WrittenUnit> & units);

} // namespace r1tune::verify::arithmetic

// Exact numbers as models write them. Every value r1tune compares or recomputes is a GMP
// rational, so 0.1 + 0.2 is 3/10 and 24/2 equals 12 exactly; no float ever decides a verdict.
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace r1tune::verify {

using Rational = mpq_class;

struct NumberLiteral {
    Rational value;          // the percent already divided by 100
    std::size_t length = 0;  // bytes of `text` the literal spans
    bool percent = false;    // written with % or ％
    bool decimal = false;    // written with a decimal point
};

// Parses the number literal that starts `text`, or nothing when none does. Accepted:
//   digits, ASCII or full-width (０-９);
//   an optional sign: + - − (U+2212) － (U+FF0D);
//   thousands separators "," or "，" between groups of exactly three digits (1,234,567);
//   a decimal point "." or "．" followed by at least one digit;
//   a trailing % or ％, which divides by 100.
// Fractions are not literals: "3/4" is a division, for the expression parser to read.
std::optional<NumberLiteral> parse_number(std::string_view text);

// The canonical text of a value: "12", "-3/4". Equal values give equal text.
std::string to_canonical(const Rational & value);

// The value as a decimal when it has a finite one with at most `max_places` places ("0.125"),
// else the canonical fraction.
std::string to_display(const Rational & value, int max_places = 6);

} // namespace r1tune::verify

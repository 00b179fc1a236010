// From LaTeX-ish prose to plain math, for the arithmetic check: \frac{a}{b}, \times, \cdot,
// \left( … \right), \text{…} and environments become the notation verify/expression reads, and
// units in words after numbers (`18 \text{ dollars/hour}`) are set aside to be compared.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "verify/units.h"

namespace r1tune::verify::arithmetic {

// The text with LaTeX turned into the plain notation the expression parser reads, and for every
// byte the offset in the original text it came from.
struct Normalized {
    std::string text;
    std::vector<std::size_t> origin; // one per byte of `text`, plus one for its end
    std::vector<WrittenUnit> units;  // in order of where they stood
};

Normalized normalize_math(std::string_view source);

} // namespace r1tune::verify::arithmetic

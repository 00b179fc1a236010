// Where an arithmetic claim may start and end in a line of a model's answer: "2×23=46" inside
// "so 2×23=46，4×12=48" is a claim; "2乘以3=6", "12, 3+4 = 7", "= 98. Wait" and "x = 3 times" are
// not, or not asserted. A claim the check cannot bound cleanly is not checked: a false failure
// would be fed back to the model as a correction.
#pragma once

#include <cstddef>
#include <string_view>

namespace r1tune::verify::arithmetic {

// Whether the text before `start` lets a claim begin there. `previous_end` is where the last
// claim on the line ended: "2×23=46，4×12=48" is two claims, "12, 3+4 = 7" is a cut list.
bool lead_is_clean(std::string_view line, std::size_t start, std::size_t previous_end);

// Whether the text after `end` lets a claim's last value end there.
bool trail_is_clean(std::string_view line, std::size_t end);

// A claim in a question ("Is 2+3 = 6?") is not asserted.
bool ends_in_question(std::string_view line, std::size_t end);

// Whether the model takes the claim that ends at `end` back right after it ("= 98. Wait, 46+48
// = 94", "不对").
bool retracted_after(std::string_view text, std::size_t end);

// Whether `gap` only connects two forms of one equation ("2x+3=7, 2x=4", "3b+1=12 → b=11/3",
// "移项得 2x=4"): then the second is a step of the first.
bool is_step_gap(std::string_view gap);

} // namespace r1tune::verify::arithmetic

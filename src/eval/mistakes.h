// The mistakes an evaluation found, for the notebook (`r1tune notebook harvest`, `eval --learn`):
// a wrong answer and a correction known to be right, the item's worked solution (a person's), or
// else another configuration's answer that matched the reference.
#pragma once

#include <optional>
#include <string>

#include "eval/dataset.h"
#include "eval/summary.h"
#include "notebook/harvest.h"

namespace r1tune::eval {

// Nothing when `result` is right, did not run, or no correction is known.
std::optional<notebook::Mistake> mistake_in(const EvalItem & item, const ItemResult & result, const ItemResult * right,
                                            const std::string & model);

} // namespace r1tune::eval

// How verdicts are shown to people, by `r1tune check` and by `r1tune solve`: one line per
// verdict. (Their JSON is the pipeline's trace: pipeline/trace.h.)
#pragma once

#include <cstdio>

#include "feedback/loop.h"

namespace r1tune::cli {

// "answer: 鸡=23，兔=12 (from boxed)" and then "  ✓ arithmetic: …" per verdict.
void print_check(std::FILE * out, const feedback::Check & check);

} // namespace r1tune::cli

// How verdicts are shown, by `r1tune check` and by `r1tune solve`: one line per verdict for
// people, JSON for machines.
#pragma once

#include <cstdio>

#include <nlohmann/json.hpp>

#include "pipeline/feedback_loop.h"

namespace r1tune::cli {

nlohmann::json to_json(const verify::ExtractedAnswer & answer, const std::string & summary);
nlohmann::json to_json(const verify::Verdict & verdict);
nlohmann::json to_json(const pipeline::Check & check);

// "answer: 鸡=23，兔=12 (from boxed)" and then "  ✓ arithmetic: …" per verdict.
void print_check(std::FILE * out, const pipeline::Check & check);

} // namespace r1tune::cli

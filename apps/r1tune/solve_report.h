// How `r1tune solve` shows its result: a JSON document for machines, or text for people.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/generation.h"
#include "engine/sampler.h"

namespace r1tune::cli {

struct SolveReport {
    std::string model_path;
    std::string model_description;
    int threads = 0;
    int context_size = 0;
    engine::SamplerSettings sampler;
    int max_tokens = 0;
    engine::SequenceResult result;
    engine::GenerationStats stats;
};

nlohmann::json to_json(const SolveReport & report);

// A one-line summary for stderr: finish reason, token counts and speed.
std::string summary_line(const SolveReport & report);

} // namespace r1tune::cli

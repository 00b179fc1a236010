#include "solve_report.h"

#include <cstdio>

namespace r1tune::cli {

nlohmann::json to_json(const SolveReport & r) {
    const auto & s = r.sampler;
    return {
        {"answer", r.result.answer},
        {"thinking", r.result.thinking},
        {"thinking_closed", r.result.thinking_closed},
        {"finish_reason", std::string(engine::to_string(r.result.finish))},
        {"tokens", {{"prompt", r.stats.prompt_tokens}, {"generated", r.result.tokens.size()}}},
        {"timings",
         {{"prompt_ms", r.stats.prompt_ms},
          {"decode_ms", r.stats.decode_ms},
          {"decode_tokens_per_second", r.stats.decode_tokens_per_second()}}},
        {"model", {{"path", r.model_path}, {"description", r.model_description}}},
        {"settings",
         {{"threads", r.threads},
          {"context_size", r.context_size},
          {"max_tokens", r.max_tokens},
          {"temperature", s.temperature},
          {"top_k", s.top_k},
          {"top_p", s.top_p},
          {"min_p", s.min_p},
          {"repeat_penalty", s.repeat_penalty},
          {"repeat_last_n", s.repeat_last_n},
          {"presence_penalty", s.presence_penalty},
          {"frequency_penalty", s.frequency_penalty},
          {"seed", s.seed}}},
    };
}

std::string summary_line(const SolveReport & r) {
    char line[256];
    std::snprintf(line, sizeof line, "[%s: %d prompt tokens in %.0f ms, %zu generated at %.1f tokens/s]",
                  std::string(engine::to_string(r.result.finish)).c_str(), r.stats.prompt_tokens, r.stats.prompt_ms,
                  r.result.tokens.size(), r.stats.decode_tokens_per_second());
    return line;
}

} // namespace r1tune::cli

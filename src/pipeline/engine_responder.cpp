#include "pipeline/engine_responder.h"

namespace r1tune::pipeline {

Status EngineResponder::respond(const std::vector<engine::ChatMessage> & conversation, Response & out) {
    std::string prompt_text;
    if (Status s = format_.render(conversation, prompt_text); !s) return s;
    std::vector<engine::Token> prompt;
    if (Status s = model_.tokenize(prompt_text, prompt); !s) return s;

    engine::GenerationOptions options = options_;
    options.starts_in_thinking = format_.opens_thinking();
    for (const auto & stop : format_.turn_stops()) options.stops.push_back(stop);

    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    if (Status s = engine::generate(session_, prompt, {sampler_}, options, on_text_, results, stats); !s) return s;

    const engine::SequenceResult & r = results.front();
    out.thinking = r.thinking;
    out.answer = r.answer;
    out.thinking_closed = r.thinking_closed;
    out.thinking_budget_reached = r.thinking_budget_reached;
    out.thinking_tokens = r.thinking_tokens;
    out.finish_reason = std::string(engine::to_string(r.finish));
    out.prompt_tokens = stats.prompt_tokens;
    out.generated_tokens = static_cast<int>(r.tokens.size());
    out.prompt_ms = stats.prompt_ms;
    out.decode_ms = stats.decode_ms;
    return Status::ok();
}

} // namespace r1tune::pipeline

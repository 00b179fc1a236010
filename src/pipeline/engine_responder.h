// A Responder backed by the real engine: renders the conversation with the model's chat
// format and generates with the profile's strategy: one streamed answer (plain), a
// self-consistency vote (vote:N, vote:N:conf) or beam search with the answer-consistency check
// (beam:N), each in one batch.
#pragma once

#include <string>

#include "strategies/vote.h"
#include "strategies/trace_guard.h"
#include "engine/generation.h"
#include "engine/model.h"
#include "engine/session.h"
#include "feedback/loop.h"
#include "feedback/responder.h"
#include "tools/python_tool.h"
#include "prompt/profiles.h"
#include "text/language.h"

namespace r1tune::pipeline {

struct EngineResponderOptions {
    engine::SamplerSettings sampler;
    engine::GenerationOptions generation;
    prompt::Strategy strategy;  // the session must hold strategy.width sequences
    bool vote_early_stop = true;
    // Loops and (vote:N:conf) confidence filtering for plain answers and votes; beams rank their
    // own continuations and are not guarded.
    strategies::TraceGuardOptions guard;
    // Votes and beams check every finished sample with it, so that a verified answer wins and a
    // refuted one loses (the consistency check); may be null.
    feedback::Checker * checker = nullptr;
    std::string question;       // what answer extraction reads around
    text::Language language = text::Language::kEnglish;
    // Run the model's programs as it reasons (tools/python_tool), plain answers and votes.
    bool python_tool = false;
};

class EngineResponder : public feedback::Responder {
public:
    EngineResponder(const engine::Model & model, const engine::ChatFormat & format, engine::Session & session,
                    EngineResponderOptions options, engine::StreamCallback on_text)
        : model_(model), format_(format), session_(session), options_(std::move(options)), on_text_(std::move(on_text)) {}

    Status respond(const std::vector<engine::ChatMessage> & conversation, feedback::Response & out) override;
    // One sequence, whatever the strategy: the extension continues the answer that was chosen.
    Status extend_thinking(const std::vector<engine::ChatMessage> & conversation, const feedback::Response & previous,
                           const std::string & nudge, feedback::Response & out) override;

private:
    bool holds_special_tokens(const std::string & text) const;
    Status prompt_tokens(const std::vector<engine::ChatMessage> & conversation, const std::string & continuation,
                         std::vector<engine::Token> & out) const;
    engine::GenerationOptions generation_options() const;
    Status single(const std::vector<engine::Token> & prompt, engine::GenerationOptions generation, feedback::Response & out);
    Status vote(const std::vector<engine::Token> & prompt, const engine::GenerationOptions & generation,
                feedback::Response & out);
    Status beam(const std::vector<engine::Token> & prompt, const engine::GenerationOptions & generation, feedback::Response & out);
    strategies::TraceGuardOptions guard_options() const;
    // With python_tool: a tool for one generate call, hooked into `generation` (else nothing).
    std::unique_ptr<tools::PythonTool> attach_tool(engine::GenerationOptions & generation) const;

    const engine::Model & model_;
    const engine::ChatFormat & format_;
    engine::Session & session_;
    EngineResponderOptions options_;
    engine::StreamCallback on_text_;
};

} // namespace r1tune::pipeline

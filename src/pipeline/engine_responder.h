// A Responder backed by the real engine: renders the conversation with the model's chat
// format and generates. With one sample it streams a single answer; with more it runs a
// self-consistency vote in one batch and answers with the winner.
#pragma once

#include <string>

#include "engine/generation.h"
#include "engine/model.h"
#include "engine/session.h"
#include "pipeline/responder.h"
#include "text/language.h"

namespace r1tune::pipeline {

struct EngineResponderOptions {
    engine::SamplerSettings sampler;
    engine::GenerationOptions generation;
    int vote_samples = 1;       // 1 = one answer; k > 1 = vote:k (the session must hold k sequences)
    bool vote_early_stop = true;
    std::string question;       // what the vote's answer extraction reads around
    text::Language language = text::Language::kEnglish;
};

class EngineResponder : public Responder {
public:
    EngineResponder(const engine::Model & model, const engine::ChatFormat & format, engine::Session & session,
                    EngineResponderOptions options, engine::StreamCallback on_text)
        : model_(model), format_(format), session_(session), options_(std::move(options)), on_text_(std::move(on_text)) {}

    Status respond(const std::vector<engine::ChatMessage> & conversation, Response & out) override;

private:
    Status vote(const std::vector<engine::Token> & prompt, const engine::GenerationOptions & generation, Response & out);

    const engine::Model & model_;
    const engine::ChatFormat & format_;
    engine::Session & session_;
    EngineResponderOptions options_;
    engine::StreamCallback on_text_;
};

} // namespace r1tune::pipeline

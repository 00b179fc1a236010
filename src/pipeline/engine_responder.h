// A Responder backed by the real engine: renders the conversation with the model's chat
// format, generates one sequence with fixed sampler settings and streams its text.
#pragma once

#include "engine/generation.h"
#include "engine/model.h"
#include "engine/session.h"
#include "pipeline/responder.h"

namespace r1tune::pipeline {

class EngineResponder : public Responder {
public:
    EngineResponder(const engine::Model & model, const engine::ChatFormat & format, engine::Session & session,
                    engine::SamplerSettings sampler, engine::GenerationOptions options, engine::StreamCallback on_text)
        : model_(model), format_(format), session_(session), sampler_(sampler), options_(std::move(options)),
          on_text_(std::move(on_text)) {}

    Status respond(const std::vector<engine::ChatMessage> & conversation, Response & out) override;

private:
    const engine::Model & model_;
    const engine::ChatFormat & format_;
    engine::Session & session_;
    engine::SamplerSettings sampler_;
    engine::GenerationOptions options_;
    engine::StreamCallback on_text_;
};

} // namespace r1tune::pipeline

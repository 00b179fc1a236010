// A Responder backed by a remote OpenAI-compatible server (`--backend URL`): the conversation
// goes out as chat messages, the server applies its model's chat template, and r1tune's levers
// run on top: a plain answer streams; vote:N and auto:N draw their samples as the request's `n`
// choices (one request per round; a server that refuses `n` gets one request per sample, one
// that refuses logprobs none) and
// are counted and checked exactly as a local vote is (pipeline/strategy_outcome). What needs the
// model's tokens as they are sampled (beam search, the confidence filter, the thinking budget,
// an answer grammar, running programs mid-answer, the loop guard) is not available here;
// Solver::check_remote refuses those levers before anything is sent.
#pragma once

#include <atomic>
#include <string>

#include "engine/generation.h"
#include "feedback/check.h"
#include "feedback/responder.h"
#include "prompt/model_family.h"
#include "prompt/profiles.h"
#include "remote/openai_backend.h"
#include "text/language.h"

namespace r1tune::pipeline {

struct RemoteResponderOptions {
    engine::SamplerSettings sampler;
    int max_tokens = 0;
    std::vector<std::string> stops;
    prompt::Strategy strategy; // plain, vote:N or auto:N
    feedback::Checker * checker = nullptr; // checks each sample of a vote; may be null
    std::string question;                  // what answer extraction reads around
    text::Language language = text::Language::kEnglish;
    const std::atomic<bool> * cancel = nullptr; // set: the request in flight ends
};

// The family of the backend's model, from its chat template where the server shows it (the
// DeepSeek turn tags make an R1 distill); a server that shows none serves a chat model.
prompt::ModelFamily family_of(const remote::OpenAiBackend & backend);

class RemoteResponder : public feedback::Responder {
public:
    RemoteResponder(const remote::OpenAiBackend & backend, RemoteResponderOptions options, engine::StreamCallback on_text)
        : backend_(backend), options_(std::move(options)), on_text_(std::move(on_text)) {}

    Status respond(const std::vector<engine::ChatMessage> & conversation, feedback::Response & out) override;

private:
    Status single(const std::vector<engine::ChatMessage> & conversation, feedback::Response & out);
    Status vote(const std::vector<engine::ChatMessage> & conversation, feedback::Response & out);
    // Draws `samples` more choices (seeds after the `drawn` ones before them) into `out`.
    Status draw(const std::vector<engine::ChatMessage> & conversation, int samples, int drawn,
                std::vector<engine::SequenceResult> & out, engine::GenerationStats & stats);
    remote::CompletionRequest request_for(const std::vector<engine::ChatMessage> & conversation) const;

    const remote::OpenAiBackend & backend_;
    RemoteResponderOptions options_;
    engine::StreamCallback on_text_;
};

} // namespace r1tune::pipeline

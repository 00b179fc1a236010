// The tiny deterministic fixture model (qwen2, 2 layers, random weights, the real Qwen2
// tokenizer with the R1-distill special tokens and chat template), loaded once per test binary.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/model.h"
#include "engine/session.h"

namespace r1tune::fixture {

inline engine::Model & tiny_model() {
    static std::unique_ptr<engine::Model> model = [] {
        std::unique_ptr<engine::Model> m;
        const Status s = engine::Model::load({R1TUNE_TINY_FIXTURE}, m);
        if (!s) ADD_FAILURE() << s.message();
        return m;
    }();
    return *model;
}

inline std::unique_ptr<engine::Session> tiny_session(int n_sequences = 1, int n_ctx = 1024) {
    engine::ContextOptions options;
    options.n_ctx = n_ctx;
    options.n_sequences = n_sequences;
    options.n_threads = 2;
    std::unique_ptr<engine::Session> session;
    const Status s = engine::Session::create(tiny_model(), options, session);
    EXPECT_TRUE(s) << s.message();
    return session;
}

inline std::vector<engine::Token> tokens_of(const std::string & text) {
    std::vector<engine::Token> tokens;
    EXPECT_TRUE(tiny_model().tokenize(text, tokens));
    return tokens;
}

} // namespace r1tune::fixture

#include "bench/engine_measurement.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <span>

#include "engine/model.h"
#include "engine/sampler.h"
#include "engine/session.h"

namespace r1tune::bench {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point start, Clock::time_point end) {
    return std::chrono::duration<double>(end - start).count();
}

// Token ids drawn uniformly from the vocabulary, as llama.cpp's tools draw theirs: which tokens
// they are does not change what a step costs. Seeded, so every round feeds the same ones.
std::vector<engine::Token> random_tokens(const engine::Model & model, int count) {
    std::mt19937 generator(42);
    std::uniform_int_distribution<engine::Token> pick(0, model.vocab_size() - 1);
    std::vector<engine::Token> tokens(static_cast<std::size_t>(count));
    for (auto & token : tokens) token = pick(generator);
    return tokens;
}

engine::SamplerSettings greedy() {
    engine::SamplerSettings settings;
    settings.temperature = 0;
    return settings;
}

Status open_session(const engine::Model & model, int threads, const std::vector<int> & cpus, int context,
                    int sequences, int batch_size, std::unique_ptr<engine::Session> & out) {
    engine::ContextOptions options;
    options.n_ctx = context;
    options.n_batch = batch_size;
    options.n_threads = threads;
    options.n_sequences = sequences;
    options.cpus = cpus;
    return engine::Session::create(model, options, out);
}

// llama-bench's pp: the prompt on an empty cache, after one untimed evaluation of it.
Status measure_prompt(engine::Session & session, const SingleRequest & request, SingleMeasurement & out) {
    const engine::Model & model = session.model();
    const std::vector<engine::Token> prompt = random_tokens(model, request.prompt_tokens);
    if (Status s = session.decode_prompt(prompt, 0); !s) return s;
    session.logits(-1); // waits for the computation, as llama-bench's llama_synchronize does
    session.clear();

    engine::Sampler sampler(model, greedy());
    const auto start = Clock::now();
    if (Status s = session.decode_prompt(prompt, 0); !s) return s;
    session.logits(-1);
    const auto evaluated = Clock::now();
    sampler.sample(session.logits(-1));
    const auto first_token = Clock::now();
    out.prompt_tokens_per_second = request.prompt_tokens / seconds_between(start, evaluated);
    out.first_token_ms = seconds_between(start, first_token) * 1000.0;
    return Status::ok();
}

// llama-bench's tg: N single-token decodes from position 0 of an empty cache, after an untimed
// one-token warm-up; each next token is the sampler's draw from the previous step's logits.
Status measure_decode(engine::Session & session, const SingleRequest & request, SingleMeasurement & out) {
    const engine::Model & model = session.model();
    session.clear();
    engine::Token token = random_tokens(model, 1).front();
    const engine::BatchToken warm_up{token, 0, 0};
    if (Status s = session.decode_step(std::span(&warm_up, 1)); !s) return s;
    session.logits(0);
    session.clear();

    engine::Sampler sampler(model, greedy());
    const auto start = Clock::now();
    for (int position = 0; position < request.decode_tokens; ++position) {
        const engine::BatchToken step{token, 0, position};
        if (Status s = session.decode_step(std::span(&step, 1)); !s) return s;
        token = sampler.sample(session.logits(0));
    }
    out.decode_tokens_per_second = request.decode_tokens / seconds_between(start, Clock::now());
    return Status::ok();
}

} // namespace

Status measure_engine_single(const engine::Model & model, const SingleRequest & request, SingleMeasurement & out) {
    // One context for both tests, where llama-bench makes one per test and frees it before the
    // next: its peak holds the larger of the two, as this one does. One context also keeps one
    // thread pool, whose threads a pinned session leaves pinned (see ContextOptions::cpus).
    std::unique_ptr<engine::Session> session;
    const int context = round_up_context(std::max(request.prompt_tokens, request.decode_tokens));
    if (Status s = open_session(model, request.threads, request.cpus, context, 1, request.batch_size, session); !s) {
        return s;
    }
    if (Status s = measure_prompt(*session, request, out); !s) return s;
    return measure_decode(*session, request, out);
}

Status measure_engine_batched(const engine::Model & model, const BatchedRequest & request,
                              std::vector<BatchedPoint> & out) {
    const int most = *std::max_element(request.sequence_counts.begin(), request.sequence_counts.end());
    std::unique_ptr<engine::Session> session;
    if (Status s = open_session(model, request.threads, {}, request.context_size(), most, request.batch_size, session);
        !s) {
        return s;
    }
    // llama-batched-bench warms up on 16 tokens once, before all counts.
    if (Status s = session->decode_prompt(random_tokens(model, 16), 0); !s) return s;
    session->logits(-1);

    const std::vector<engine::Token> prompt = random_tokens(model, request.prompt_tokens);
    out.clear();
    for (const int sequences : request.sequence_counts) {
        session->clear();
        if (Status s = session->decode_prompt(prompt, 0); !s) return s;
        std::vector<std::unique_ptr<engine::Sampler>> samplers;
        std::vector<engine::Token> next(static_cast<std::size_t>(sequences));
        for (int i = 0; i < sequences; ++i) {
            if (i > 0) session->fork(0, i);
            samplers.push_back(std::make_unique<engine::Sampler>(model, greedy()));
            next[i] = samplers[i]->sample(session->logits(-1));
        }
        std::vector<engine::BatchToken> step(static_cast<std::size_t>(sequences));
        const auto start = Clock::now();
        for (int k = 0; k < request.decode_tokens; ++k) {
            for (int i = 0; i < sequences; ++i) step[i] = {next[i], i, request.prompt_tokens + k};
            if (Status s = session->decode_step(step); !s) return s;
            for (int i = 0; i < sequences; ++i) next[i] = samplers[i]->sample(session->logits(i));
        }
        const double seconds = seconds_between(start, Clock::now());
        out.push_back({sequences, static_cast<double>(sequences) * request.decode_tokens / seconds});
    }
    return Status::ok();
}

} // namespace r1tune::bench

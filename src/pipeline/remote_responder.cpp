#include "pipeline/remote_responder.h"

#include <algorithm>
#include <chrono>

#include "pipeline/strategy_outcome.h"
#include "strategies/vote.h"

namespace r1tune::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

engine::SequenceResult sequence_of(const remote::Choice & choice) {
    engine::SequenceResult r;
    r.thinking = choice.thinking;
    r.answer = choice.answer;
    r.thinking_closed = choice.thinking_closed;
    r.sum_logprob = choice.sum_logprob;
    r.logprob_count = choice.logprob_count;
    r.finish = remote::finish_reason_of(choice.finish_reason);
    return r;
}

// The server's usage, where it gave one; a request's wall time is its decode time.
void add(const remote::Completion & c, double ms, engine::GenerationStats & stats) {
    stats.prompt_tokens += static_cast<int>(std::max(0LL, c.prompt_tokens));
    stats.decoded_tokens += static_cast<int>(std::max(0LL, c.completion_tokens));
    stats.decode_ms += ms;
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

} // namespace

prompt::ModelFamily family_of(const remote::OpenAiBackend & backend) {
    return backend.chat_template().find("｜Assistant｜") != std::string::npos
               ? prompt::ModelFamily::kDeepSeekR1
               : prompt::ModelFamily::kChat;
}

remote::CompletionRequest RemoteResponder::request_for(const std::vector<engine::ChatMessage> & conversation) const {
    remote::CompletionRequest r;
    r.messages = conversation;
    r.sampler = options_.sampler;
    r.max_tokens = options_.max_tokens;
    r.stops = options_.stops;
    return r;
}

Status RemoteResponder::respond(const std::vector<engine::ChatMessage> & conversation, feedback::Response & out) {
    switch (options_.strategy.kind) {
        case prompt::Strategy::Kind::kVote: return vote(conversation, out);
        case prompt::Strategy::Kind::kBeam: return Status::usage("beam search needs the model's tokens as they are sampled; a remote backend cannot run it");
        case prompt::Strategy::Kind::kPlain: break;
    }
    return single(conversation, out);
}

Status RemoteResponder::single(const std::vector<engine::ChatMessage> & conversation, feedback::Response & out) {
    remote::CompletionRequest request = request_for(conversation);
    remote::Completion completion;
    remote::OpenAiBackend::DeltaCallback on_delta;
    if (on_text_) {
        on_delta = [this](const remote::CompletionStream::Delta & d) {
            if (d.choice == 0) on_text_({0, d.span.channel, d.span.text});
        };
    }
    const auto start = Clock::now();
    if (Status s = backend_.complete(request, completion, on_delta, options_.cancel); !s) return s;
    if (completion.choices.empty()) return Status::io(backend_.url() + " answered without a choice");
    engine::GenerationStats stats;
    add(completion, ms_since(start), stats);
    fill_response(sequence_of(completion.choices.front()), stats, out);
    out.generated_tokens = stats.decoded_tokens;
    return Status::ok();
}

Status RemoteResponder::draw(const std::vector<engine::ChatMessage> & conversation, int samples, int drawn,
                             std::vector<engine::SequenceResult> & out, engine::GenerationStats & stats) {
    remote::CompletionRequest request = request_for(conversation);
    // Sample i of the vote has seed + i, as a local vote's; llama-server gives the k-th choice of
    // one request its seed + k too.
    int next = drawn;
    while (next < drawn + samples) {
        request.n = ask_n_ ? drawn + samples - next : 1;
        request.logprobs = ask_logprobs_; // the tie-break between groups of equal size
        request.sampler.seed = options_.sampler.seed + static_cast<std::uint32_t>(next);
        remote::Completion completion;
        const auto start = Clock::now();
        const Status s = backend_.complete(request, completion, {}, options_.cancel);
        // Servers differ in what they take: without log-probabilities the tie-break is the
        // count's order, and without `n` (or past a cap on it, such as llama-server's slots) each
        // sample is a request of its own.
        if (!s && s.kind() == ErrorKind::kInput && (ask_logprobs_ || (ask_n_ && request.n > 1))) {
            if (ask_logprobs_) {
                ask_logprobs_ = false;
            } else {
                ask_n_ = false;
            }
            continue;
        }
        if (!s) return s;
        if (completion.choices.empty()) return Status::io(backend_.url() + " answered without a choice");
        add(completion, ms_since(start), stats);
        for (const remote::Choice & choice : completion.choices) {
            if (next == drawn + samples) break;
            out.push_back(sequence_of(choice));
            ++next;
        }
    }
    return Status::ok();
}

Status RemoteResponder::vote(const std::vector<engine::ChatMessage> & conversation, feedback::Response & out) {
    const prompt::Strategy & strategy = options_.strategy;
    std::function<verify::Outcome(const engine::SequenceResult &)> verify;
    if (options_.checker != nullptr) verify = [this](const engine::SequenceResult & r) { return verdict_of(*options_.checker, r); };
    strategies::VoteRun run;
    engine::GenerationStats stats;
    // auto:N as locally: two samples first, the rest only when those two do not settle it.
    const int first_round = strategy.adaptive ? std::min(2, strategy.width) : strategy.width;
    if (Status s = draw(conversation, first_round, 0, run.samples, stats); !s) return s;
    strategies::count_vote(run, options_.question, verify);
    if (first_round < strategy.width && !vote_settled(run)) {
        if (Status s = draw(conversation, strategy.width - first_round, first_round, run.samples, stats); !s) return s;
        strategies::count_vote(run, options_.question, verify);
    }
    fill_vote(run, stats, options_.checker, options_.language, out);
    // The sequences hold no tokens: the server's usage is the vote's cost, and a sample's
    // length is the count of its log-probabilities where the server gave them.
    out.generated_tokens = stats.decoded_tokens;
    for (std::size_t i = 0; i < run.samples.size(); ++i) out.strategy->candidates[i].tokens = run.samples[i].logprob_count;
    return Status::ok();
}

} // namespace r1tune::pipeline

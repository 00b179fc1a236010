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

// The server's usage, where it gave one (bounded: a server's numbers are not trusted to fit); a
// request's wall time is its decode time. With n choices, llama-server's streamed usage counts
// one choice's tokens: the choices' own counts (their log-probabilities) are used when larger.
void add(const remote::Completion & c, double ms, engine::GenerationStats & stats) {
    constexpr long long kMost = 1LL << 24;
    long long counted = 0;
    for (const remote::Choice & choice : c.choices) counted += choice.logprob_count;
    stats.prompt_tokens += static_cast<int>(std::clamp(c.prompt_tokens, 0LL, kMost));
    stats.decoded_tokens += static_cast<int>(std::clamp(std::max(c.completion_tokens, counted), 0LL, kMost));
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
    // Beam search never comes here: Solver::check_remote refuses it.
    return options_.strategy.kind == prompt::Strategy::Kind::kVote ? vote(conversation, out) : single(conversation, out);
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
        const int wanted = drawn + samples - next;
        request.sampler.seed = options_.sampler.seed + static_cast<std::uint32_t>(next);
        // Servers differ in what they take. A refusal (4xx) is met by asking again without
        // logprobs (ties then go to the count's order), then without n (one sample a request:
        // llama-server caps n at its slots), then without both; what it took is remembered.
        const bool n_ok = backend_.takes_n() && wanted > 1;
        const bool logprobs_ok = backend_.takes_logprobs();
        std::vector<std::pair<bool, bool>> tries = {{n_ok, logprobs_ok}};
        if (logprobs_ok) tries.emplace_back(n_ok, false);
        if (n_ok) {
            tries.emplace_back(false, logprobs_ok);
            if (logprobs_ok) tries.emplace_back(false, false);
        }
        remote::Completion completion;
        Status s;
        std::size_t t = 0;
        double ms = 0;
        for (; t < tries.size(); ++t) {
            request.n = tries[t].first ? wanted : 1;
            request.logprobs = tries[t].second;
            const auto start = Clock::now();
            s = backend_.complete(request, completion, {}, options_.cancel);
            ms = ms_since(start);
            if (s || s.kind() != ErrorKind::kInput) break;
        }
        if (!s) return s;
        if (!tries[t].first && n_ok) backend_.refuse_n();
        if (!tries[t].second && logprobs_ok) backend_.refuse_logprobs();
        if (completion.choices.empty()) return Status::io(backend_.url() + " answered without a choice");
        add(completion, ms, stats);
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

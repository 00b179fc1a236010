#include "strategies/trace_guard.h"

#include <algorithm>
#include <cmath>

namespace r1tune::strategies {

Status parse_loop_action(std::string_view text, LoopAction & out) {
    if (text == "off") out = LoopAction::kOff;
    else if (text == "wrap") out = LoopAction::kWrapUp;
    else if (text == "restart") out = LoopAction::kRestart;
    else return Status::usage("loops must be \"wrap\", \"restart\" or \"off\", not \"" + std::string(text) + "\"");
    return Status::ok();
}

std::string_view to_string(LoopAction action) {
    switch (action) {
        case LoopAction::kOff: return "off";
        case LoopAction::kWrapUp: return "wrap";
        case LoopAction::kRestart: return "restart";
    }
    return "off";
}

std::string loop_wrap_up(text::Language language) {
    return language == text::Language::kChinese ? "\n\n我在重复同样的推导。停下来，根据已经算出的结果写出最终答案。"
                                                : "\n\nI am repeating the same steps. I will stop here and give the final "
                                                  "answer from what I have worked out.";
}

TraceGuard::TraceGuard(const TraceGuardOptions & options, int sequences) : options_(options) {
    options_.warmup = std::max(1, options_.warmup);
    for (int i = 0; i < sequences; ++i) {
        watches_.push_back(std::make_unique<Watch>(
            Watch{LoopDetector(options_.loop_detector), TraceConfidence(options_.confidence_window)}));
    }
}

void TraceGuard::attach(engine::GenerationOptions & generation, text::Language language) {
    // Nothing to watch: no hook, so no wrap-up tokens are prepared either.
    if (options_.loops == LoopAction::kOff && !options_.confidence_filter) return;
    generation.wrap_up = loop_wrap_up(language);
    generation.on_token = [this, earlier = std::move(generation.on_token)](int i, const engine::TokenEvent & e) {
        if (earlier) {
            const engine::SequenceAction action = earlier(i, e);
            if (action != engine::SequenceAction::kContinue) return action;
        }
        return on_token(i, e);
    };
    auto earlier = std::move(generation.on_sequence_end);
    generation.on_sequence_end = [this, earlier](int i, const engine::SequenceResult & r) {
        on_sequence_end(i, r);
        return earlier ? earlier(i, r) : false;
    };
}

engine::SequenceAction TraceGuard::on_token(int i, const engine::TokenEvent & e) {
    Watch & w = *watches_[i];
    if (options_.confidence_filter) {
        w.confidence.add(token_confidence(e.logits, e.vocab_size, options_.confidence_top_k));
        if (threshold_ && w.confidence.window_full() && w.confidence.window_mean() < *threshold_) {
            w.abandoned_at = static_cast<int>(e.result.tokens.size());
            return engine::SequenceAction::kAbandon;
        }
    }
    if (options_.loops == LoopAction::kOff || !w.loops.feed(e.token)) return engine::SequenceAction::kContinue;

    const bool thinking = e.channel == text::Channel::kThinking;
    loop_tokens_ += w.loops.repeated_span(); // what the repetition cost before it was caught
    if (options_.loops == LoopAction::kRestart && w.restarts < options_.max_restarts) {
        ++w.restarts;
        ++restarted_;
        w.loops.reset();
        w.confidence.reset();
        return engine::SequenceAction::kRestart;
    }
    w.loops.reset(); // what follows the wrap-up is new material
    if (!thinking) return engine::SequenceAction::kContinue;
    ++wrapped_up_;
    return engine::SequenceAction::kCloseThinking;
}

void TraceGuard::on_sequence_end(int i, const engine::SequenceResult & result) {
    const Watch & w = *watches_[i];
    if (result.finish == engine::FinishReason::kAbandoned) return;
    finished_lengths_.push_back(static_cast<int>(result.tokens.size()));
    if (!options_.confidence_filter || threshold_) return;
    const double confidence = w.confidence.trace_confidence();
    if (std::isnan(confidence)) return; // it ended before its first token was watched
    warmup_.push_back(confidence);
    if (static_cast<int>(warmup_.size()) < options_.warmup) return;
    double threshold = 0;
    if (confidence_threshold(warmup_, options_.keep_percent, threshold)) threshold_ = threshold;
}

GuardCounts TraceGuard::counts() const {
    GuardCounts c;
    c.loops_wrapped_up = wrapped_up_;
    c.loops_restarted = restarted_;
    c.loop_tokens = loop_tokens_;
    int mean_length = 0;
    if (!finished_lengths_.empty()) {
        long sum = 0;
        for (int n : finished_lengths_) sum += n;
        mean_length = static_cast<int>(sum / static_cast<long>(finished_lengths_.size()));
    }
    for (const auto & w : watches_) {
        if (w->abandoned_at < 0) continue;
        ++c.abandoned;
        c.tokens_saved_estimate += std::max(0, mean_length - w->abandoned_at);
    }
    return c;
}

} // namespace r1tune::strategies

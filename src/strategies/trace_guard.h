// The trace guard watches every token of every running sequence and steps in when a trace goes
// wrong in a way the model will not fix by itself:
//
// - a loop (LoopDetector): inside the thinking, r1tune writes a short wrap-up and closes the
//   block, so the model answers with what it has; or it restarts the sequence on a new seed
//   (once; a second loop is wrapped up). A loop in the answer is only acted on by restarting.
// - low confidence (vote:N:conf, after DeepConf-online): once the first samples of a vote have
//   finished, their trace confidences set a threshold; a sample whose group confidence falls
//   below it is abandoned and abstains. In one batch the first finishers are the warm-up, so the
//   long, unsure stragglers are the ones cut: that is where the tokens are.
//
// It plugs into engine::GenerationOptions (on_token, on_sequence_end) and counts what it did.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "strategies/loop_detector.h"
#include "strategies/confidence_filter.h"
#include "engine/generation.h"
#include "text/language.h"

namespace r1tune::strategies {

enum class LoopAction { kOff, kWrapUp, kRestart };
// "off", "wrap", "restart"; anything else is a usage error.
Status parse_loop_action(std::string_view text, LoopAction & out);
std::string_view to_string(LoopAction action);

struct TraceGuardOptions {
    LoopAction loops = LoopAction::kWrapUp;
    LoopDetectorOptions loop_detector;
    int max_restarts = 1; // per sequence; a loop after that is wrapped up

    bool confidence_filter = false;
    // DeepConf used 2048-token groups on traces of 10k–30k tokens; r1tune's traces are 1k–4k, so
    // the group shrinks with them (about an eighth of a trace).
    int confidence_window = 256;
    int confidence_top_k = kDeepConfTopK;
    // Keep the top 90 % (DeepConf-high): with two or three warm-up traces, the threshold sits at
    // about the least confident of them; keeping 10 % would abandon nearly every sample.
    double keep_percent = 90.0;
    int warmup = 1; // finished samples before the threshold exists (at least 1)
};

// The sentence written before </think> when a loop is wrapped up, in the question's language.
std::string loop_wrap_up(text::Language language);

struct GuardCounts {
    int loops_wrapped_up = 0;
    int loops_restarted = 0;
    int loop_tokens = 0;           // tokens the caught loops had repeated
    int abandoned = 0;             // low confidence
    int tokens_saved_estimate = 0; // by abandoning: the finished samples' mean length minus what ran
};

class TraceGuard {
public:
    TraceGuard(const TraceGuardOptions & options, int sequences);
    // attach() hands out callbacks that point at this guard.
    TraceGuard(const TraceGuard &) = delete;
    TraceGuard & operator=(const TraceGuard &) = delete;

    // Wires the guard into `generation` (hooks already there are asked first) and sets its
    // wrap-up text; with loops off and no confidence filter it adds nothing. The guard must
    // outlive the generation.
    void attach(engine::GenerationOptions & generation, text::Language language);

    engine::SequenceAction on_token(int sequence, const engine::TokenEvent & event);
    void on_sequence_end(int sequence, const engine::SequenceResult & result);

    // Tallies the finished run; call once after generation.
    GuardCounts counts() const;
    // The threshold vote:N:conf settled on, if the warm-up finished.
    std::optional<double> threshold() const { return threshold_; }

private:
    struct Watch {
        LoopDetector loops;
        TraceConfidence confidence;
        int restarts = 0;
        int abandoned_at = -1; // tokens when abandoned for low confidence
    };

    TraceGuardOptions options_;
    std::vector<std::unique_ptr<Watch>> watches_;
    std::vector<double> warmup_;  // trace confidences of the samples finished first
    std::vector<int> finished_lengths_;
    std::optional<double> threshold_;
    int wrapped_up_ = 0;
    int loop_tokens_ = 0;
    int restarted_ = 0;
};

} // namespace r1tune::strategies

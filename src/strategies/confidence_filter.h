// Trace confidence after DeepConf (Fu et al., 2025, "Deep Think with Confidence"): how sure the
// model was while writing a reasoning trace, from its own next-token distributions. A trace whose
// confidence sags somewhere is, on average, a worse trace; DeepConf filters votes by it (offline)
// and stops a trace once it sags below a threshold learnt from a few warm-up traces (online).
//
// - Token confidence C_t = −(1/k) Σ_{j=1..k} log P_t(j) over the k likeliest tokens at step t.
//   Higher means surer. It is not monotone in "peakedness" near the uniform distribution:
//   uniform gives log n_vocab; a mild peak gives less (the top token gains more log-probability
//   than the other k − 1 lose); a sharp peak gives more (the other k − 1 become very unlikely).
//   Its floor is log k: the mass split evenly among exactly k tokens, the model torn k ways.
//   Real next-token distributions sit far from uniform, on the side where sharper means higher.
// - Group confidence: the mean C_t over a sliding window of the last w tokens.
// - A trace's confidence: its lowest group confidence; one confused stretch marks the trace
//   even when the rest of it was fluent, which a whole-trace mean would hide.
#pragma once

#include <optional>
#include <vector>

#include "util/status.h"

namespace r1tune::strategies {

// The settings of DeepConf's released code: the top 20 log-probabilities per token, groups of
// 2048 tokens, and (online) the threshold at the 90th percentile of the warm-up traces, i.e.
// keep the top 10 %.
inline constexpr int kDeepConfTopK = 20;
inline constexpr int kDeepConfWindow = 2048;
inline constexpr double kDeepConfKeepPercent = 10.0;

// C_t = −mean log-probability of the k likeliest tokens (strategies/top_tokens.h); ≥ log k. Runs
// once per token per sequence over the whole vocabulary (151,936 for Qwen2), so it allocates
// nothing of vocabulary size.
double token_confidence(const float * logits, int n_vocab, int k = kDeepConfTopK);

// The running group confidence of one trace, O(1) per token.
class TraceConfidence {
public:
    // window ≥ 1 (smaller values are raised to 1).
    explicit TraceConfidence(int window = kDeepConfWindow);

    // Adds the next token's confidence. +∞ (a top-k that held impossible tokens) counts as "sure"
    // and makes the windows it is in +∞; NaN and −∞ are not confidences and are ignored.
    void add(double token_confidence);
    void reset();

    int window() const { return window_; }
    int tokens() const { return tokens_; }
    bool window_full() const { return tokens_ >= window_; }
    // The mean over the last min(tokens, window) tokens; NaN before the first token.
    double window_mean() const;
    // The lowest window_mean() over full windows; none until the window has filled once, because
    // a mean over a handful of tokens is too noisy to stop a trace on.
    std::optional<double> lowest() const { return lowest_; }
    // The trace's confidence for voting or warm-up: lowest() once the window has filled, else the
    // mean over the whole (short) trace, as DeepConf's code scores traces shorter than a window.
    // NaN before the first token.
    double trace_confidence() const { return lowest_ ? *lowest_ : window_mean(); }

private:
    int window_;
    std::vector<double> ring_; // the last `window_` confidences
    int next_ = 0;             // ring_ slot the next confidence goes to
    int tokens_ = 0;
    double sum_ = 0;           // of the finite values in ring_
    int infinite_ = 0;         // +∞ values in ring_ (kept out of sum_, where ∞ − ∞ would be NaN)
    std::optional<double> lowest_;
};

// DeepConf-online's stopping threshold: from the warm-up traces' trace confidences, keep the top
// `keep_percent` %: the threshold is the (100 − keep_percent)-th percentile, linearly interpolated
// between the sorted values (numpy's default, which DeepConf's code uses). keep_percent 100 gives
// the minimum, 10 the 90th percentile. A trace whose group confidence falls below the threshold
// is stopped. Errors: keep_percent outside (0, 100] (usage), no warm-up traces or a NaN among
// them (input).
Status confidence_threshold(std::vector<double> warmup, double keep_percent, double & threshold);

} // namespace r1tune::strategies

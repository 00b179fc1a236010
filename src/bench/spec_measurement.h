// Speculative decoding measured on r1tune's side: GSM8K training questions through the model's
// chat template, each answered greedily for up to `decode_tokens` tokens, the way a user's plain
// question is decoded, without or with the n-gram proposals of `--spec ngram`. Real reasoning
// text is what the proposals feed on (a model restates the question's numbers and its own
// steps), so random tokens would measure nothing. The worker prints the prompts it used as token
// ids, so that llama-server is given the very same ones (spec_section.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace r1tune::bench {

// Room for the longest question's prompt and a step's proposals in the context, beside the
// answer's tokens; both sides get a context of decode_tokens + this.
constexpr int kSpecPromptRoom = 512;

struct SpecRequest {
    std::string model_path;
    int threads = 1;
    int decode_tokens = 256;
    int spec_tokens = 0; // proposals per step; 0: plain decoding
    bool prompts_only = false; // only the prompts, for llama-server when it goes first
};

struct SpecMeasurement {
    std::vector<std::vector<int>> prompts; // one per question, as token ids
    std::vector<std::string> texts;        // what each answer said (greedy: compared across settings)
    int decoded = 0;                       // tokens generated over all questions
    double decode_ms = 0;                  // their decode steps, the sampling included
    int proposed = 0;
    int accepted = 0;
    double tokens_per_second() const { return decode_ms > 0 ? decoded * 1000.0 / decode_ms : 0; }
};

// The questions: the first three of GSM8K's training split and a Chinese chicken-and-rabbit problem.
const std::vector<std::string> & spec_questions();

// In the worker: loads the model, answers every question (or only renders their prompts); `line`
// is what to print.
Status run_spec_worker(const SpecRequest & request, std::string & line);

// In the parent: the worker's command line, and its line read back.
std::vector<std::string> spec_worker_command(const std::string & r1tune, const SpecRequest & request);
Status parse_spec_worker_line(std::string_view line, SpecMeasurement & out);

} // namespace r1tune::bench

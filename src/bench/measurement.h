// What one measurement asks for and what it gives, the same for r1tune's engine and for
// llama.cpp's tools, so that the two sides of every comparison are run with identical settings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace r1tune::bench {

// One sequence, as llama-bench measures it: a prompt of `prompt_tokens` on an empty cache
// (llama-bench's pp), then `decode_tokens` decoded one at a time from an empty cache (its tg).
struct SingleRequest {
    std::string model_path;
    int threads = 1;
    std::vector<int> cpus; // logical CPUs the threads are pinned to, one each; empty = not pinned
    int prompt_tokens = 512;
    int decode_tokens = 128;
    int batch_size = 512;  // prompt tokens per decode call (r1tune's default), also llama.cpp's -b and -ub
};

struct SingleMeasurement {
    double prompt_tokens_per_second = 0;
    double decode_tokens_per_second = 0;
    double first_token_ms = 0; // from having the prompt's tokens to the first sampled token
    std::uint64_t peak_rss_bytes = 0; // of the process that measured, model and all
    std::string model_description;    // e.g. "qwen2 1.5B Q4_K - Medium"
};

// Several sequences sharing one prompt, as llama-batched-bench measures them with -pps: the
// prompt is evaluated once, forked, and every step decodes one token of each sequence.
struct BatchedRequest {
    std::string model_path;
    int threads = 1;
    int prompt_tokens = 512;
    int decode_tokens = 128; // per sequence
    int batch_size = 512;
    std::vector<int> sequence_counts{1, 2, 4, 8};

    // KV cells for the shared prompt plus every sequence's own tokens at the largest count,
    // rounded up to llama.cpp's 256-cell granularity; both sides get this context.
    int context_size() const;
};

struct BatchedPoint {
    int sequences = 0;
    double decode_tokens_per_second = 0; // all sequences' tokens together: llama-batched-bench's S_TG
};

// llama.cpp allocates KV cells in multiples of 256, and r1tune refuses smaller contexts.
int round_up_context(int tokens);

// "1,2,4,8": sequence counts as both r1tune's --batch and llama-batched-bench's -npl take them.
std::string comma_list(const std::vector<int> & numbers);

} // namespace r1tune::bench

// The model half of a fixture: Qwen2 hyper-parameters and the random weights, streamed into a
// GGUF file in the layout llama.cpp's qwen2 loader expects.
#pragma once

#include <cstdint>
#include <filesystem>

#include "ggml.h"

struct gguf_context;

namespace r1tune::fixture {

// The hyper-parameters llama.cpp reads for LLM_ARCH_QWEN2 (head dim = n_embd / n_head).
struct ModelShape {
    const char * name; // written to general.name
    uint32_t n_layer;
    uint32_t n_embd;
    uint32_t n_head;
    uint32_t n_head_kv;
    uint32_t n_ff;
    uint32_t n_vocab;
    uint32_t n_ctx_train;
    float rope_freq_base;
    float rms_norm_eps;
};

// Small enough that a test loads it and decodes in milliseconds; the trained context is large
// so that the 8k contexts r1tune uses stay within it, as they do with the real model.
inline constexpr ModelShape kTinyShape{
    "r1tune fixture tiny", 2, 64, 4, 2, 128, 151936, 32768, 10000.0f, 1e-6f};

// Exactly DeepSeek-R1-Distill-Qwen-1.5B, so benchmarks on it measure the real model's cost.
inline constexpr ModelShape kR1Distill1_5BShape{
    "r1tune fixture r1-1.5b shape", 28, 1536, 12, 2, 8960, 151936, 131072, 10000.0f, 1e-6f};

// Sets general.architecture, general.name, general.file_type and the qwen2.* hyper-parameters.
void add_qwen2_metadata(gguf_context * gguf, const ModelShape & shape, uint32_t llama_ftype);

// Adds every qwen2 tensor to `gguf` and writes the complete file to `path`: the metadata, then
// each tensor's data as it is generated, so memory stays at one small chunk however large the
// model. Matrices are stored as `matrix_type` (F32 or F16); norms and biases always as F32,
// as llama.cpp's converter does. Weights come from `seed` alone: the same seed gives the same
// bytes. Throws std::runtime_error when the file cannot be written.
void write_random_qwen2(const std::filesystem::path & path, gguf_context * gguf,
                        const ModelShape & shape, ggml_type matrix_type, uint64_t seed);

} // namespace r1tune::fixture

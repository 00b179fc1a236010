// The tokenizer half of a fixture: the real Qwen2 BPE vocabulary, turned into the
// DeepSeek-R1-Distill-Qwen tokenizer so the fixture tokenizes prompts exactly as the real model.
#pragma once

#include <cstdint>
#include <string>

struct gguf_context;

namespace r1tune::fixture {

// Copies every tokenizer.* key of `vocab` (a vocab-only GGUF such as llama.cpp's
// models/ggml-vocab-qwen2.gguf) into `out`, pads the token list to `n_vocab`, writes the
// R1-distill special tokens over their ids, and sets the R1-distill BOS/EOS, pre-tokenizer and
// `chat_template` (none when it is empty). Throws std::runtime_error when `vocab` is not a
// Qwen2 BPE vocabulary that fits in `n_vocab`.
void add_r1_distill_tokenizer(gguf_context * out, const gguf_context * vocab, uint32_t n_vocab,
                              const std::string & chat_template);

} // namespace r1tune::fixture

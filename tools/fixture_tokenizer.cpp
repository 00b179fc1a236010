#include "fixture_tokenizer.h"

#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ggml-cpp.h"
#include "gguf.h"
#include "llama.h"

namespace r1tune::fixture {

namespace {

// Qwen2's byte-level BPE has 151643 regular tokens; the added tokens start right after them.
constexpr uint32_t kFirstAddedId = 151643;

struct SpecialToken {
    uint32_t id;
    const char * text; // full-width bars U+FF5C and U+2581 where DeepSeek uses them
    int32_t type;
};

// The added tokens of DeepSeek-R1-Distill-Qwen's tokenizer.json, with the types llama.cpp's
// converter gives them. <think> and </think> are USER_DEFINED, so they are matched in text
// even when special-token parsing is off, as in the real GGUFs.
constexpr SpecialToken kR1DistillTokens[] = {
    {151643, "<｜end▁of▁sentence｜>", LLAMA_TOKEN_TYPE_CONTROL},
    {151644, "<｜User｜>", LLAMA_TOKEN_TYPE_CONTROL},
    {151645, "<｜Assistant｜>", LLAMA_TOKEN_TYPE_CONTROL},
    {151646, "<｜begin▁of▁sentence｜>", LLAMA_TOKEN_TYPE_CONTROL},
    {151647, "<|EOT|>", LLAMA_TOKEN_TYPE_CONTROL},
    {151648, "<think>", LLAMA_TOKEN_TYPE_USER_DEFINED},
    {151649, "</think>", LLAMA_TOKEN_TYPE_USER_DEFINED},
};
constexpr uint32_t kBosId = 151646;
constexpr uint32_t kEosId = 151643;

int64_t require_array(const gguf_context * vocab, const char * key, gguf_type element_type) {
    const int64_t id = gguf_find_key(vocab, key);
    if (id < 0 || gguf_get_kv_type(vocab, id) != GGUF_TYPE_ARRAY ||
        gguf_get_arr_type(vocab, id) != element_type) {
        throw std::runtime_error(std::string("it has no ") + gguf_type_name(element_type) +
                                 " array " + key);
    }
    return id;
}

// A gguf_context holding the tokenizer.* keys of `vocab`. gguf has no per-key copy, so copy
// everything and drop the rest: general.* and the hyper-parameters of the model the vocabulary
// was taken from, and scores, which byte-level BPE ignores (llama.cpp's converter writes none for
// it) and which would be one short per padding token.
gguf_context_ptr tokenizer_keys_of(const gguf_context * vocab) {
    gguf_context_ptr keys(gguf_init_empty());
    gguf_set_kv(keys.get(), vocab);
    std::vector<std::string> dropped;
    for (int64_t i = 0; i < gguf_get_n_kv(keys.get()); ++i) {
        const std::string_view key = gguf_get_key(keys.get(), i);
        if (!key.starts_with("tokenizer.") || key == "tokenizer.ggml.scores") {
            dropped.emplace_back(key);
        }
    }
    for (const std::string & key : dropped) {
        gguf_remove_key(keys.get(), key.c_str());
    }
    return keys;
}

} // namespace

void add_r1_distill_tokenizer(gguf_context * out, const gguf_context * vocab, uint32_t n_vocab,
                              const std::string & chat_template) {
    const int64_t model_id = gguf_find_key(vocab, "tokenizer.ggml.model");
    if (model_id < 0 || gguf_get_kv_type(vocab, model_id) != GGUF_TYPE_STRING ||
        std::strcmp(gguf_get_val_str(vocab, model_id), "gpt2") != 0) {
        throw std::runtime_error(
            "it is not a byte-level BPE (tokenizer.ggml.model gpt2) vocabulary");
    }
    const int64_t tokens_id = require_array(vocab, "tokenizer.ggml.tokens", GGUF_TYPE_STRING);
    const int64_t types_id = require_array(vocab, "tokenizer.ggml.token_type", GGUF_TYPE_INT32);
    const size_t n_tokens = gguf_get_arr_n(vocab, tokens_id);
    if (n_tokens < kFirstAddedId || n_tokens > n_vocab ||
        gguf_get_arr_n(vocab, types_id) != n_tokens) {
        throw std::runtime_error("it has " + std::to_string(n_tokens) +
                                 " tokens where Qwen2's vocabulary has between " +
                                 std::to_string(kFirstAddedId) + " and " + std::to_string(n_vocab));
    }

    std::vector<std::string> tokens;
    tokens.reserve(n_vocab);
    for (size_t i = 0; i < n_tokens; ++i) {
        tokens.emplace_back(gguf_get_arr_str(vocab, tokens_id, i));
    }
    const auto * vocab_types = static_cast<const int32_t *>(gguf_get_arr_data(vocab, types_id));
    std::vector<int32_t> types(vocab_types, vocab_types + n_tokens);

    // The token embedding has n_vocab rows; the tokenizer must have as many tokens.
    for (size_t i = n_tokens; i < n_vocab; ++i) {
        tokens.push_back("[PAD" + std::to_string(i) + "]");
        types.push_back(LLAMA_TOKEN_TYPE_UNUSED);
    }
    // Older vocab files (the pinned ggml-vocab-qwen2.gguf among them) type their padding
    // USER_DEFINED, which makes llama.cpp match "[PAD151700]" in text as a token; the converter
    // now types it UNUSED, as the real R1-distill GGUFs have it.
    for (size_t i = kFirstAddedId; i < n_vocab; ++i) {
        if (tokens[i] == "[PAD" + std::to_string(i) + "]") types[i] = LLAMA_TOKEN_TYPE_UNUSED;
    }

    for (const SpecialToken & special : kR1DistillTokens) {
        // llama.cpp asserts that every token text is unique.
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (i != special.id && tokens[i] == special.text) {
                throw std::runtime_error(std::string("it already has ") + special.text +
                                         " as token " + std::to_string(i));
            }
        }
        tokens[special.id] = special.text;
        types[special.id] = special.type;
    }

    gguf_set_kv(out, tokenizer_keys_of(vocab).get());

    std::vector<const char *> token_ptrs;
    token_ptrs.reserve(tokens.size());
    for (const std::string & token : tokens) {
        token_ptrs.push_back(token.c_str());
    }
    gguf_set_arr_str(out, "tokenizer.ggml.tokens", token_ptrs.data(), token_ptrs.size());
    gguf_set_arr_data(out, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, types.data(),
                      types.size());
    gguf_set_val_str(out, "tokenizer.ggml.pre", "deepseek-r1-qwen");
    gguf_set_val_u32(out, "tokenizer.ggml.bos_token_id", kBosId);
    gguf_set_val_u32(out, "tokenizer.ggml.eos_token_id", kEosId);
    gguf_set_val_bool(out, "tokenizer.ggml.add_bos_token", true);
    gguf_set_val_bool(out, "tokenizer.ggml.add_eos_token", false);
    // Without one the file stands for a base model, as GGUFs of pretrained checkpoints are; the
    // vocabulary file brings a ChatML template of its own, which must not survive either.
    if (chat_template.empty()) {
        gguf_remove_key(out, "tokenizer.chat_template");
    } else {
        gguf_set_val_str(out, "tokenizer.chat_template", chat_template.c_str());
    }
}

} // namespace r1tune::fixture

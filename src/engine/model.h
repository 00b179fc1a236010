// A loaded GGUF model: weights (memory-mapped by default) and its vocabulary.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types.h"
#include "util/status.h"

struct llama_model;
struct llama_vocab;

namespace r1tune::engine {

struct ModelOptions {
    std::string path;
    bool use_mmap = true;   // map the file instead of reading it: fast start, shared page cache
    bool use_mlock = false; // pin the weights in RAM so the OS cannot page them out
    bool verbose = false;   // show llama.cpp's own log
};

class Model {
public:
    // Loads the GGUF at options.path. A missing file, a file that is not GGUF and a file that
    // llama.cpp refuses (truncated, unknown architecture) each give a Status::model sentence.
    static Status load(const ModelOptions & options, std::unique_ptr<Model> & out);
    ~Model();
    Model(const Model &) = delete;
    Model & operator=(const Model &) = delete;

    llama_model * raw() const { return model_; }
    const llama_vocab * vocab() const;
    const std::string & path() const { return path_; }

    std::string description() const;       // e.g. "qwen2 1.5B Q4_K - Medium"
    int vocab_size() const;
    std::string metadata(std::string_view key) const; // empty when absent

    // Text <-> tokens. Special tokens in `text` (e.g. <｜User｜>) are parsed as such unless
    // `parse_special` is false: text from outside the conversation (a program's output) must
    // stay plain text. No BOS is added, because chat templates write it themselves.
    Status tokenize(std::string_view text, std::vector<Token> & out, bool parse_special = true) const;
    std::string token_text(Token token) const; // special tokens rendered as their text
    bool is_end_of_generation(Token token) const;
    std::string bos_text() const; // empty if the vocabulary has no BOS
    bool adds_bos() const;

private:
    Model(llama_model * model, std::string path) : model_(model), path_(std::move(path)) {}
    llama_model * model_;
    std::string path_;
};

} // namespace r1tune::engine

// What every command that runs a model stands on: the model named by a path or a catalog name,
// loaded once; its chat format and family (which pick the profile table and where a scaffold
// goes); and the session that questions run in. `solve`, `eval` and `bench`'s workers build it
// the same way here.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/chat_format.h"
#include "engine/model.h"
#include "engine/session.h"
#include "prompt/model_family.h"
#include "util/status.h"

namespace r1tune::pipeline {

struct RuntimeOptions {
    std::string model; // a GGUF path or a catalog name; empty = the catalog's default model
    bool use_mmap = true;
    bool use_mlock = false;
    bool verbose = false; // show llama.cpp's own log
};

class Runtime {
public:
    // Resolves the model (a catalog name must already be pulled), loads it and reads its chat
    // format. A missing or unusable model is a model error that names it.
    static Status load(const RuntimeOptions & options, std::unique_ptr<Runtime> & out);

    const std::filesystem::path & model_path() const { return model_path_; }
    const engine::Model & model() const { return *model_; }
    const engine::ChatFormat & format() const { return *format_; }
    prompt::ModelFamily family() const { return family_; }

    // Opens the session that questions run in, in place of any before it (an evaluation opens
    // one per configuration, as wide as its strategy); with context.lanes > 1, that many
    // sessions that decode together, for questions answered at once (serve --parallel).
    Status open_session(const engine::ContextOptions & context);
    bool has_session() const { return !sessions_.empty(); }
    int lanes() const { return static_cast<int>(sessions_.size()); }
    // Starts the open session from the prompt state saved in `file` (solve --prompt-cache). A file
    // that does not exist yet is fine (the first run writes it); one that cannot be used
    // (another model, damaged) is a cache miss whose reason the status gives: the session then
    // starts cold.
    Status restore_prompt_cache(const std::filesystem::path & file);
    engine::Session & session(int lane = 0) { return *sessions_[static_cast<std::size_t>(lane)]; }
    const engine::Session & session(int lane = 0) const { return *sessions_[static_cast<std::size_t>(lane)]; }

private:
    Runtime() = default;

    std::filesystem::path model_path_;
    std::unique_ptr<engine::Model> model_;
    std::unique_ptr<engine::ChatFormat> format_;
    prompt::ModelFamily family_ = prompt::ModelFamily::kChat;
    std::vector<std::unique_ptr<engine::Session>> sessions_;
};

// The family a chat format belongs to: a transcript is a base model, a <think> opening an R1
// distill, any other template a chat model.
prompt::ModelFamily family_of(const engine::ChatFormat & format);

} // namespace r1tune::pipeline

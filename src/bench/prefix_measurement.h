// The prefix cache measured on r1tune's side: questions behind one long shared prefix (r1tune's
// word-problem scaffold with notebook entries, ~1,000 tokens, laid out as a solve lays them out
// for the model's family: in the scaffold's section, or before the question where the family
// takes no scaffold), the time to the first token cold, warm with the
// prefix's KV cells kept in memory from the question before, and warm in a new process that
// restored them from disk (Session::save_prefix / load_prefix).
//
// Three questions, so that nothing is reused by accident: the first runs cold, the second behind
// the first's cells, and the third in a new process behind the second's cells restored from the
// file. llama-server gets the very same token ids in the same order (prefix_section.h).
//
// The shared part comes first and the question last, as r1tune's own scaffolds lay it out: a
// scaffold that named the question first would show here as a prefix of a few tokens.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace r1tune::engine {
class Model;
class ChatFormat;
}

namespace r1tune::bench {

struct PrefixRequest {
    std::string model_path;
    int threads = 1;
    int prefix_tokens = 1000;         // at least this many shared tokens
    std::filesystem::path state_file; // where the in-process run saves the prefix for the restored one
};

struct PrefixPrompts {
    std::vector<int> first, second, third; // whole prompts as token ids
    int shared = 0;                        // tokens all three have in common at their start
    int context_size() const;              // the longest prompt and a token, in 256-cell steps
};

// The three prompts through the model's chat template, in the turns the family's layout gives.
Status build_prefix_prompts(const engine::Model & model, const engine::ChatFormat & format, int prefix_tokens,
                            PrefixPrompts & out);

struct PrefixMeasurement {
    PrefixPrompts prompts;
    double cold_ms = 0;      // first question, empty cache
    double warm_ms = 0;      // second question, the first's cells in memory
    int warm_reused = 0;     // tokens the second question took from the cache
    double save_ms = 0;      // writing the cached prefix to the state file
};

struct RestoredMeasurement {
    double load_ms = 0; // reading the state file into a fresh session
    double warm_ms = 0; // third question after that
    int reused = 0;     // tokens the third question took from the restored cells
};

// In a worker process: load the model and measure. The restored measurement needs the state
// file the in-process one wrote.
Status measure_prefix(const PrefixRequest & request, PrefixMeasurement & out);
Status measure_prefix_restored(const PrefixRequest & request, RestoredMeasurement & out);

} // namespace r1tune::bench

// Profile tables: for each task, the scaffold, the sampling, the token budget, the decoding
// strategy and the verifiers to run. Tables are plain JSON files (data/profiles/*.json, or the
// user's profiles/ folder, or any path), so the evaluation can compare them and users can tune
// them without rebuilding. Three ship: "chat" (for chat models: no scaffold, the measured
// default), "deepseek" (DeepSeek's advice for the R1 distills) and "guide" (the tuning guide's
// numbers).
//
// {"description": "…", "tasks": {"math": {"scaffold": "auto", "temperature": 0.6, "top_k": 40,
//   "top_p": 0.95, "min_p": 0.0, "repeat_penalty": 1.0, "max_tokens": 8192,
//   "strategy": "plain", "answer_format": "free", "verifiers": ["arithmetic"], "note": "optional"}, …}}
// Every task must be present and every field given but the optional "thinking_budget" (default 0,
// no cap), "answer_format" (default "free"), "tools" ("python" or the default "off") and "note";
// unknown fields are errors, so a misspelt one cannot be silently ignored.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prompt/answer_format.h"
#include "prompt/task.h"
#include "util/status.h"

namespace r1tune::prompt {

// The sampler part of a profile, free of the engine's types: the app copies it into
// engine::SamplerSettings.
struct Sampling {
    float temperature = 0.6f;    // 0 = greedy
    int top_k = 40;              // 0 = off
    float top_p = 0.95f;         // 1 = off
    float min_p = 0.0f;          // 0 = off
    float repeat_penalty = 1.0f; // 1 = off
};

// "plain" (one answer), "vote:N" (N answers, majority), "vote:N:conf" (the same, low-confidence
// samples abandoned early), "auto:N" (a vote that spends more samples only where it pays: two
// first, the rest of the N only when those two disagree, give no answer or fail a check, and
// none when one is verified), "beam:N" (beam search of width N with an answer-consistency check).
struct Strategy {
    enum class Kind { kPlain, kVote, kBeam };
    Kind kind = Kind::kPlain;
    int width = 1;                  // N; 1 for plain
    bool confidence_filter = false; // vote only
    bool adaptive = false;          // vote only: auto:N
};
std::string to_string(const Strategy & strategy);
// Parses the forms above; anything else is a usage error saying what is allowed.
Status parse_strategy(std::string_view text, Strategy & out);

enum class Verifier { kArithmetic, kConstraints, kCode, kReference };
std::string_view to_string(Verifier verifier); // "arithmetic", "constraints", "code", "reference"

struct Profile {
    std::string scaffold; // a scaffold name, "none", or "auto" (the router's suggestion)
    Sampling sampling;
    int max_tokens = 4096;
    int thinking_budget = 0; // optional in the file; 0 = no cap
    Strategy strategy;
    AnswerFormat answer_format = AnswerFormat::kFree; // optional in the file
    bool python_tool = false; // "tools": "python" runs the model's programs as it reasons (optional, off)
    std::vector<Verifier> verifiers;
    std::string note;

    // The scaffold to use when the router suggests `suggested`.
    std::string_view scaffold_for(std::string_view suggested) const {
        return scaffold == "auto" ? suggested : std::string_view(scaffold);
    }
};

// "python" (the model's programs run as it reasons: tools/python_tool) or "off"; anything else
// is a usage error.
Status parse_tools(std::string_view text, bool & python);

class ProfileTable {
public:
    // Input errors name `origin` and the task and field at fault.
    static Status parse(std::string_view json_text, const std::string & origin, ProfileTable & out);

    const std::string & name() const { return name_; } // the table's name or file path
    const std::string & description() const { return description_; }
    const Profile & for_task(Task task) const { return profiles_[static_cast<std::size_t>(task)]; }

private:
    std::string name_;
    std::string description_;
    std::array<Profile, kAllTasks.size()> profiles_;
};

// The names of the tables there are: built-in and the user's (file names without .json).
Status profile_table_names(const std::optional<std::filesystem::path> & user_dir, std::vector<std::string> & out);

// A table by name (the user's file of that name replacing the built-in one) or by file path.
// Neither is a usage error listing the names.
Status load_profile_table(std::string_view name_or_path, const std::optional<std::filesystem::path> & user_dir,
                          ProfileTable & out);

} // namespace r1tune::prompt

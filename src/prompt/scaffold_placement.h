// Where the scaffold goes in the conversation, per model family. DeepSeek advises no system
// prompt for the R1 distills (they were trained without one and follow instructions in the
// user turn better), so for them the scaffold and the question share the user turn. Other chat
// models take the scaffold as a system turn; a base model's transcript writes a system turn as
// a preamble before "Question:", which is where instructions belong for it too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prompt/model_family.h"
#include "prompt/scaffold_template.h"

namespace r1tune::prompt {

// kNone: the scaffold is left out. A base model continues text instead of following
// instructions, so it copies a scaffold's numbered steps rather than working through them.
enum class ScaffoldPlacement { kUserTurn, kSystemTurn, kNone };

struct FamilySettings {
    ScaffoldPlacement placement;
    std::string_view why; // for --explain
};
const FamilySettings & family_settings(ModelFamily family);

// `--scaffold-turn user|system`: the scaffold in that turn whatever the family, e.g. to measure
// the R1 distills' layout (scaffold and question in the user turn) on a chat model. Nothing for
// any other name.
std::optional<ScaffoldPlacement> parse_scaffold_turn(std::string_view name);

struct Turn {
    std::string role; // "system" or "user"
    std::string content;
};

// The first turns of the conversation: the question alone when there is no scaffold; else the
// rendered scaffold as the user turn, or as a system turn (without its {{question}} lines)
// followed by the question as the user turn.
std::vector<Turn> opening_turns(const ScaffoldTemplate * scaffold, const ScaffoldInputs & inputs,
                                ScaffoldPlacement placement);

} // namespace r1tune::prompt

#include "prompt/scaffold_placement.h"

namespace r1tune::prompt {

namespace {

constexpr FamilySettings kDeepSeekR1{ScaffoldPlacement::kUserTurn,
                                     "DeepSeek advises no system prompt for the R1 distills: the scaffold goes in "
                                     "the user turn"};
constexpr FamilySettings kBase{ScaffoldPlacement::kNone,
                               "a base model continues text rather than following instructions: it would copy "
                               "the scaffold's steps, so the question goes alone"};
// In the system turn the scaffold replaces the template's default system prompt (Qwen's "You are
// Qwen, created by Alibaba Cloud…"), which a chat model was tuned to see there.
constexpr FamilySettings kChat{ScaffoldPlacement::kSystemTurn, "chat models take instructions as a system turn"};

} // namespace

const FamilySettings & family_settings(ModelFamily family) {
    switch (family) {
        case ModelFamily::kDeepSeekR1: return kDeepSeekR1;
        case ModelFamily::kBase: return kBase;
        case ModelFamily::kChat: return kChat;
    }
    return kChat;
}

std::optional<ScaffoldPlacement> parse_scaffold_turn(std::string_view name) {
    if (name == "user") return ScaffoldPlacement::kUserTurn;
    if (name == "system") return ScaffoldPlacement::kSystemTurn;
    return std::nullopt;
}

std::vector<Turn> opening_turns(const ScaffoldTemplate * scaffold, const ScaffoldInputs & inputs,
                                ScaffoldPlacement placement) {
    if (scaffold == nullptr || placement == ScaffoldPlacement::kNone) return {{"user", std::string(inputs.question)}};
    if (placement == ScaffoldPlacement::kUserTurn) {
        return {{"user", scaffold->render(inputs)}};
    }
    return {{"system", scaffold->render_without_question(inputs)}, {"user", std::string(inputs.question)}};
}

} // namespace r1tune::prompt

#include "prompt/scaffold_placement.h"

namespace r1tune::prompt {

namespace {

constexpr FamilySettings kDeepSeekR1{ScaffoldPlacement::kUserTurn,
                                     "DeepSeek advises no system prompt for the R1 distills: the scaffold goes in "
                                     "the user turn"};
constexpr FamilySettings kBase{ScaffoldPlacement::kNone,
                               "a base model continues text rather than following instructions: it would copy "
                               "the scaffold's steps, so the question goes alone"};
constexpr FamilySettings kOther{ScaffoldPlacement::kSystemTurn, "chat models take instructions as a system turn"};

} // namespace

std::optional<ModelFamily> parse_model_family(std::string_view name) {
    if (name == "deepseek-r1") return ModelFamily::kDeepSeekR1;
    if (name == "base") return ModelFamily::kBase;
    if (name == "other") return ModelFamily::kOther;
    return std::nullopt;
}

std::string_view to_string(ModelFamily family) {
    switch (family) {
        case ModelFamily::kDeepSeekR1: return "deepseek-r1";
        case ModelFamily::kBase: return "base";
        case ModelFamily::kOther: return "other";
    }
    return "other";
}

const FamilySettings & family_settings(ModelFamily family) {
    switch (family) {
        case ModelFamily::kDeepSeekR1: return kDeepSeekR1;
        case ModelFamily::kBase: return kBase;
        case ModelFamily::kOther: return kOther;
    }
    return kOther;
}

std::vector<Turn> opening_turns(const ScaffoldTemplate * scaffold, const ScaffoldInputs & inputs, ModelFamily family) {
    const ScaffoldPlacement placement = family_settings(family).placement;
    if (scaffold == nullptr || placement == ScaffoldPlacement::kNone) return {{"user", std::string(inputs.question)}};
    if (placement == ScaffoldPlacement::kUserTurn) {
        return {{"user", scaffold->render(inputs)}};
    }
    return {{"system", scaffold->render_without_question(inputs)}, {"user", std::string(inputs.question)}};
}

} // namespace r1tune::prompt

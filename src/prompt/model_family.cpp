#include "prompt/model_family.h"

namespace r1tune::prompt {

std::optional<ModelFamily> parse_model_family(std::string_view name) {
    if (name == "deepseek-r1") return ModelFamily::kDeepSeekR1;
    if (name == "chat") return ModelFamily::kChat;
    if (name == "base") return ModelFamily::kBase;
    return std::nullopt;
}

std::string_view to_string(ModelFamily family) {
    switch (family) {
        case ModelFamily::kDeepSeekR1: return "deepseek-r1";
        case ModelFamily::kChat: return "chat";
        case ModelFamily::kBase: return "base";
    }
    return "chat";
}

std::string_view default_profile_table(ModelFamily family) {
    return family == ModelFamily::kChat ? "chat" : "deepseek";
}

} // namespace r1tune::prompt

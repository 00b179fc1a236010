// What kind of model answers, judged from its chat template: it decides where a scaffold goes
// and which profile table a model gets when the user names none.
#pragma once

#include <optional>
#include <string_view>

namespace r1tune::prompt {

enum class ModelFamily {
    kDeepSeekR1, // a chat template with <｜Assistant｜>: thinks in <think>…</think> first
    kChat,       // any other chat template: an instruction-tuned model that answers directly
    kBase,       // no chat template: a pretrained model that continues text
};

inline constexpr ModelFamily kAllModelFamilies[] = {ModelFamily::kDeepSeekR1, ModelFamily::kChat, ModelFamily::kBase};

// "deepseek-r1", "chat", "base".
std::optional<ModelFamily> parse_model_family(std::string_view name);
std::string_view to_string(ModelFamily family);

// The built-in profile table a family gets unless the user names one: "deepseek" (DeepSeek's
// advice) for the R1 distills and for base models (which solve nothing either way), "chat" for
// instruction-tuned chat models, measured on Qwen2.5-Coder-1.5B-Instruct (docs/RESULTS.md).
std::string_view default_profile_table(ModelFamily family);

} // namespace r1tune::prompt

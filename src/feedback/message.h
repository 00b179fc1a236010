// The feedback turn: what the model is told after a check failed, in the question's language.
// It quotes the model's own answer and the verifier's sentence, and points at where to look,
// because a small model repairs a named mistake far more often than "try again".
#pragma once

#include <string>
#include <string_view>

#include "text/language.h"
#include "verify/verdict.h"

namespace r1tune::feedback {

std::string feedback_message(text::Language language, std::string_view answer_summary, const verify::Verdict & failure);

// The same finding in the model's own voice, for extending its thinking instead of a new turn
// ("Wait, …" is how R1 distills reconsider on their own): "Wait, I got 鸡=23，兔=12, but a check
// found: … Let me go through that step again."
std::string wait_nudge(text::Language language, std::string_view answer_summary, const verify::Verdict & failure);

} // namespace r1tune::feedback

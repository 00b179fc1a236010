// The router: which kind of question this is, in which language, and which problem families
// the later verifiers can exploit. The rules are fixed, ordered and deterministic, and every
// decision comes with the reasons that produced it (shown by `solve --explain`):
//   1. an empty question is chat;
//   2. a code fence (```) is code;
//   3. programming words (Python, 代码, "write a function", …) are code;
//   4. requests for poems, stories, essays (诗, 故事, "poem", …) are creative;
//   5. proof words (证明, 求证, "prove", "show that") are proof;
//   6. a number described by its digits (三位数 + 各位数字之和, "three-digit", "digit sum")
//      is math, family digit_puzzle;
//   7. chickens and rabbits, or heads and feet (鸡兔同笼, 头 + 脚) is math, family chicken_rabbit;
//   8. truth-tellers and liars, deduction (说谎, 推理, "knights", "deduce") is logic;
//   9. math words that need no numbers (方程, 导数, "equation", "probability") are math;
//  10. question words about quantities (多少, 几, "how many", "total") next to a digit are math;
//  11. digits and operators making up at least 15% of the characters is math;
//  12. anything else is chat.
// The first rule that holds decides. English words match whole words only ("improve" does not
// hold "prove"), Chinese words as they stand.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prompt/task.h"
#include "text/language.h"
#include "verify/problem_families.h"

namespace r1tune::prompt {

struct RouteDecision {
    Task task = Task::kChat;
    text::Language language = text::Language::kEnglish;
    // A family whose answers r1tune can check (verify/problem_families.h): chicken_rabbit (its
    // constraints follow from heads and feet), digit_puzzle (a finite search space).
    std::optional<verify::ProblemFamily> family;
    // The scaffold that fits the question, for a profile whose scaffold is "auto": math
    // questions get word_problem or digit_puzzle when they are one.
    std::string scaffold;
    std::vector<std::string> reasons; // in the order the rules were applied
};

// `question` must be valid UTF-8.
RouteDecision route(std::string_view question);

} // namespace r1tune::prompt

#include "feedback/message.h"

namespace r1tune::feedback {

namespace {

// Where a failure of each verifier most likely comes from, so the model knows what to re-check.
std::string_view where_to_look(text::Language language, std::string_view verifier) {
    const bool zh = language == text::Language::kChinese;
    if (verifier == "arithmetic") return zh ? "请逐步重新计算，改正这一步以及之后的步骤。" : "Redo the arithmetic step by step, fixing this step and every step after it.";
    if (verifier == "constraints" || verifier == "no_solution") {
        return zh ? "请重新检查方程建立环节，并把答案代回题目的每一个条件验证。"
                  : "Re-check how you set up the equations, and substitute your answer back into every condition of the problem.";
    }
    if (verifier == "code") return zh ? "请找出代码中的错误（特别是边界情况），给出修正后的完整代码。" : "Find the bug (boundary cases especially) and give the complete corrected code.";
    return zh ? "请重新检查你的推理。" : "Re-check your reasoning.";
}

} // namespace

std::string feedback_message(text::Language language, std::string_view answer_summary, const verify::Verdict & failure) {
    const bool zh = language == text::Language::kChinese;
    std::string out;
    if (!answer_summary.empty()) {
        out += zh ? "你上次的答案是 " : "Your last answer was ";
        out += answer_summary;
        out += zh ? "，但检查发现：" : ", but a check found: ";
    } else {
        out += zh ? "检查发现：" : "A check found: ";
    }
    // A failed reference check names the expected answer; quoting it would hand the model the
    // answer to copy, and the retry would "pass" having learnt nothing.
    if (failure.verifier == "reference") {
        out += zh ? "答案与标准答案不符。" : "The answer does not match the expected one.";
    } else {
        out += failure.sentence;
    }
    out += zh ? "" : " ";
    out += where_to_look(language, failure.verifier);
    out += zh ? "最后把最终答案写在 \\boxed{} 中。" : " Put the final answer in \\boxed{}.";
    return out;
}

std::string wait_nudge(text::Language language, std::string_view answer_summary, const verify::Verdict & failure) {
    const bool zh = language == text::Language::kChinese;
    std::string out = zh ? "等等，" : "Wait, ";
    if (!answer_summary.empty()) {
        out += zh ? "我得出的答案是 " : "I got ";
        out += answer_summary;
        out += zh ? "，但" : ", but ";
    }
    // As in the feedback turn, a reference check never reveals the expected answer.
    if (failure.verifier == "reference") {
        out += zh ? "这个答案不对。" : "that answer is not right.";
    } else {
        out += zh ? "检查发现：" : "a check found: ";
        out += failure.sentence;
    }
    out += zh ? "我重新检查这一步。" : " Let me go through that step again.";
    return out;
}

} // namespace r1tune::feedback

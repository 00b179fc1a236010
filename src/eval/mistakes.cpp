#include "eval/mistakes.h"

namespace r1tune::eval {

std::optional<notebook::Mistake> mistake_in(const EvalItem & item, const ItemResult & result, const ItemResult * right,
                                            const std::string & model) {
    if (result.correct || result.verification == "error" || result.response.empty()) return std::nullopt;
    notebook::Mistake m;
    if (item.solution) {
        m.correction = *item.solution;
        m.verified_by = "reference solution";
    } else if (right != nullptr && right->correct && !right->response.empty()) {
        m.correction = right->response;
        m.verified_by = "reference";
    } else {
        return std::nullopt;
    }
    m.question = item.question;
    m.wrong_response = result.response;
    m.wrong_answer = result.answered ? result.answer : "";
    m.right_answer = item.answer;
    m.model = model;
    return m;
}

} // namespace r1tune::eval

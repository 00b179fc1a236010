#include "engine/thinking_budget.h"

#include "engine/model.h"

namespace r1tune::engine {

Status ThinkingBudget::create(const Model & model, int budget, ThinkingBudget & out) {
    out = ThinkingBudget{};
    if (budget <= 0) return Status::ok();
    out.budget_ = budget;
    return model.tokenize(kThinkingClosing, out.closing_);
}

} // namespace r1tune::engine

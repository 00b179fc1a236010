#include "pipeline/notebook_consult.h"

#include "prompt/scaffold_library.h"

namespace r1tune::pipeline {

Status consult_notebook(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
                        const engine::Model & model, SolvePlan & plan) {
    const notebook::RetrievalQuery query{
        plan.question, std::string(prompt::to_string(plan.route.task)),
        plan.route.family ? std::string(verify::to_string(*plan.route.family)) : std::string(), plan.route.language};
    const auto count_tokens = [&model](std::string_view text) {
        std::vector<engine::Token> tokens;
        // Entries are text: their markers are not special tokens (engine/chat_format's pieces).
        return model.tokenize(text, tokens, /*parse_special=*/false) ? static_cast<int>(tokens.size()) : 1 << 30;
    };
    return notebook::retrieve(store, query, options, count_tokens, plan.notebook);
}

Status count_notebook_ending(notebook::NotebookStore & store, const SolvePlan & plan, feedback::Verification ending) {
    std::vector<std::int64_t> ids;
    for (const notebook::Retrieved & r : plan.notebook) ids.push_back(r.entry.id);
    using Ending = notebook::NotebookStore::Ending;
    return store.count_shown(ids, ending == feedback::Verification::kVerified ? Ending::kVerified
                                  : ending == feedback::Verification::kFailed ? Ending::kFailed
                                                                              : Ending::kUnchecked);
}

std::optional<notebook::Mistake> corrected_mistake(const SolvePlan & plan, const feedback::LoopResult & loop,
                                                   const std::string & model) {
    if (loop.verification != feedback::Verification::kVerified || loop.attempts.size() < 2) return std::nullopt;
    const feedback::Attempt & right = loop.attempts.back();
    const verify::Verdict * pin = nullptr;
    for (const verify::Verdict & v : right.check.verdicts) {
        if (v.outcome == verify::Outcome::kPass && feedback::pins_answer(v)) pin = &v;
    }
    for (const feedback::Attempt & attempt : loop.attempts) {
        const verify::Verdict * failure = feedback::first_failure(attempt.check);
        if (failure == nullptr || pin == nullptr) continue;
        notebook::Mistake m;
        m.question = plan.question;
        m.wrong_response = attempt.response.answer;
        m.wrong_answer = attempt.check.answer_summary;
        m.failure = failure->sentence;
        m.correction = right.response.answer;
        m.verified_by = pin->verifier;
        m.model = model;
        return m;
    }
    return std::nullopt;
}

} // namespace r1tune::pipeline

#include "pipeline/notebook_consult.h"

#include "prompt/router.h"
#include "prompt/task.h"
#include "verify/problem_families.h"

namespace r1tune::pipeline {

namespace {

Status consult(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
               const std::function<int(std::string_view)> & count_tokens, SolvePlan & plan) {
    const notebook::RetrievalQuery query{
        plan.question, std::string(prompt::to_string(plan.route.task)),
        plan.route.family ? std::string(verify::to_string(*plan.route.family)) : std::string(), plan.route.language};
    return notebook::retrieve(store, query, options, count_tokens, plan.notebook);
}

} // namespace

Status consult_notebook(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
                        const engine::Model & model, SolvePlan & plan) {
    return consult(store, options, [&model](std::string_view text) {
        std::vector<engine::Token> tokens;
        // Entries are text: their markers are not special tokens (engine/chat_format's pieces).
        return model.tokenize(text, tokens, /*parse_special=*/false) ? static_cast<int>(tokens.size()) : 1 << 30;
    }, plan);
}

int estimated_tokens(std::string_view text) {
    // Qwen's and most BPE vocabularies: about one token per Chinese character, and one per
    // three or four bytes of English; three keeps the estimate on the generous side.
    int ascii = 0, other = 0;
    for (const unsigned char c : text) {
        if (c < 0x80) ++ascii;
        else if ((c & 0xC0) != 0x80) ++other; // the lead byte of a character
    }
    return (ascii + 2) / 3 + other;
}

Status consult_notebook_remote(notebook::NotebookStore & store, const notebook::RetrievalOptions & options, SolvePlan & plan) {
    return consult(store, options, estimated_tokens, plan);
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
    if (loop.verification != feedback::Verification::kVerified) return std::nullopt;
    const feedback::Attempt & right = loop.attempts.back();
    const verify::Verdict * pin = nullptr;
    for (const verify::Verdict & v : right.check.verdicts) {
        if (v.outcome == verify::Outcome::kPass && feedback::pins_answer(v)) pin = &v;
    }
    if (pin == nullptr) return std::nullopt;
    const auto mistake = [&](const std::string & wrong, const std::string & summary, const std::string & failure) {
        notebook::Mistake m;
        m.question = plan.question;
        m.wrong_response = wrong;
        m.wrong_answer = summary;
        m.failure = failure;
        m.correction = right.response.answer;
        m.verified_by = pin->verifier;
        m.model = model;
        return m;
    };
    // An earlier round the feedback corrected, else a sample or beam the checks refuted next to
    // the verified one.
    for (const feedback::Attempt & attempt : loop.attempts) {
        if (const verify::Verdict * failure = feedback::first_failure(attempt.check)) {
            return mistake(attempt.response.answer, attempt.check.answer_summary, failure->sentence);
        }
    }
    if (right.response.strategy) {
        for (const feedback::Candidate & c : right.response.strategy->candidates) {
            if (c.verdict == "fail" && !c.failure.empty() && !c.answer.empty()) return mistake(c.answer, c.answer_summary, c.failure);
        }
    }
    return std::nullopt;
}

void fill_from_router(notebook::Entry & e) {
    const prompt::RouteDecision route = prompt::route(e.question);
    if (e.task.empty()) e.task = std::string(prompt::to_string(route.task));
    if (e.language.empty()) e.language = std::string(prompt::language_code(route.language));
    if (e.family.empty() && route.family) e.family = std::string(verify::to_string(*route.family));
    if (e.verified_by.empty()) e.verified_by = "by hand";
}

Status record_mistake(notebook::NotebookStore & store, const notebook::Mistake & mistake, std::string & said) {
    notebook::Entry entry = notebook::entry_for(mistake);
    bool added = false;
    if (Status s = store.add_if_new(entry, added); !s) return s;
    said = added ? "learned: notebook entry " + std::to_string(entry.id) : "";
    return Status::ok();
}

std::vector<std::string> record_question(notebook::NotebookStore * reading, notebook::NotebookStore * learning,
                                         const SolvePlan & plan, const feedback::LoopResult & loop,
                                         const std::string & model) {
    std::vector<std::string> lines;
    if (reading != nullptr) {
        if (Status s = count_notebook_ending(*reading, plan, loop.verification); !s) {
            lines.push_back("the notebook's entries were not counted: " + s.message());
        }
    }
    if (learning != nullptr) {
        if (const auto mistake = corrected_mistake(plan, loop, model)) {
            std::string said;
            if (Status s = record_mistake(*learning, *mistake, said); !s) {
                lines.push_back("the mistake was not recorded: " + s.message());
            } else if (!said.empty()) {
                lines.push_back(said);
            }
        }
    }
    return lines;
}

} // namespace r1tune::pipeline

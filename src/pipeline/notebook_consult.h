// The mistake notebook's part in one question: before it runs, the entries retrieved for it
// (notebook/retrieval, the budget in the model's tokens) go into the plan, which puts them in the
// scaffold's {{notebook}} slot or, without a scaffold, in front of the question; after it, how
// the answer ended is added to the entries' record.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model.h"
#include "feedback/check.h"

#include "feedback/loop.h"
#include "notebook/harvest.h"
#include "notebook/notebook_store.h"
#include "notebook/retrieval.h"
#include "pipeline/solver.h"
#include "util/status.h"

namespace r1tune::pipeline {

Status consult_notebook(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
                        const engine::Model & model, SolvePlan & plan);
// The same for a remote backend, whose tokenizer r1tune does not have: the budget is counted in
// estimated tokens (estimated_tokens).
Status consult_notebook_remote(notebook::NotebookStore & store, const notebook::RetrievalOptions & options, SolvePlan & plan);
int estimated_tokens(std::string_view text);

// A verified answer counts for the entries shown, a failed check against them; any other ending
// counts only as shown.
Status count_notebook_ending(notebook::NotebookStore & store, const SolvePlan & plan, feedback::Verification ending);

// The mistake a question's run corrected (solve --learn): the first attempt that failed a check
// (a feedback round), else a sample or beam of the final vote or search that did, next to the
// final answer, which a check that pins it verified. Nothing otherwise.
std::optional<notebook::Mistake> corrected_mistake(const SolvePlan & plan, const feedback::LoopResult & loop,
                                                   const std::string & model);

// What an entry written by hand leaves out: its task, language and family, as the router reads
// its question, and "by hand" as its verification.
void fill_from_router(notebook::Entry & entry);

// Adds the entry of a learned mistake unless it is there; `said` is the line that says so
// ("learned: notebook entry 12"), empty when it was there.
Status record_mistake(notebook::NotebookStore & store, const notebook::Mistake & mistake, std::string & said);

// After a question: how it ended goes into the record of the entries `reading` showed (may be
// null), and the mistake it corrected into `learning` (may be null). The notebook's record is its
// own business, never the answer's, so nothing here fails the question: each line of the result
// says what happened ("learned: notebook entry 12", or why a record was not written).
std::vector<std::string> record_question(notebook::NotebookStore * reading, notebook::NotebookStore * learning,
                                         const SolvePlan & plan, const feedback::LoopResult & loop,
                                         const std::string & model);

} // namespace r1tune::pipeline

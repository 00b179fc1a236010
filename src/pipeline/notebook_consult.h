// The mistake notebook's part in one question: before it runs, the entries retrieved for it
// (notebook/retrieval, the budget in the model's tokens) go into the plan, which puts them in the
// scaffold's {{notebook}} slot or, without a scaffold, in front of the question; after it, how
// the answer ended is added to the entries' record.
#pragma once

#include "engine/model.h"
#include "feedback/check.h"
#include "notebook/notebook_store.h"
#include "notebook/retrieval.h"
#include "pipeline/solver.h"
#include "util/status.h"

namespace r1tune::pipeline {

Status consult_notebook(notebook::NotebookStore & store, const notebook::RetrievalOptions & options,
                        const engine::Model & model, SolvePlan & plan);

// A verified answer counts for the entries shown, a failed check against them; any other ending
// counts only as shown.
Status count_notebook_ending(notebook::NotebookStore & store, const SolvePlan & plan, feedback::Verification ending);

} // namespace r1tune::pipeline

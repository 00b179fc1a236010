// Which notebook entries go in front of a question: the store's full-text closest (bm25 over
// question and scene), reranked by what the router knows (same problem family, same task, same
// language) and by how showing each has gone (its counters), without two entries of the same
// question or correction, within a token budget.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "notebook/entry.h"
#include "notebook/notebook_store.h"
#include "text/language.h"
#include "util/status.h"

namespace r1tune::notebook {

struct RetrievalQuery {
    std::string question;
    std::string task;   // the router's task
    std::string family; // the router's problem family, empty when none
    text::Language language = text::Language::kEnglish;
};

struct RetrievalOptions {
    int max_entries = 3;
    int token_budget = 400; // tokens of the entries' prompt text, together
    int candidates = 20;    // full-text hits reranked
};

struct Retrieved {
    Entry entry;
    double score = 0;
    std::string why; // for --explain: "5 shared words, same family chicken_rabbit, shown 3 times, 2 right"
};

// How often an entry helped when shown, smoothed towards even odds: (right + 1) / (shown + 2).
// An entry shown with answers that kept failing sinks below the ones never shown.
double utility(const Entry & entry);

// Chooses the entries; `count_tokens` is the model's tokenizer (the budget is in its tokens).
Status retrieve(NotebookStore & store, const RetrievalQuery & query, const RetrievalOptions & options,
                const std::function<int(std::string_view)> & count_tokens, std::vector<Retrieved> & out);

} // namespace r1tune::notebook

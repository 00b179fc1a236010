// Notebook entries as the model reads them in a prompt: each entry's question, its mistake and
// its correction, in the guide's labels for a Chinese question and in plain English otherwise.
// The wrong output itself stays out: showing it would put the mistake in front of the model
// again. Without a scaffold (whose {{#notebook}} section has its own heading) the entries go in
// front of the question under a heading of their own.
#pragma once

#include <string>
#include <vector>

#include "notebook/entry.h"
#include "text/language.h"

namespace r1tune::notebook {

// One entry, for the budget's count and for the prompt.
std::string entry_text(const Entry & entry, text::Language language);

// The entries one after another, a blank line between them: the scaffolds' {{notebook}} value.
std::string entries_text(const std::vector<Entry> & entries, text::Language language);

// The entries under a heading, then the question: a user turn without a scaffold. The question
// comes last, so that questions behind the same entries share the longest prefix.
std::string question_after_entries(const std::vector<Entry> & entries, text::Language language,
                                   const std::string & question);

} // namespace r1tune::notebook

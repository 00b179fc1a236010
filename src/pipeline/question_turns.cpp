#include "pipeline/question_turns.h"

#include "notebook/notebook_text.h"

namespace r1tune::pipeline {

std::vector<prompt::Turn> question_turns(const prompt::ScaffoldTemplate * scaffold, prompt::ScaffoldPlacement placement,
                                         const std::vector<notebook::Entry> & entries, text::Language language,
                                         const std::string & question) {
    // A system turn leaves the question's line out, and with it a slot on that line.
    const bool in_slot = scaffold != nullptr && placement != prompt::ScaffoldPlacement::kNone &&
                         scaffold->takes_notebook(placement == prompt::ScaffoldPlacement::kSystemTurn);
    // ScaffoldInputs holds views: the texts they show must outlive it, so they are named here.
    const std::string asked = in_slot ? question : notebook::question_after_entries(entries, language, question);
    const std::string notes = notebook::entries_text(entries, language);
    return prompt::opening_turns(scaffold, {asked, notes, ""}, placement);
}

} // namespace r1tune::pipeline

// The turns that ask one question, as solve, eval, serve and the prefix benchmark all lay them
// out: the scaffold where its placement puts it, the notebook's entries in the scaffold's
// {{notebook}} slot or, without one, in front of the question, and the question last, so that
// questions behind the same scaffold and entries share the prompt up to the question.
#pragma once

#include <string>
#include <vector>

#include "notebook/entry.h"
#include "prompt/scaffold_placement.h"
#include "text/language.h"

namespace r1tune::pipeline {

std::vector<prompt::Turn> question_turns(const prompt::ScaffoldTemplate * scaffold, prompt::ScaffoldPlacement placement,
                                         const std::vector<notebook::Entry> & entries, text::Language language,
                                         const std::string & question);

} // namespace r1tune::pipeline

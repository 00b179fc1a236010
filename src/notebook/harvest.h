// Entries the model's own mistakes make. Only a correction known to be right enters by itself
// (a wrong one would teach the mistake): an answer a pinning check verified, an answer that
// matched the reference, or a worked solution a person wrote (GSM8K's). The mistake is the failed
// check's sentence when a check failed, else what the reference says of the final answer.
#pragma once

#include <string>

#include "notebook/entry.h"

namespace r1tune::notebook {

struct Mistake {
    std::string question;
    std::string wrong_response; // the wrong answer's text
    std::string wrong_answer;   // its final answer as extracted ("18"); empty when it gave none
    std::string failure;        // the failed check's sentence; empty when no check failed
    std::string right_answer;   // the reference answer, when the sentence must come from it
    std::string correction;     // the right working
    std::string verified_by;    // what makes it right: "constraints", "reference", "reference solution", …
    std::string model;
};

// The entry: its task, family and language as the router reads the question, the wrong answer's
// last part as its wrong output, today as its day.
Entry entry_for(const Mistake & mistake);

} // namespace r1tune::notebook

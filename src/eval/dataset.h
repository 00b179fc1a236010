// Evaluation datasets as JSON Lines: one item per line, {"id", "question", "answer",
// optional "constraints" (for the constraint verifier), optional "tests" (Python, for code)}.
// GSM8K's own files are read as they come: no id (the line number stands in) and an "answer"
// that is the worked solution ending in "#### 72", of which the part after "####" is the answer.
//
// A bad line (not JSON, not an object, a missing field, invalid UTF-8, a repeated id) is named by
// its line number: it stops the reading, or with BadLines::kSkip it is reported and left out.
#pragma once

#include <istream>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace r1tune::eval {

struct EvalItem {
    std::string id;
    std::string question;
    std::string answer;                     // the reference answer alone
    std::optional<std::string> constraints; // e.g. "c + r == 35 && 2*c + 4*r == 94"
    std::optional<std::string> tests;       // Python tests for a code answer
    // A worked solution a person wrote ("solution", or GSM8K's text before "####"), without
    // GSM8K's calculator notes: a correction for the mistake notebook, never shown to the checks.
    std::optional<std::string> solution;
};

// A digest of the items as a run evaluates them (id, question, answer, constraints, tests): a
// results file records it, so that its rows are never mixed with, or read against, other items.
std::uint64_t items_digest(const std::vector<EvalItem> & items);

enum class BadLines { kRefuse, kSkip };

struct DatasetReport {
    std::vector<std::string> skipped; // one sentence per skipped line, naming it
};

// `origin` names the source in messages (a file path). Errors are input errors.
Status read_dataset(std::istream & in, const std::string & origin, BadLines bad_lines, std::vector<EvalItem> & out,
                    DatasetReport & report);

// The answer of a GSM8K solution ("…\n#### 1,200" → "1,200"); none without a "####" line.
std::optional<std::string> gsm8k_answer(const std::string & solution);

} // namespace r1tune::eval

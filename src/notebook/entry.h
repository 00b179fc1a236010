// One entry of the mistake notebook (错题本, the tuning guide's §4.1): a mistake the model made,
// in its scene, with a correction that was checked, and how often showing it has paid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace r1tune::notebook {

struct Entry {
    std::int64_t id = 0; // 0 until stored
    // The scene: where the mistake happens.
    std::string task;              // the router's task: math, code, logic, proof, creative, chat
    std::string family;            // the problem family (chicken_rabbit, …), empty when none
    std::vector<std::string> tags; // free tags, without spaces
    std::string language;          // "zh" or "en"
    std::string question;
    std::string wrong_output; // an excerpt of the wrong answer (may be empty for one written by hand)
    std::string mistake;      // one sentence: for a harvested entry, the failed check's sentence
    std::string correction;   // a derivation a check verified, or one a person wrote
    // Provenance.
    std::string model;       // the model that made the mistake; empty when unknown
    std::string verified_by; // the check that verified the correction, or "by hand"
    std::string created;     // the day it was recorded, YYYY-MM-DD
    // How showing it went: the times it was put in front of a question, and how those ended.
    int retrieved = 0;
    int shown_right = 0;  // the answer was verified right
    int shown_failed = 0; // a check still failed
};

// Whether an entry can be stored: question, mistake and correction given, one of the router's
// tasks, a language of zh or en, tags without spaces, and every text valid UTF-8. The error
// names the field.
Status validate(const Entry & entry);

} // namespace r1tune::notebook

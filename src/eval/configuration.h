// The configurations an evaluation compares. A configuration is a profile table plus a spec of
// levers joined by '+':
//   scaffold      the router's scaffold for the task, as the deepseek table has it, also under
//                 a table without scaffolds (without it: the question alone)
//   scaffold:NAME a scaffold of the library by name (`r1tune scaffolds list`), e.g. scaffold:program
//   verify        the feedback loop: up to two retries after a failed check (without: none)
//   wait          the same, but a failure continues the model's thinking ("Wait, …")
//   boxed         the answer grammar: the answer ends in exactly one \boxed{…} line
//   tools         the model's programs run as it reasons (without: no code runs)
//   notebook      the closest entries of eval's --notebook in front of each question
//   userturn      the scaffold in the user turn with the question, as the R1 distills get it
//                 (without: where the model's family takes it); needs a scaffold to move
//   plain, vote:N, vote:N:conf, auto:N, beam:N   the decoding strategy (without: the profile's)
//   profiles:TABLE  this configuration under TABLE instead of the tables given for all, so one
//                 run can compare tables paired: "profiles:guide+plain" is named "guide plain"
// so "plain" is the bare model, "scaffold+verify" the full pipeline with one sample, and
// "scaffold+vote:8" a vote behind the scaffold. Every spec runs with every table given, and
// is named "<table> <spec>", e.g. "deepseek scaffold+vote:8".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace r1tune::eval {

struct Configuration {
    std::string name;     // "<table> <spec>" (a profiles: part is the table, not in the spec)
    std::string profiles; // table name or file
    // Nothing: the question alone; "auto": the router's scaffold for the task; else the named one.
    std::optional<std::string> scaffold;
    int retries = 0;
    std::string feedback = "turn"; // "turn" or "wait"
    std::string strategy;          // empty: the profile's
    bool boxed = false;            // else the profile's answer format
    bool tools = false;            // code execution (tools/python_tool); else off
    bool notebook = false;         // the mistake notebook's entries (eval's --notebook); else none
    bool user_turn = false;        // the scaffold in the user turn; else the family's place

    bool operator==(const Configuration &) const = default;
};

// One spec ("scaffold+vote:8") under one table. Unknown levers, a repeated or conflicting one,
// and a malformed strategy are usage errors naming the part.
Status parse_configuration(std::string_view spec, const std::string & profiles, Configuration & out);

// Every spec under every table, tables outermost; a repeated name is a usage error.
Status expand_configurations(const std::vector<std::string> & specs, const std::vector<std::string> & tables,
                             std::vector<Configuration> & out);

// A configuration back from its name ("chat auto:5+verify"), as results files record it: the
// table before a space, the spec after it (the last space whose split gives the name back, since
// a table's or a scaffold's file may have spaces of its own).
Status configuration_from_name(const std::string & name, Configuration & out);

// The one lever that `with` adds to `without` (scaffold, verify, wait, boxed, tools, notebook,
// userturn, conf: a vote's confidence filter) when they are equal in all else; empty otherwise. Such twins measure a lever alone,
// e.g. "chat auto:5+verify+tools" against "chat auto:5+verify".
std::string added_lever(const Configuration & without, const Configuration & with);

} // namespace r1tune::eval

#include "eval/configuration.h"

#include <set>
#include <utility>

namespace r1tune::eval {

namespace {

// The feedback rounds "verify" and "wait" allow: the default of `r1tune solve`.
constexpr int kVerifyRetries = 2;

bool is_strategy(std::string_view part) {
    return part == "plain" || part.starts_with("vote:") || part.starts_with("auto:") || part.starts_with("beam:");
}

bool has_scaffold(const Configuration & c) { return c.scaffold && *c.scaffold != "none"; }

// Everything a configuration runs with, its name aside ("scaffold:none" is no scaffold).
bool same_levers(Configuration a, Configuration b) {
    for (Configuration * c : {&a, &b}) {
        c->name.clear();
        if (!has_scaffold(*c)) c->scaffold.reset();
    }
    return a == b;
}

} // namespace

Status parse_configuration(std::string_view spec, const std::string & profiles, Configuration & out) {
    out = Configuration{};
    out.profiles = profiles;
    std::string levers; // the spec without a profiles: part, which goes to the front of the name
    if (spec.empty()) return Status::usage("an empty configuration; give e.g. plain, scaffold+verify or scaffold+vote:8");
    std::set<std::string_view> seen;
    std::size_t start = 0;
    while (start <= spec.size()) {
        const std::size_t plus = spec.find('+', start);
        const std::string_view part = spec.substr(start, plus == std::string_view::npos ? std::string_view::npos : plus - start);
        start = plus == std::string_view::npos ? spec.size() + 1 : plus + 1;
        const std::string where = "in configuration '" + std::string(spec) + "': ";
        if (part.empty()) return Status::usage(where + "an empty part between '+' signs");
        const std::string_view kind = is_strategy(part)              ? std::string_view("strategy")
                                      : part.starts_with("scaffold:")  ? std::string_view("scaffold")
                                      : part.starts_with("profiles:") ? std::string_view("profiles")
                                                                        : part;
        if (!seen.insert(kind).second) return Status::usage(where + "'" + std::string(kind) + "' is given twice");
        if (part.starts_with("profiles:")) {
            // The table is read by the solver, with the same message as solve's --profiles.
            if (part.size() == 9) return Status::usage(where + "profiles: needs a table's name or file, e.g. profiles:guide");
            out.profiles = std::string(part.substr(9));
            continue;
        }
        if (!levers.empty()) levers += '+';
        levers += part;
        if (part == "scaffold") {
            out.scaffold = "auto";
        } else if (part.starts_with("scaffold:")) {
            // The name is looked up by the solver, with the same message as solve's --scaffold.
            if (part.size() == 9) return Status::usage(where + "scaffold: needs a scaffold's name, e.g. scaffold:program");
            out.scaffold = std::string(part.substr(9));
        } else if (part == "boxed") {
            out.boxed = true;
        } else if (part == "tools") {
            out.tools = true;
        } else if (part == "notebook") {
            out.notebook = true;
        } else if (part == "userturn") {
            out.user_turn = true;
        } else if (part == "verify" || part == "wait") {
            if (seen.contains(part == "verify" ? "wait" : "verify")) {
                return Status::usage(where + "verify and wait are two kinds of feedback; give one");
            }
            out.retries = kVerifyRetries;
            out.feedback = part == "verify" ? "turn" : "wait";
        } else if (is_strategy(part)) {
            out.strategy = std::string(part); // its syntax is checked by the solver, with the same message as solve's
        } else {
            return Status::usage(where + "unknown part '" + std::string(part) +
                                 "' (known: scaffold, scaffold:NAME, profiles:TABLE, verify, wait, boxed, tools, notebook, userturn, plain, vote:N, "
                                 "vote:N:conf, auto:N, beam:N)");
        }
    }
    if (levers.empty()) return Status::usage("in configuration '" + std::string(spec) + "': a table alone; add its levers, e.g. profiles:guide+plain");
    // Without a scaffold there is nothing to move: the row would repeat its twin, at full cost.
    if (out.user_turn && !has_scaffold(out)) {
        return Status::usage("in configuration '" + std::string(spec) +
                             "': userturn moves the scaffold into the user turn; add scaffold or scaffold:NAME");
    }
    out.name = out.profiles + " " + levers;
    return Status::ok();
}

Status expand_configurations(const std::vector<std::string> & specs, const std::vector<std::string> & tables,
                             std::vector<Configuration> & out) {
    out.clear();
    if (specs.empty()) return Status::usage("no configuration to evaluate");
    if (tables.empty()) return Status::usage("no profile table to evaluate with");
    std::set<std::string> names;
    for (const std::string & table : tables) {
        for (const std::string & spec : specs) {
            Configuration config;
            if (Status s = parse_configuration(spec, table, config); !s) return s;
            if (!names.insert(config.name).second) return Status::usage("configuration '" + config.name + "' is given twice");
            out.push_back(std::move(config));
        }
    }
    return Status::ok();
}

Status configuration_from_name(const std::string & name, Configuration & out) {
    for (std::size_t space = name.rfind(' '); space != std::string::npos && space > 0; space = name.rfind(' ', space - 1)) {
        if (parse_configuration(std::string_view(name).substr(space + 1), name.substr(0, space), out) && out.name == name) {
            return Status::ok();
        }
    }
    return Status::usage("'" + name + "' is not a configuration's name (a table, a space, then its levers)");
}

std::string added_lever(const Configuration & without, const Configuration & with) {
    // Each lever with what turns it off; `with` less one of them must be `without`.
    const std::pair<std::string, void (*)(Configuration &)> levers[] = {
        {"scaffold", [](Configuration & c) { c.scaffold.reset(); }},
        {with.feedback == "wait" ? "wait" : "verify",
         [](Configuration & c) {
             c.retries = 0;
             c.feedback = "turn";
         }},
        {"boxed", [](Configuration & c) { c.boxed = false; }},
        {"tools", [](Configuration & c) { c.tools = false; }},
        {"notebook", [](Configuration & c) { c.notebook = false; }},
        {"userturn", [](Configuration & c) { c.user_turn = false; }},
        // The confidence filter is written into the strategy: vote:5:conf less it is vote:5.
        {"conf",
         [](Configuration & c) {
             if (c.strategy.ends_with(":conf")) c.strategy.resize(c.strategy.size() - std::string_view(":conf").size());
         }},
    };
    if (same_levers(without, with)) return "";
    for (const auto & [lever, turn_off] : levers) {
        Configuration less = with;
        turn_off(less);
        if (same_levers(less, without)) return lever;
    }
    return "";
}

} // namespace r1tune::eval

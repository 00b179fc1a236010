#include "prompt/profiles.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include <nlohmann/json.hpp>

#include "prompt/user_data.h"

namespace r1tune::prompt {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kExtension = ".json";
constexpr int kMaxStrategyWidth = 64;
constexpr int kMaxTokens = 131072;
constexpr std::array<std::string_view, 13> kProfileFields = {
    "scaffold",   "temperature",     "top_k",         "top_p",     "min_p",     "repeat_penalty", "max_tokens",
    "thinking_budget", "answer_format", "strategy", "tools", "verifiers", "note"};
constexpr std::array<Verifier, 4> kAllVerifiers = {Verifier::kArithmetic, Verifier::kConstraints, Verifier::kCode,
                                                   Verifier::kReference};

// Reads one field of a task's profile, producing errors that name where it is.
class FieldReader {
public:
    FieldReader(const json & object, std::string where) : object_(object), where_(std::move(where)) {}

    Status error(std::string_view field, const std::string & requirement, const json * value = nullptr) const {
        std::string message = where_ + ": \"" + std::string(field) + "\" " + requirement;
        if (value != nullptr) message += ", not " + value->dump();
        return Status::input(message);
    }

    // A finite number for which `in_range` holds.
    template <typename InRange>
    Status real(const char * field, InRange in_range, const std::string & requirement, float & out) const {
        const json * value = find(field);
        if (value == nullptr) return error(field, "is missing");
        if (!value->is_number()) return error(field, requirement, value);
        const double number = value->get<double>();
        if (!std::isfinite(number) || !in_range(number)) return error(field, requirement, value);
        out = static_cast<float>(number);
        return Status::ok();
    }

    Status integer(const char * field, long lo, long hi, const std::string & requirement, int & out,
                   bool required = true) const {
        const json * value = find(field);
        if (value == nullptr) return required ? error(field, "is missing") : Status::ok();
        if (!value->is_number_integer()) return error(field, requirement, value);
        const long number = value->get<long>();
        if (number < lo || number > hi) return error(field, requirement, value);
        out = static_cast<int>(number);
        return Status::ok();
    }

    Status text(const char * field, std::string & out, bool required = true) const {
        const json * value = find(field);
        if (value == nullptr) return required ? error(field, "is missing") : Status::ok();
        if (!value->is_string()) return error(field, "must be a string", value);
        out = value->get<std::string>();
        return Status::ok();
    }

    const json * find(const char * field) const {
        const auto it = object_.find(field);
        return it == object_.end() ? nullptr : &*it;
    }

private:
    const json & object_;
    std::string where_;
};

Status parse_strategy_field(const FieldReader & reader, const std::string & text, Strategy & out) {
    Status s = parse_strategy(text, out);
    return s ? s : reader.error("strategy", s.message());
}

Status parse_verifiers(const FieldReader & reader, std::vector<Verifier> & out) {
    const std::string requirement = "must be a list drawn from \"arithmetic\", \"constraints\", \"code\", \"reference\"";
    const json * value = reader.find("verifiers");
    if (value == nullptr) return reader.error("verifiers", "is missing");
    if (!value->is_array()) return reader.error("verifiers", requirement, value);
    out.clear();
    for (const json & item : *value) {
        const auto known = std::find_if(kAllVerifiers.begin(), kAllVerifiers.end(), [&item](Verifier v) {
            return item.is_string() && item.get_ref<const std::string &>() == to_string(v);
        });
        if (known == kAllVerifiers.end()) return reader.error("verifiers", requirement, &item);
        if (std::find(out.begin(), out.end(), *known) != out.end()) {
            return reader.error("verifiers", "names " + item.dump() + " twice");
        }
        out.push_back(*known);
    }
    return Status::ok();
}

Status parse_profile(const json & object, const std::string & where, Profile & out) {
    if (!object.is_object()) return Status::input(where + " must be an object of settings");
    for (const auto & [key, value] : object.items()) {
        if (std::find(kProfileFields.begin(), kProfileFields.end(), key) == kProfileFields.end()) {
            return Status::input(where + ": unknown field \"" + key + "\"");
        }
    }
    const FieldReader reader(object, where);
    Profile profile;
    if (Status s = reader.text("scaffold", profile.scaffold); !s) return s;
    if (profile.scaffold.empty() || profile.scaffold.find('/') != std::string::npos) {
        return reader.error("scaffold", "must be a scaffold name, \"none\" or \"auto\"", reader.find("scaffold"));
    }
    Sampling & sampling = profile.sampling;
    if (Status s = reader.real("temperature", [](double v) { return v >= 0 && v <= 2; },
                               "must be a number from 0 (greedy) to 2", sampling.temperature); !s) {
        return s;
    }
    if (Status s = reader.integer("top_k", 0, 1'000'000, "must be 0 (off) or a positive integer", sampling.top_k); !s) {
        return s;
    }
    if (Status s = reader.real("top_p", [](double v) { return v > 0 && v <= 1; },
                               "must be above 0 and at most 1 (1 = off)", sampling.top_p); !s) {
        return s;
    }
    if (Status s = reader.real("min_p", [](double v) { return v >= 0 && v < 1; },
                               "must be at least 0 and below 1 (0 = off)", sampling.min_p); !s) {
        return s;
    }
    // Above 2 a penalty garbles text; below 1 it would reward repetition, which is never wanted.
    if (Status s = reader.real("repeat_penalty", [](double v) { return v >= 1 && v <= 2; },
                               "must be from 1 (off) to 2", sampling.repeat_penalty); !s) {
        return s;
    }
    if (Status s = reader.integer("max_tokens", 1, kMaxTokens, "must be an integer from 1 to " + std::to_string(kMaxTokens),
                                  profile.max_tokens); !s) {
        return s;
    }
    if (Status s = reader.integer("thinking_budget", 0, kMaxTokens,
                                  "must be 0 (no cap) or an integer up to " + std::to_string(kMaxTokens),
                                  profile.thinking_budget, /*required=*/false);
        !s) {
        return s;
    }
    std::string strategy;
    if (Status s = reader.text("strategy", strategy); !s) return s;
    if (Status s = parse_strategy_field(reader, strategy, profile.strategy); !s) return s;
    std::string answer_format = "free";
    if (Status s = reader.text("answer_format", answer_format, /*required=*/false); !s) return s;
    if (Status s = parse_answer_format(answer_format, profile.answer_format); !s) {
        return reader.error("answer_format", "must be \"free\" or \"boxed\"", reader.find("answer_format"));
    }
    if (profile.answer_format == AnswerFormat::kBoxed && profile.strategy.kind == Strategy::Kind::kBeam) {
        return reader.error("answer_format", "cannot be \"boxed\" with beam search, which takes no answer grammar");
    }
    std::string tools = "off";
    if (Status s = reader.text("tools", tools, /*required=*/false); !s) return s;
    if (Status s = parse_tools(tools, profile.python_tool); !s) {
        return reader.error("tools", "must be \"python\" or \"off\"", reader.find("tools"));
    }
    if (Status s = parse_verifiers(reader, profile.verifiers); !s) return s;
    if (Status s = reader.text("note", profile.note, /*required=*/false); !s) return s;
    out = std::move(profile);
    return Status::ok();
}

// "guide.json" → "guide".
std::string table_name(const DataFile & file) { return file.name.substr(0, file.name.size() - kExtension.size()); }

} // namespace

Status parse_tools(std::string_view text, bool & python) {
    if (text == "python") python = true;
    else if (text == "off") python = false;
    else return Status::usage("tools must be python or off, not '" + std::string(text) + "'");
    return Status::ok();
}

Status parse_strategy(std::string_view text, Strategy & out) {
    const std::string requirement = "must be \"plain\", \"vote:N\", \"vote:N:conf\", \"auto:N\" or \"beam:N\" with N from 2 to " +
                                    std::to_string(kMaxStrategyWidth) + ", not \"" + std::string(text) + "\"";
    if (text == "plain") {
        out = Strategy();
        return Status::ok();
    }
    Strategy parsed;
    std::string_view rest = text;
    if (rest.starts_with("vote:")) {
        parsed.kind = Strategy::Kind::kVote;
        if (rest.ends_with(":conf")) {
            parsed.confidence_filter = true;
            rest.remove_suffix(std::string_view(":conf").size());
        }
    } else if (rest.starts_with("auto:")) {
        parsed.kind = Strategy::Kind::kVote;
        parsed.adaptive = true;
    } else if (rest.starts_with("beam:")) {
        parsed.kind = Strategy::Kind::kBeam;
    } else {
        return Status::usage(requirement);
    }
    rest.remove_prefix(std::string_view("vote:").size()); // "auto:" and "beam:" are as long
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), parsed.width);
    if (error != std::errc() || end != rest.data() + rest.size() || rest.empty() || parsed.width < 2 ||
        parsed.width > kMaxStrategyWidth) {
        return Status::usage(requirement);
    }
    out = parsed;
    return Status::ok();
}

std::string to_string(const Strategy & strategy) {
    switch (strategy.kind) {
        case Strategy::Kind::kPlain: return "plain";
        case Strategy::Kind::kVote:
            if (strategy.adaptive) return "auto:" + std::to_string(strategy.width);
            return "vote:" + std::to_string(strategy.width) + (strategy.confidence_filter ? ":conf" : "");
        case Strategy::Kind::kBeam: return "beam:" + std::to_string(strategy.width);
    }
    return "plain";
}

std::string_view to_string(Verifier verifier) {
    switch (verifier) {
        case Verifier::kArithmetic: return "arithmetic";
        case Verifier::kConstraints: return "constraints";
        case Verifier::kCode: return "code";
        case Verifier::kReference: return "reference";
    }
    return "arithmetic";
}

Status ProfileTable::parse(std::string_view json_text, const std::string & origin, ProfileTable & out) {
    const json root = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) return Status::input("the profile table " + origin + " is not valid JSON");
    if (!root.is_object()) return Status::input("the profile table " + origin + " must be a JSON object");
    for (const auto & [key, value] : root.items()) {
        if (key != "description" && key != "tasks") {
            return Status::input(origin + ": unknown field \"" + key + "\" (known: description, tasks)");
        }
    }
    ProfileTable table;
    table.name_ = origin;
    if (const auto it = root.find("description"); it != root.end()) {
        if (!it->is_string()) return Status::input(origin + ": \"description\" must be a string");
        table.description_ = it->get<std::string>();
    }
    const auto tasks = root.find("tasks");
    if (tasks == root.end() || !tasks->is_object()) {
        return Status::input(origin + " needs \"tasks\", an object with one profile per task");
    }
    for (const auto & [key, value] : tasks->items()) {
        if (!parse_task(key)) {
            return Status::input(origin + ": unknown task \"" + key + "\" (known: proof, code, math, logic, creative, chat)");
        }
    }
    for (Task task : kAllTasks) {
        const std::string name(to_string(task));
        const auto entry = tasks->find(name);
        if (entry == tasks->end()) return Status::input(origin + " has no profile for the task \"" + name + "\"");
        if (Status s = parse_profile(*entry, origin + ", task " + name, table.profiles_[static_cast<std::size_t>(task)]); !s) {
            return s;
        }
    }
    out = std::move(table);
    return Status::ok();
}

Status profile_table_names(const std::optional<fs::path> & user_dir, std::vector<std::string> & out) {
    std::vector<DataFile> files;
    if (Status s = collect_data_files("profiles", kExtension, user_dir, files); !s) return s;
    out.clear();
    for (const DataFile & file : files) out.push_back(table_name(file));
    return Status::ok();
}

Status load_profile_table(std::string_view name_or_path, const std::optional<fs::path> & user_dir, ProfileTable & out) {
    std::vector<DataFile> files;
    if (Status s = collect_data_files("profiles", kExtension, user_dir, files); !s) return s;
    for (const DataFile & file : files) {
        if (table_name(file) != name_or_path) continue;
        const std::string origin = file.source == DataSource::kBuiltIn ? std::string(name_or_path) : file.path.string();
        return ProfileTable::parse(file.text, origin, out);
    }
    std::error_code error;
    if (fs::is_regular_file(fs::path(name_or_path), error)) {
        std::string text;
        if (Status s = read_text_file(fs::path(name_or_path), text); !s) return s;
        return ProfileTable::parse(text, std::string(name_or_path), out);
    }
    std::string names;
    for (const DataFile & file : files) {
        if (!names.empty()) names += ", ";
        names += table_name(file);
    }
    return Status::usage("'" + std::string(name_or_path) + "' is neither a profile table (known: " + names +
                         ") nor a file");
}

} // namespace r1tune::prompt

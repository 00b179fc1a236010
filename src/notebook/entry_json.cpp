#include "notebook/entry_json.h"

namespace r1tune::notebook {

namespace {

using nlohmann::json;

// The text fields under their JSON names.
struct TextField {
    const char * name;
    std::string Entry::*member;
};
constexpr TextField kTextFields[] = {
    {"task", &Entry::task},         {"family", &Entry::family},         {"language", &Entry::language},
    {"question", &Entry::question}, {"wrong_output", &Entry::wrong_output}, {"mistake", &Entry::mistake},
    {"correction", &Entry::correction}, {"model", &Entry::model},       {"verified_by", &Entry::verified_by},
    {"created", &Entry::created}};

struct CountField {
    const char * name;
    int Entry::*member;
};
constexpr CountField kCountFields[] = {
    {"retrieved", &Entry::retrieved}, {"shown_right", &Entry::shown_right}, {"shown_failed", &Entry::shown_failed}};

} // namespace

json entry_to_json(const Entry & e) {
    json out = json::object();
    out["id"] = e.id;
    for (const TextField & f : kTextFields) out[f.name] = e.*f.member;
    out["tags"] = e.tags;
    for (const CountField & f : kCountFields) out[f.name] = e.*f.member;
    return out;
}

Status entry_from_json(const json & object, Entry & out) {
    out = Entry{};
    if (!object.is_object()) return Status::input("an entry must be a JSON object");
    for (const auto & [key, value] : object.items()) {
        bool known = false;
        for (const TextField & f : kTextFields) {
            if (key != f.name) continue;
            if (!value.is_string()) return Status::input("\"" + key + "\" must be a string");
            out.*f.member = value.get<std::string>();
            known = true;
        }
        for (const CountField & f : kCountFields) {
            if (key != f.name) continue;
            if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > 1'000'000'000) {
                return Status::input("\"" + key + "\" must be a count (a whole number from 0)");
            }
            out.*f.member = value.get<int>();
            known = true;
        }
        if (key == "id") {
            if (!value.is_number_integer()) return Status::input("\"id\" must be a whole number");
            out.id = value.get<std::int64_t>();
            known = true;
        } else if (key == "tags") {
            if (!value.is_array()) return Status::input("\"tags\" must be a list of strings");
            for (const json & tag : value) {
                if (!tag.is_string()) return Status::input("\"tags\" must be a list of strings");
                out.tags.push_back(tag.get<std::string>());
            }
            known = true;
        }
        if (!known) return Status::input("unknown field \"" + key + "\"");
    }
    if (out.verified_by.empty()) out.verified_by = "by hand";
    return validate(out);
}

Status entries_from_json_lines(std::string_view text, std::vector<Entry> & out) {
    out.clear();
    std::size_t line_number = 0;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const json object = json::parse(line, nullptr, false);
        if (object.is_discarded()) return Status::input("line " + std::to_string(line_number) + ": not JSON");
        Entry entry;
        if (Status s = entry_from_json(object, entry); !s) return s.prefixed("line " + std::to_string(line_number) + ": ");
        out.push_back(std::move(entry));
    }
    return Status::ok();
}

} // namespace r1tune::notebook

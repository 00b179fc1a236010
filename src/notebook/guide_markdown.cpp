#include "notebook/guide_markdown.h"

#include <array>
#include <optional>

#include "text/ascii_text.h"

namespace r1tune::notebook {

namespace {

enum class Field { kScene, kQuestion, kWrongOutput, kMistake, kCorrection, kSource };

struct Label {
    Field field;
    std::string_view chinese;
    std::string_view english;
};

constexpr std::array<Label, 6> kLabels = {{{Field::kScene, "场景", "Scene"},
                                           {Field::kQuestion, "题目", "Question"},
                                           {Field::kWrongOutput, "错误输出", "Wrong output"},
                                           {Field::kMistake, "典型错误", "Mistake"},
                                           {Field::kCorrection, "修正示范", "Correction"},
                                           {Field::kSource, "来源", "Source"}}};

constexpr std::string_view kOpen = "【";
constexpr std::string_view kClose = "】";
constexpr std::string_view kDot = " · ";

std::optional<std::pair<Field, std::size_t>> label_of(std::string_view line);

// A line of a field that would read as the format's own (a "---" or a label) is written behind a
// backslash, one more than it has: "\---" is a field's "---", "\\---" its "\---".
bool reads_as_format(std::string_view line) {
    while (line.starts_with('\\')) line.remove_prefix(1);
    return text::trim(line) == "---" || label_of(line).has_value();
}

std::string escaped(const std::string & value) {
    std::string out;
    for (std::size_t start = 0; start <= value.size();) {
        const std::size_t end = std::min(value.find('\n', start), value.size());
        const std::string_view line = std::string_view(value).substr(start, end - start);
        if (reads_as_format(line)) out += '\\';
        out += line;
        if (end < value.size()) out += '\n';
        start = end + 1;
    }
    return out;
}

std::string unescaped_line(std::string_view line) {
    if (line.starts_with('\\') && reads_as_format(line.substr(1))) line.remove_prefix(1);
    return std::string(line);
}

std::string labelled(std::string_view name, const std::string & text) {
    return std::string(kOpen) + std::string(name) + std::string(kClose) + escaped(text) + "\n";
}

// The label a line starts with, and where its text begins.
std::optional<std::pair<Field, std::size_t>> label_of(std::string_view line) {
    if (!line.starts_with(kOpen)) return std::nullopt;
    for (const Label & label : kLabels) {
        for (std::string_view name : {label.chinese, label.english}) {
            const std::string_view rest = line.substr(kOpen.size());
            if (rest.starts_with(name) && rest.substr(name.size()).starts_with(kClose)) {
                return std::pair{label.field, kOpen.size() + name.size() + kClose.size()};
            }
        }
    }
    return std::nullopt;
}

// Splits "a · b · c" into its trimmed parts.
std::vector<std::string> dotted(std::string_view text) {
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        std::size_t dot = text.find("·", start);
        const std::string_view part = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        parts.emplace_back(text::trim(part));
        if (dot == std::string_view::npos) break;
        start = dot + std::string_view("·").size();
    }
    return parts;
}

Status read_scene(std::string_view text, Entry & e) {
    const std::vector<std::string> parts = dotted(text);
    e.task = parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string & part = parts[i];
        if (part == "zh" || part == "en") {
            e.language = part;
        } else if (part.starts_with("#")) {
            for (std::size_t start = 0; start < part.size();) {
                std::size_t end = part.find_first_of(" \t", start);
                if (end == std::string::npos) end = part.size();
                std::string_view tag = std::string_view(part).substr(start, end - start);
                if (tag.starts_with("#")) tag.remove_prefix(1);
                if (!tag.empty()) e.tags.emplace_back(tag);
                start = end + 1;
            }
        } else if (e.family.empty()) {
            e.family = part;
        } else {
            return Status::input("the scene has two families, '" + e.family + "' and '" + part +
                                 "' (write it as: task · family · zh|en · #tag)");
        }
    }
    return Status::ok();
}

Status read_source(std::string_view text, Entry & e) {
    const std::vector<std::string> parts = dotted(text);
    if (parts.size() != 3) return Status::input("the source must be: model · the check that verified it · YYYY-MM-DD");
    e.model = parts[0] == "-" ? "" : parts[0];
    e.verified_by = parts[1];
    e.created = parts[2];
    return Status::ok();
}

// Drops blank lines at both ends of a field's text.
std::string field_text(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && (text[start] == '\n' || text[start] == ' ')) ++start;
    return text.substr(start);
}

} // namespace

std::string to_guide_markdown(const std::vector<Entry> & entries) {
    std::string out;
    for (const Entry & e : entries) {
        if (!out.empty()) out += "---\n\n";
        std::string scene = e.task;
        if (!e.family.empty()) scene += std::string(kDot) + e.family;
        scene += std::string(kDot) + e.language;
        if (!e.tags.empty()) {
            scene += kDot;
            for (std::size_t i = 0; i < e.tags.size(); ++i) scene += (i ? " #" : "#") + e.tags[i];
        }
        out += labelled(kLabels[0].chinese, scene);
        out += labelled(kLabels[1].chinese, e.question);
        if (!e.wrong_output.empty()) out += labelled(kLabels[2].chinese, e.wrong_output);
        out += labelled(kLabels[3].chinese, e.mistake);
        out += labelled(kLabels[4].chinese, e.correction);
        out += labelled(kLabels[5].chinese, (e.model.empty() ? "-" : e.model) + std::string(kDot) + e.verified_by +
                                                 std::string(kDot) + e.created);
        out += "\n";
    }
    return out;
}

Status from_guide_markdown(std::string_view text, std::vector<Entry> & out) {
    out.clear();
    std::optional<Entry> entry;
    std::size_t entry_line = 0;
    std::optional<Field> field;
    std::string value;
    std::size_t line_number = 0;

    const auto end_field = [&]() -> Status {
        if (!field) return Status::ok();
        std::string t = field_text(std::move(value));
        value.clear();
        Status s = Status::ok();
        switch (*field) {
        case Field::kScene: s = read_scene(t, *entry); break;
        case Field::kQuestion: entry->question = t; break;
        case Field::kWrongOutput: entry->wrong_output = t; break;
        case Field::kMistake: entry->mistake = t; break;
        case Field::kCorrection: entry->correction = t; break;
        case Field::kSource: s = read_source(t, *entry); break;
        }
        field.reset();
        return s;
    };
    const auto end_entry = [&]() -> Status {
        if (Status s = end_field(); !s) return s.prefixed("line " + std::to_string(line_number) + ": ");
        if (!entry) return Status::ok();
        if (entry->verified_by.empty()) entry->verified_by = "by hand";
        if (Status s = validate(*entry); !s) return s.prefixed("the entry at line " + std::to_string(entry_line) + ": ");
        out.push_back(std::move(*entry));
        entry.reset();
        return Status::ok();
    };

    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (line.ends_with('\r')) line.remove_suffix(1);
        start = end + 1;
        ++line_number;
        if (text::trim(line) == "---") {
            if (Status s = end_entry(); !s) return s;
            continue;
        }
        if (const auto label = label_of(line)) {
            if (label->first == Field::kScene) {
                if (Status s = end_entry(); !s) return s;
                entry.emplace();
                entry_line = line_number;
            } else if (!entry) {
                return Status::input("line " + std::to_string(line_number) + ": an entry starts with 【场景】 (its scene)");
            }
            if (Status s = end_field(); !s) return s.prefixed("line " + std::to_string(line_number - 1) + ": ");
            field = label->first;
            value = unescaped_line(line.substr(label->second)) + "\n";
            continue;
        }
        if (field) {
            value += unescaped_line(line) + "\n";
        } else if (!text::trim(line).empty() && !line.starts_with("#")) {
            // Outside an entry only blank lines and Markdown headings (a title) may stand.
            return Status::input("line " + std::to_string(line_number) + ": text outside an entry (an entry starts with 【场景】)");
        }
    }
    return end_entry();
}

} // namespace r1tune::notebook

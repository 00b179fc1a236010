#include "prompt/scaffold_library.h"

#include <algorithm>
#include <system_error>

namespace r1tune::prompt {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kExtension = ".md";

text::Language other(text::Language language) {
    return language == text::Language::kChinese ? text::Language::kEnglish : text::Language::kChinese;
}

std::string_view language_name(text::Language language) {
    return language == text::Language::kChinese ? "Chinese" : "English";
}

// "math.zh.md" → name "math", Chinese. False when the file name has no language suffix.
bool split_file_name(std::string_view file_name, std::string & name, text::Language & language) {
    if (!file_name.ends_with(kExtension)) return false;
    file_name.remove_suffix(kExtension.size());
    const std::size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return false;
    const std::optional<text::Language> parsed = parse_language_code(file_name.substr(dot + 1));
    if (!parsed) return false;
    name = std::string(file_name.substr(0, dot));
    language = *parsed;
    return true;
}

std::string known_names(const ScaffoldLibrary & library) {
    std::string out;
    for (const std::string & name : library.names()) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

} // namespace

std::string_view language_code(text::Language language) {
    return language == text::Language::kChinese ? "zh" : "en";
}

std::optional<text::Language> parse_language_code(std::string_view code) {
    if (code == "zh") return text::Language::kChinese;
    if (code == "en") return text::Language::kEnglish;
    return std::nullopt;
}

Status ScaffoldLibrary::load(const std::optional<fs::path> & user_dir, ScaffoldLibrary & out) {
    std::vector<DataFile> files;
    if (Status s = collect_data_files("scaffolds", kExtension, user_dir, files); !s) return s;
    ScaffoldLibrary library;
    for (DataFile & file : files) {
        const std::string origin = file.source == DataSource::kBuiltIn ? "the built-in scaffold " + file.name
                                                                         : file.path.string();
        Scaffold scaffold;
        if (!split_file_name(file.name, scaffold.name, scaffold.language)) {
            return Status::input(origin + " must be named NAME.zh.md or NAME.en.md to be a scaffold");
        }
        scaffold.source = file.source;
        scaffold.path = file.path;
        if (Status s = ScaffoldTemplate::parse(file.text, origin, scaffold.body); !s) return s;
        scaffold.text = std::move(file.text);
        library.scaffolds_.push_back(std::move(scaffold));
    }
    std::sort(library.scaffolds_.begin(), library.scaffolds_.end(), [](const Scaffold & a, const Scaffold & b) {
        if (a.name != b.name) return a.name < b.name;
        return a.language == text::Language::kEnglish && b.language == text::Language::kChinese;
    });
    out = std::move(library);
    return Status::ok();
}

std::vector<std::string> ScaffoldLibrary::names() const {
    std::vector<std::string> names;
    for (const Scaffold & scaffold : scaffolds_) {
        if (names.empty() || names.back() != scaffold.name) names.push_back(scaffold.name);
    }
    return names;
}

const Scaffold * ScaffoldLibrary::find(std::string_view name, text::Language language) const {
    for (const Scaffold & scaffold : scaffolds_) {
        if (scaffold.name == name && scaffold.language == language) return &scaffold;
    }
    return nullptr;
}

Status ScaffoldLibrary::get(std::string_view name, text::Language language, const Scaffold *& out,
                            std::string & note) const {
    note.clear();
    out = find(name, language);
    if (out != nullptr) return Status::ok();
    out = find(name, other(language));
    if (out != nullptr) {
        note = "the scaffold '" + std::string(name) + "' has no " + std::string(language_name(language)) +
               " version; using the " + std::string(language_name(other(language))) + " one";
        return Status::ok();
    }
    return Status::usage("there is no scaffold '" + std::string(name) + "' (known: " + known_names(*this) + ")");
}

Status load_scaffold_file(const fs::path & path, Scaffold & out) {
    std::string text;
    if (Status s = read_text_file(path, text); !s) return s;
    Scaffold scaffold;
    if (!split_file_name(path.filename().string(), scaffold.name, scaffold.language)) {
        scaffold.name = path.stem().string();
        scaffold.language = text::detect_language(text);
    }
    scaffold.source = DataSource::kFile;
    scaffold.path = path;
    if (Status s = ScaffoldTemplate::parse(text, path.string(), scaffold.body); !s) return s;
    scaffold.text = std::move(text);
    out = std::move(scaffold);
    return Status::ok();
}

Status choose_scaffold(const ScaffoldLibrary & library, std::string_view spec, text::Language language,
                       ScaffoldChoice & out) {
    out = ScaffoldChoice();
    if (spec == "none") return Status::ok();
    // A library name wins over a file of the same name in the working folder: names are what
    // people type, and a path can always be written ./name.
    const std::vector<std::string> names = library.names();
    if (std::find(names.begin(), names.end(), spec) != names.end()) {
        const Scaffold * scaffold = nullptr;
        if (Status s = library.get(spec, language, scaffold, out.note); !s) return s;
        out.scaffold = *scaffold;
        return Status::ok();
    }
    std::error_code error;
    if (fs::is_regular_file(fs::path(spec), error)) {
        Scaffold scaffold;
        if (Status s = load_scaffold_file(fs::path(spec), scaffold); !s) return s;
        out.scaffold = std::move(scaffold);
        return Status::ok();
    }
    return Status::usage(std::string(spec) + " is neither a scaffold (known: " + known_names(library) +
                         ") nor a file, nor none");
}

} // namespace r1tune::prompt

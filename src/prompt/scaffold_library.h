// The scaffolds r1tune knows: one file per scaffold and language (NAME.zh.md, NAME.en.md),
// built in from data/scaffolds and overridable from the user folder (prompt/user_data.h), plus
// any file the user names on the command line.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prompt/scaffold_template.h"
#include "prompt/user_data.h"
#include "text/language.h"
#include "util/status.h"

namespace r1tune::prompt {

struct Scaffold {
    std::string name; // "math", "word_problem", …; a file's name without its suffixes
    text::Language language = text::Language::kEnglish;
    DataSource source = DataSource::kBuiltIn;
    std::filesystem::path path; // empty for built-in scaffolds
    std::string text;           // the file as written, for `r1tune scaffolds show`
    ScaffoldTemplate body;
};

// "zh" and "en", as in file names and --lang.
std::string_view language_code(text::Language language);
std::optional<text::Language> parse_language_code(std::string_view code);

class ScaffoldLibrary {
public:
    // The built-in scaffolds with the user's `user_dir`/scaffolds/*.md over them. A file not
    // named NAME.zh.md or NAME.en.md, or one that does not parse, is an input error naming it.
    static Status load(const std::optional<std::filesystem::path> & user_dir, ScaffoldLibrary & out);

    // By name, then English before Chinese.
    const std::vector<Scaffold> & scaffolds() const { return scaffolds_; }
    std::vector<std::string> names() const;

    // Exactly this name and language, or nullptr.
    const Scaffold * find(std::string_view name, text::Language language) const;

    // This name in `language`, else in the other language with `note` saying so (empty
    // otherwise). A name the library lacks is a usage error that lists the known ones.
    Status get(std::string_view name, text::Language language, const Scaffold *& out, std::string & note) const;

private:
    std::vector<Scaffold> scaffolds_;
};

// A scaffold from any file. Its language comes from a .zh.md or .en.md suffix when it has one,
// else from the text itself.
Status load_scaffold_file(const std::filesystem::path & path, Scaffold & out);

// What `solve --scaffold NAME|FILE|none` chose: no scaffold for "none", a library scaffold in
// the question's language (with a note when only the other language exists), or a file.
struct ScaffoldChoice {
    std::optional<Scaffold> scaffold;
    std::string note;
};
Status choose_scaffold(const ScaffoldLibrary & library, std::string_view spec, text::Language language,
                       ScaffoldChoice & out);

} // namespace r1tune::prompt

// `r1tune scaffolds list` shows the prompt scaffolds (built-in and the user's), and
// `r1tune scaffolds show NAME [--lang zh|en]` prints one as written, ready to be copied into the
// user folder and edited there.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "prompt/scaffold_library.h"
#include "prompt/user_data.h"

namespace r1tune::cli {

namespace {

using prompt::Scaffold;
using prompt::ScaffoldLibrary;

struct ShowOptions {
    std::string name;
    std::string lang; // "zh", "en", or empty for every language there is
};

// "built-in", "user", or per language when they differ ("en built-in, zh user").
std::string sources_of(const std::vector<const Scaffold *> & versions) {
    bool mixed = false;
    for (const Scaffold * version : versions) mixed = mixed || version->source != versions.front()->source;
    if (!mixed) return std::string(prompt::to_string(versions.front()->source));
    std::string out;
    for (const Scaffold * version : versions) {
        if (!out.empty()) out += ", ";
        out += std::string(prompt::language_code(version->language)) + " " + std::string(prompt::to_string(version->source));
    }
    return out;
}

Status load_library(ScaffoldLibrary & library) {
    return ScaffoldLibrary::load(prompt::user_data_dir(), library);
}

Status run_list() {
    ScaffoldLibrary library;
    if (Status s = load_library(library); !s) return s;
    if (const auto user_dir = prompt::user_data_dir()) {
        std::printf("Scaffolds (a NAME.zh.md or NAME.en.md in %s replaces or adds one)\n",
                    (*user_dir / "scaffolds").c_str());
    } else {
        std::printf("Scaffolds (set R1TUNE_DATA to a folder with scaffolds/ to add your own)\n");
    }
    std::printf("  %-14s %-6s %-22s %s\n", "NAME", "LANG", "SOURCE", "DESCRIPTION");
    for (const std::string & name : library.names()) {
        std::vector<const Scaffold *> versions;
        std::string languages;
        for (const Scaffold & scaffold : library.scaffolds()) {
            if (scaffold.name != name) continue;
            versions.push_back(&scaffold);
            if (!languages.empty()) languages += " ";
            languages += prompt::language_code(scaffold.language);
        }
        // The English description when there is one: it is the one every reader can use.
        const std::string & description = versions.front()->body.description();
        std::printf("  %-14s %-6s %-22s %s\n", name.c_str(), languages.c_str(), sources_of(versions).c_str(),
                    description.c_str());
    }
    return Status::ok();
}

void print_scaffold(const Scaffold & scaffold, bool with_header) {
    if (with_header) {
        const std::string where = scaffold.path.empty() ? "built-in" : scaffold.path.string();
        std::printf("==> %s.%s.md (%s) <==\n", scaffold.name.c_str(),
                    std::string(prompt::language_code(scaffold.language)).c_str(), where.c_str());
    }
    std::fputs(scaffold.text.c_str(), stdout);
    if (!scaffold.text.empty() && scaffold.text.back() != '\n') std::fputc('\n', stdout);
}

Status run_show(const ShowOptions & options) {
    ScaffoldLibrary library;
    if (Status s = load_library(library); !s) return s;
    if (!options.lang.empty()) {
        const Scaffold * scaffold = nullptr;
        std::string note;
        if (Status s = library.get(options.name, *prompt::parse_language_code(options.lang), scaffold, note); !s) {
            return s;
        }
        if (!note.empty()) std::fprintf(stderr, "r1tune: %s\n", note.c_str());
        print_scaffold(*scaffold, /*with_header=*/false);
        return Status::ok();
    }
    bool first = true;
    for (const Scaffold & scaffold : library.scaffolds()) {
        if (scaffold.name != options.name) continue;
        if (!first) std::fputc('\n', stdout);
        print_scaffold(scaffold, /*with_header=*/true);
        first = false;
    }
    if (first) {
        // Not there in any language: let the library word the error and list the names.
        const Scaffold * scaffold = nullptr;
        std::string note;
        return library.get(options.name, text::Language::kEnglish, scaffold, note);
    }
    return Status::ok();
}

} // namespace

void register_scaffolds(CLI::App & app, int & exit_code) {
    CLI::App * scaffolds = app.add_subcommand("scaffolds", "List the prompt scaffolds or show one");
    scaffolds->require_subcommand(1);

    CLI::App * list = scaffolds->add_subcommand("list", "List the scaffolds, built-in and your own");
    list->callback([&exit_code] {
        const Status status = run_list();
        exit_code = status ? 0 : report_error(status);
    });

    // CLI11 fills the options after this function returns, so they live as long as the app.
    auto options = std::make_shared<ShowOptions>();
    CLI::App * show = scaffolds->add_subcommand("show", "Print a scaffold as written (every language unless --lang)");
    show->add_option("name", options->name, "The scaffold's name (see `r1tune scaffolds list`)")->required();
    show->add_option("--lang", options->lang, "Only this language: zh or en")->check(CLI::IsMember({"zh", "en"}));
    show->callback([options, &exit_code] {
        const Status status = run_show(*options);
        exit_code = status ? 0 : report_error(status);
    });
}

} // namespace r1tune::cli

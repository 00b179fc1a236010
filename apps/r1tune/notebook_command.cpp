// `r1tune notebook`: the mistake notebook (错题本) by hand. add, list, search, show, edit, rm,
// export and import, all on one SQLite file (--notebook PATH, default in the user's data folder).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "eval/dataset.h"
#include "eval/mistakes.h"
#include "eval/results_file.h"
#include "notebook/entry_json.h"
#include "notebook/harvest.h"
#include "notebook/guide_markdown.h"
#include "notebook/notebook_store.h"
#include "notebook_option.h"
#include "pipeline/notebook_consult.h"
#include "prompt/scaffold_library.h"
#include "question_input.h"
#include "text/characters.h"
#include "text/utf8.h"

namespace r1tune::cli {

namespace {

using notebook::Entry;
using notebook::NotebookStore;

// A notebook file is text people wrote or exported: a few megabytes at most.
constexpr std::size_t kMaxImportBytes = std::size_t{64} << 20;

// The fields `add` and `edit` take; unset ones are left alone (edit) or filled in (add).
struct FieldOptions {
    std::optional<std::string> question, mistake, correction, wrong_output, task, family, language, model, verified_by;
    std::optional<std::vector<std::string>> tags;
};

struct NotebookOptions {
    std::string path; // empty: the default
    FieldOptions fields;
    std::string file;   // add/import: entries from a file; harvest: the eval results
    std::string dataset; // harvest: the items the results are of
    std::string config;  // harvest: whose wrong answers (default: the file's first configuration)
    std::string query;  // search
    int count = 5;      // search
    std::vector<std::int64_t> ids;
    bool json = false;
    std::string format = "jsonl"; // export
    std::string output;           // export: a file instead of standard output
};

// Commands that add entries make the notebook; the others need one that is there.
Status open_store(const NotebookOptions & o, std::unique_ptr<NotebookStore> & store,
                  NotebookStore::Opening opening = NotebookStore::Opening::kExisting) {
    return open_notebook(o.path.empty() ? "default" : o.path, opening, store);
}

// One JSON object on one line; text that is not valid UTF-8 (a database edited by hand) is
// printed with replacement characters rather than stopping the command.
std::string json_line(const nlohmann::json & value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void apply(const FieldOptions & f, Entry & e) {
    const auto set = [](const std::optional<std::string> & value, std::string & field) {
        if (value) field = *value;
    };
    set(f.question, e.question);
    set(f.mistake, e.mistake);
    set(f.correction, e.correction);
    set(f.wrong_output, e.wrong_output);
    set(f.task, e.task);
    set(f.family, e.family);
    set(f.language, e.language);
    set(f.model, e.model);
    set(f.verified_by, e.verified_by);
    if (f.tags) e.tags = *f.tags;
}

std::string one_line(const std::string & text, std::size_t bytes) {
    std::string line = text.substr(0, text.find('\n'));
    const std::string_view cut = text::cut_to_bytes(line, bytes);
    return cut.size() < line.size() || line.size() < text.size() ? std::string(cut) + "…" : line;
}

std::string scene_of(const Entry & e) {
    std::string scene = e.task + (e.family.empty() ? "" : "/" + e.family) + " " + e.language;
    for (const std::string & tag : e.tags) scene += " #" + tag;
    return scene;
}

void print_row(const Entry & e, const std::optional<double> & score) {
    std::printf("%5lld  %-28s %s", static_cast<long long>(e.id), scene_of(e).c_str(), one_line(e.question, 60).c_str());
    if (score) std::printf("  (score %.2f)", *score);
    std::printf("\n");
}

Status read_entries_file(const std::string & path, std::vector<Entry> & entries) {
    std::string text;
    if (Status s = read_text_input(path, "the text", kMaxImportBytes, text); !s) return s;
    const bool markdown = path.ends_with(".md") || path.ends_with(".markdown");
    const Status s = markdown ? notebook::from_guide_markdown(text, entries) : notebook::entries_from_json_lines(text, entries);
    return s ? s : s.prefixed(path + ": ");
}

// Adds the entries not there yet (the same question and correction); counts both.
Status add_new(NotebookStore & store, std::vector<Entry> & entries, int & added, int & skipped) {
    for (Entry & e : entries) {
        e.id = 0;
        bool is_new = false;
        if (Status s = store.add_if_new(e, is_new); !s) return s;
        ++(is_new ? added : skipped);
    }
    return Status::ok();
}

Status run_add(const NotebookOptions & o) {
    std::unique_ptr<NotebookStore> store;
    std::vector<Entry> entries;
    if (!o.file.empty()) {
        const FieldOptions & f = o.fields;
        if (f.question || f.mistake || f.correction || f.wrong_output || f.task || f.family || f.language || f.model ||
            f.verified_by || f.tags) {
            return Status::usage("--file gives whole entries; the field options are for one entry without it");
        }
        if (Status s = read_entries_file(o.file, entries); !s) return s;
    } else {
        Entry e;
        apply(o.fields, e);
        if (e.question.empty() || e.mistake.empty() || e.correction.empty()) {
            return Status::usage("an entry needs --question, --mistake and --correction (or --file FILE)");
        }
        if (!text::is_valid_utf8(e.question)) return Status::input("the question is not valid UTF-8");
        pipeline::fill_from_router(e);
        entries.push_back(std::move(e));
    }
    // A bad entry is refused before a notebook is made for it.
    for (const Entry & e : entries) {
        if (Status s = notebook::validate(e); !s) return s;
    }
    if (Status s = open_store(o, store, NotebookStore::Opening::kMakeIfMissing); !s) return s;
    for (Entry & e : entries) {
        e.id = 0;
        bool added = false;
        if (Status s = store->add_if_new(e, added); !s) return s;
        if (added) {
            std::printf("added entry %lld\n", static_cast<long long>(e.id));
        } else {
            std::printf("already there: %s\n", one_line(e.question, 60).c_str());
        }
    }
    return Status::ok();
}

Status run_list(const NotebookOptions & o) {
    std::unique_ptr<NotebookStore> store;
    if (Status s = open_store(o, store); !s) return s;
    std::vector<Entry> entries;
    if (Status s = store->list(entries); !s) return s;
    for (const Entry & e : entries) {
        if (o.json) {
            std::printf("%s\n", json_line(notebook::entry_to_json(e)).c_str());
        } else {
            print_row(e, std::nullopt);
        }
    }
    if (!o.json) std::fprintf(stderr, "r1tune: %zu entries in %s\n", entries.size(), store->path().c_str());
    return Status::ok();
}

Status run_search(const NotebookOptions & o) {
    if (!text::is_valid_utf8(o.query)) return Status::input("the search query is not valid UTF-8");
    std::unique_ptr<NotebookStore> store;
    if (Status s = open_store(o, store); !s) return s;
    std::vector<notebook::Hit> hits;
    if (Status s = store->search(o.query, o.count, hits); !s) return s;
    for (const notebook::Hit & hit : hits) {
        if (o.json) {
            nlohmann::json line = notebook::entry_to_json(hit.entry);
            line["score"] = hit.score;
            std::printf("%s\n", json_line(line).c_str());
        } else {
            print_row(hit.entry, hit.score);
        }
    }
    if (!o.json && hits.empty()) std::fprintf(stderr, "r1tune: no entry shares a word with the query\n");
    return Status::ok();
}

Status run_show(const NotebookOptions & o) {
    std::unique_ptr<NotebookStore> store;
    if (Status s = open_store(o, store); !s) return s;
    std::vector<Entry> entries;
    for (const std::int64_t id : o.ids) {
        Entry e;
        if (Status s = store->get(id, e); !s) return s;
        entries.push_back(std::move(e));
    }
    if (o.json) {
        for (const Entry & e : entries) std::printf("%s\n", json_line(notebook::entry_to_json(e)).c_str());
    } else {
        std::fputs(notebook::to_guide_markdown(entries).c_str(), stdout);
    }
    return Status::ok();
}

Status run_edit(const NotebookOptions & o) {
    std::unique_ptr<NotebookStore> store;
    if (Status s = open_store(o, store); !s) return s;
    Entry e;
    if (Status s = store->get(o.ids.front(), e); !s) return s;
    apply(o.fields, e);
    if (Status s = store->replace(e); !s) return s;
    std::printf("changed entry %lld\n", static_cast<long long>(e.id));
    return Status::ok();
}

Status run_remove(const NotebookOptions & o) {
    std::unique_ptr<NotebookStore> store;
    if (Status s = open_store(o, store); !s) return s;
    for (const std::int64_t id : o.ids) {
        if (Status s = store->remove(id); !s) return s;
        std::printf("removed entry %lld\n", static_cast<long long>(id));
    }
    return Status::ok();
}

Status run_export(const NotebookOptions & o) {
    std::unique_ptr<NotebookStore> store;
    if (Status s = open_store(o, store); !s) return s;
    std::vector<Entry> entries;
    if (Status s = store->list(entries); !s) return s;
    std::string text;
    if (o.format == "md") {
        text = notebook::to_guide_markdown(entries);
    } else {
        for (const Entry & e : entries) text += json_line(notebook::entry_to_json(e)) + "\n";
    }
    if (o.output.empty()) {
        std::fputs(text.c_str(), stdout);
        return Status::ok();
    }
    // Through a temporary file and a rename: an export that fails halfway leaves no half file.
    const std::string partial = o.output + ".partial";
    {
        std::ofstream out(partial, std::ios::binary);
        out << text;
        if (!out.flush()) return Status::io("cannot write " + partial);
    }
    std::error_code ec;
    std::filesystem::rename(partial, o.output, ec);
    if (ec) return Status::io("cannot write " + o.output + ": " + ec.message());
    std::fprintf(stderr, "r1tune: %zu entries written to %s\n", entries.size(), o.output.c_str());
    return Status::ok();
}

Status run_import(const NotebookOptions & o) {
    std::vector<Entry> entries;
    if (Status s = read_entries_file(o.file, entries); !s) return s;
    std::unique_ptr<NotebookStore> store;
    if (Status s = open_store(o, store, NotebookStore::Opening::kMakeIfMissing); !s) return s;
    int added = 0, skipped = 0;
    if (Status s = add_new(*store, entries, added, skipped); !s) return s;
    std::printf("imported %d entries (%d already there)\n", added, skipped);
    return Status::ok();
}

Status run_harvest(const NotebookOptions & o) {
    nlohmann::json run;
    std::vector<eval::ItemResult> results;
    if (Status s = eval::ResultsFile::read_any(o.file, run, results); !s) return s;
    if (results.empty()) return Status::input(o.file + " holds no results yet");
    std::ifstream in(o.dataset, std::ios::binary);
    if (!in) return Status::input("cannot read the dataset " + o.dataset);
    std::vector<eval::EvalItem> items;
    eval::DatasetReport report;
    if (Status s = eval::read_dataset(in, o.dataset, eval::BadLines::kRefuse, items, report); !s) return s;
    // The dataset must be the one the run evaluated: GSM8K's own files number their items by line,
    // so another file of the same kind would pair one question with another's answer. The run's
    // items are a run of the dataset's (eval's --skip and --limit) whose digest is in the file's
    // header; it holds every row's item, but need not start at the first row's, since items
    // answered at once (--parallel) are written as they finish.
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < items.size(); ++i) index[items[i].id] = i;
    const std::size_t count = run.value("items", std::size_t{0});
    std::size_t lowest = items.size(), highest = 0;
    bool all_known = count > 0;
    for (const eval::ItemResult & r : results) {
        const auto found = index.find(r.item_id);
        if (found == index.end()) {
            all_known = false;
            break;
        }
        lowest = std::min(lowest, found->second);
        highest = std::max(highest, found->second);
    }
    std::optional<std::size_t> start;
    if (all_known && highest - lowest < count) {
        const std::string digest = run.value("items_digest", std::string());
        for (std::size_t s = highest + 1 >= count ? highest + 1 - count : 0; s <= lowest && !start; ++s) {
            if (s + count > items.size()) break;
            const auto from = items.begin() + static_cast<std::ptrdiff_t>(s);
            if (std::to_string(eval::items_digest({from, from + static_cast<std::ptrdiff_t>(count)})) == digest) start = s;
        }
    }
    if (!start) return Status::input(o.dataset + " is not the dataset " + o.file + " was evaluated on (its items differ)");
    std::map<std::string, const eval::EvalItem *> by_id;
    for (std::size_t i = *start; i < *start + count; ++i) by_id[items[i].id] = &items[i];
    std::map<std::string, const eval::ItemResult *> right;
    for (const eval::ItemResult & r : results) {
        if (r.correct && !right.contains(r.item_id)) right[r.item_id] = &r;
    }
    const std::string config = o.config.empty() ? results.front().config : o.config;
    const std::string model = run.value("model", std::string());
    std::vector<Entry> entries;
    int wrong = 0, uncorrected = 0, matched = 0;
    for (const eval::ItemResult & r : results) {
        if (r.config != config) continue;
        ++matched;
        const auto item = by_id.find(r.item_id);
        if (r.correct || item == by_id.end()) continue;
        ++wrong;
        const auto found = right.find(r.item_id);
        const auto mistake = eval::mistake_in(*item->second, r, found == right.end() ? nullptr : found->second, model);
        if (!mistake) {
            ++uncorrected;
            continue;
        }
        entries.push_back(notebook::entry_for(*mistake));
    }
    if (matched == 0) return Status::input(o.file + " holds no results of configuration '" + config + "'");
    std::unique_ptr<NotebookStore> store;
    if (Status s = open_store(o, store, NotebookStore::Opening::kMakeIfMissing); !s) return s;
    int added = 0, skipped = 0;
    if (Status s = add_new(*store, entries, added, skipped); !s) return s;
    std::printf("harvested %d entries from %d wrong answers of %s (%d without a known correction, %d already there)\n",
                added, wrong, config.c_str(), uncorrected, skipped);
    return Status::ok();
}

void add_notebook_option(CLI::App * command, NotebookOptions & o) {
    command->add_option("--notebook", o.path, "the notebook file (default: $XDG_DATA_HOME/r1tune/notebook.sqlite)");
}

void add_field_options(CLI::App * command, FieldOptions & f) {
    command->add_option("-q,--question", f.question, "the question the mistake was made on");
    command->add_option("--mistake", f.mistake, "what went wrong, in one sentence (【典型错误】)");
    command->add_option("--correction", f.correction, "the corrected derivation (【修正示范】)");
    command->add_option("--wrong", f.wrong_output, "an excerpt of the wrong answer (【错误输出】)");
    command->add_option("--task", f.task, "math, code, logic, proof, creative or chat (default: the router's)");
    command->add_option("--family", f.family, "the problem family, e.g. chicken_rabbit (default: the router's)");
    command->add_option("--tag", f.tags, "a free tag (repeat for more)");
    command->add_option("--language", f.language, "zh or en (default: the question's)")->check(CLI::IsMember({"zh", "en"}));
    command->add_option("--model", f.model, "the model that made the mistake");
    command->add_option("--verified-by", f.verified_by, "the check that verified the correction (default: by hand)");
}

} // namespace

void register_notebook(CLI::App & app, int & exit_code) {
    CLI::App * notebook = app.add_subcommand("notebook", "The mistake notebook (错题本): add, list, search, show, edit, rm, export, import, harvest");
    notebook->require_subcommand(1);
    // CLI11 fills the options after this function returns, so they live as long as the app.
    auto o = std::make_shared<NotebookOptions>();
    const auto command = [&](const char * name, const char * what, Status (*run)(const NotebookOptions &)) {
        CLI::App * sub = notebook->add_subcommand(name, what);
        add_notebook_option(sub, *o);
        sub->callback([o, run, &exit_code] {
            const Status status = run(*o);
            exit_code = status ? 0 : report_error(status);
        });
        return sub;
    };

    CLI::App * add = command("add", "Add an entry (its fields as options) or the entries of a file", run_add);
    add_field_options(add, o->fields);
    add->add_option("-f,--file", o->file, "entries from a file: the guide's Markdown (.md) or JSON Lines");

    CLI::App * list = command("list", "List the entries", run_list);
    list->add_flag("--json", o->json, "one JSON object per entry");

    CLI::App * search = command("search", "The entries closest to a question or words", run_search);
    search->add_option("query", o->query, "a question or some words")->required();
    search->add_option("-k,--count", o->count, "how many entries at most (default 5)")->check(CLI::Range(1, 1000));
    search->add_flag("--json", o->json, "one JSON object per entry, with its score");

    CLI::App * show = command("show", "Print entries in the guide's format", run_show);
    show->add_option("id", o->ids, "entry ids")->required();
    show->add_flag("--json", o->json, "as JSON");

    CLI::App * edit = command("edit", "Change fields of an entry", run_edit);
    edit->add_option("id", o->ids, "the entry's id")->required()->expected(1);
    add_field_options(edit, o->fields);

    CLI::App * rm = command("rm", "Remove entries", run_remove);
    rm->add_option("id", o->ids, "entry ids")->required();

    CLI::App * exp = command("export", "Write every entry: JSON Lines (with the counters) or the guide's Markdown", run_export);
    exp->add_option("--format", o->format, "jsonl or md (default jsonl)")->check(CLI::IsMember({"jsonl", "md"}));
    exp->add_option("-o,--output", o->output, "a file instead of standard output");

    CLI::App * imp = command("import", "Add the entries of a file not there yet (.md: the guide's Markdown; else JSON Lines)", run_import);
    imp->add_option("file", o->file, "the file")->required();

    CLI::App * harvest = command("harvest", "Add the wrong answers of an eval run whose correction is known (the item's "
                                            "worked solution, or another configuration's right answer)", run_harvest);
    harvest->add_option("results", o->file, "an `r1tune eval` results file")->required();
    harvest->add_option("--dataset", o->dataset, "the dataset the run evaluated (JSON Lines or GSM8K)")->required();
    harvest->add_option("--config", o->config, "whose wrong answers (default: the file's first configuration)");
}

} // namespace r1tune::cli

#include "notebook_option.h"

#include "notebook/notebook_path.h"

namespace r1tune::cli {

Status open_notebook(const std::string & file, notebook::NotebookStore::Opening opening,
                     std::unique_ptr<notebook::NotebookStore> & out) {
    std::filesystem::path path = file;
    if (file == "default") {
        if (Status s = notebook::default_notebook_path(path); !s) return s;
    }
    return notebook::NotebookStore::open(path, opening, out);
}

void NotebookOption::add_options(CLI::App & command, const std::string & learn_help) {
    command.add_flag("--learn", learn, learn_help + " in the notebook (--notebook's, else the default one)");
    command.add_option("--notebook", file,
                       "mistake notebook whose closest entries go in front of each question: a file, default (the "
                       "one `r1tune notebook` keeps), or off")
        ->capture_default_str();
    command.add_option("--notebook-budget", retrieval.token_budget, "tokens the notebook's entries may take together")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
}

Status NotebookOption::open(std::unique_ptr<notebook::NotebookStore> & out) const {
    out.reset();
    if (file == "off") return Status::ok();
    return open_notebook(file, notebook::NotebookStore::Opening::kExisting, out);
}

Status NotebookOption::open_for_learning(notebook::NotebookStore * reading, std::unique_ptr<notebook::NotebookStore> & own,
                                         notebook::NotebookStore *& out) const {
    out = learn ? reading : nullptr;
    if (!learn || reading != nullptr) return Status::ok();
    if (Status s = open_notebook(file == "off" ? "default" : file, notebook::NotebookStore::Opening::kMakeIfMissing, own); !s) {
        return s;
    }
    out = own.get();
    return Status::ok();
}

} // namespace r1tune::cli

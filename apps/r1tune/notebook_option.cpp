#include "notebook_option.h"

#include "notebook/notebook_path.h"

namespace r1tune::cli {

Status open_notebook(const std::string & file, std::unique_ptr<notebook::NotebookStore> & out) {
    std::filesystem::path path = file;
    if (file == "default") {
        if (Status s = notebook::default_notebook_path(path); !s) return s;
    }
    return notebook::NotebookStore::open(path, out);
}

void NotebookOption::add_options(CLI::App & command) {
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
    return open_notebook(file, out);
}

} // namespace r1tune::cli

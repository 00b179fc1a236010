// --notebook for solve, eval and serve: which mistake notebook puts its entries in front of the
// questions, and how many tokens they may take. Off unless asked for: measured, the notebook has
// not yet shown that it helps (README).
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "notebook/notebook_store.h"
#include "notebook/retrieval.h"
#include "util/status.h"

namespace r1tune::cli {

// Opens the notebook at `file`: a path, or "default" for the one in the user's data folder.
Status open_notebook(const std::string & file, notebook::NotebookStore::Opening opening,
                     std::unique_ptr<notebook::NotebookStore> & out);

struct NotebookOption {
    std::string file = "off"; // a path, "default", or "off"
    notebook::RetrievalOptions retrieval;
    bool learn = false; // record mistakes with a known correction

    // --notebook and --notebook-budget; --learn with `learn_help` saying what is recorded.
    void add_options(CLI::App & command, const std::string & learn_help);
    // The notebook asked for; null when off.
    Status open(std::unique_ptr<notebook::NotebookStore> & out) const;
    // Where --learn writes: `reading` (the notebook open for --notebook), else the default one,
    // opened into `own`; null without --learn.
    Status open_for_learning(notebook::NotebookStore * reading, std::unique_ptr<notebook::NotebookStore> & own,
                             notebook::NotebookStore *& out) const;
};

} // namespace r1tune::cli

// Where the notebook lives when --notebook does not say: the user's data folder (XDG), so that
// solve, eval and serve find the same one.
#pragma once

#include <filesystem>

#include "util/status.h"

namespace r1tune::notebook {

// $XDG_DATA_HOME/r1tune/notebook.sqlite, else ~/.local/share/r1tune/notebook.sqlite.
Status default_notebook_path(std::filesystem::path & out);

} // namespace r1tune::notebook

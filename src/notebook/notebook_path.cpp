#include "notebook/notebook_path.h"

#include <cstdlib>

namespace r1tune::notebook {

Status default_notebook_path(std::filesystem::path & out) {
    const char * data = std::getenv("XDG_DATA_HOME");
    const char * home = std::getenv("HOME");
    // XDG says a relative XDG_DATA_HOME is to be ignored.
    if (data != nullptr && data[0] == '/') {
        out = std::filesystem::path(data) / "r1tune" / "notebook.sqlite";
    } else if (home != nullptr && home[0] != '\0') {
        out = std::filesystem::path(home) / ".local" / "share" / "r1tune" / "notebook.sqlite";
    } else {
        return Status::usage("cannot tell where the notebook is: set HOME or XDG_DATA_HOME, or give --notebook PATH");
    }
    return Status::ok();
}

} // namespace r1tune::notebook

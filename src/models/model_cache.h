// Where r1tune keeps downloaded models, and how a --model argument becomes a file path.
#pragma once

#include <filesystem>
#include <string_view>

#include "models/catalog.h"
#include "util/status.h"

namespace r1tune::models {

// The cache folder: $R1TUNE_CACHE, else $XDG_CACHE_HOME/r1tune, else $HOME/.cache/r1tune
// (the same rule as scripts/common.sh). An error only when none of them is set.
Status find_cache_dir(std::filesystem::path & cache_dir);

// <cache>/models: the folder catalog models are kept in.
std::filesystem::path models_dir(const std::filesystem::path & cache_dir);

// Where a catalog model lives once it has been fetched.
std::filesystem::path cached_model_path(const std::filesystem::path & cache_dir,
                                        const ModelEntry & entry);

// Turns what the user passed as a model into a file: an existing path is used as it is; a
// catalog name becomes its file in the cache. A name whose file is not there yet is an error
// that says how to fetch it.
Status resolve_model(std::string_view model, const Catalog & catalog,
                     std::filesystem::path & model_path);

} // namespace r1tune::models

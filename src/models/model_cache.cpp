#include "models/model_cache.h"

#include <cstdlib>
#include <string>
#include <system_error>

namespace r1tune::models {

namespace {

namespace fs = std::filesystem;

// An unset and an empty variable mean the same: not configured.
const char * non_empty_env(const char * name) {
    const char * value = std::getenv(name);
    return value != nullptr && value[0] != '\0' ? value : nullptr;
}

std::string known_names(const Catalog & catalog) {
    std::string names;
    for (const ModelEntry & entry : catalog.models()) {
        if (!names.empty()) names += ", ";
        names += entry.name;
    }
    return names;
}

// A path-looking argument that does not exist is a missing file, not an unknown model name.
bool looks_like_path(std::string_view model) {
    return model.find('/') != std::string_view::npos || model.ends_with(".gguf");
}

} // namespace

Status find_cache_dir(fs::path & cache_dir) {
    if (const char * cache = non_empty_env("R1TUNE_CACHE")) {
        cache_dir = cache;
    } else if (const char * xdg = non_empty_env("XDG_CACHE_HOME")) {
        cache_dir = fs::path(xdg) / "r1tune";
    } else if (const char * home = non_empty_env("HOME")) {
        cache_dir = fs::path(home) / ".cache" / "r1tune";
    } else {
        return Status::io("cannot tell where the model cache is: set R1TUNE_CACHE or HOME");
    }
    return Status::ok();
}

fs::path models_dir(const fs::path & cache_dir) { return cache_dir / "models"; }

fs::path cached_model_path(const fs::path & cache_dir, const ModelEntry & entry) {
    return models_dir(cache_dir) / entry.file;
}

Status resolve_model(std::string_view model, const Catalog & catalog, fs::path & model_path) {
    const fs::path as_path(model);
    std::error_code error;
    if (fs::exists(as_path, error)) {
        if (fs::is_directory(as_path, error)) {
            return Status::model(as_path.string() + " is a folder, not a model file");
        }
        model_path = as_path;
        return Status::ok();
    }

    const ModelEntry * entry = catalog.find(model);
    if (entry == nullptr) {
        if (looks_like_path(model)) {
            return Status::model("there is no model file at " + as_path.string());
        }
        return Status::model("'" + std::string(model) +
                             "' is neither a model file nor a model name in the catalog (" +
                             known_names(catalog) + ")");
    }

    fs::path cache_dir;
    if (Status s = find_cache_dir(cache_dir); !s) return s;
    const fs::path cached = cached_model_path(cache_dir, *entry);
    if (fs::is_regular_file(cached, error)) {
        model_path = cached;
        return Status::ok();
    }
    return Status::model("model '" + entry->name + "' is not downloaded yet: run `r1tune pull " +
                         entry->name + "`");
}

} // namespace r1tune::models

#include "pipeline/runtime.h"

#include "models/catalog.h"
#include "models/model_cache.h"

namespace r1tune::pipeline {

prompt::ModelFamily family_of(const engine::ChatFormat & format) {
    if (format.is_transcript()) return prompt::ModelFamily::kBase;
    return format.is_r1_family() ? prompt::ModelFamily::kDeepSeekR1 : prompt::ModelFamily::kChat;
}

Status Runtime::load(const RuntimeOptions & options, std::unique_ptr<Runtime> & out) {
    models::Catalog catalog;
    if (Status s = models::load_embedded_catalog(catalog); !s) return s;
    std::unique_ptr<Runtime> runtime(new Runtime());
    const std::string spec = options.model.empty() ? catalog.default_model().name : options.model;
    if (Status s = models::resolve_model(spec, catalog, runtime->model_path_); !s) return s;
    if (Status s = engine::Model::load({runtime->model_path_.string(), options.use_mmap, options.use_mlock, options.verbose},
                                       runtime->model_);
        !s) {
        return s;
    }
    if (Status s = engine::ChatFormat::create(*runtime->model_, runtime->format_); !s) return s;
    runtime->family_ = family_of(*runtime->format_);
    out = std::move(runtime);
    return Status::ok();
}

Status Runtime::open_session(const engine::ContextOptions & context) {
    sessions_.clear(); // their cells are freed before the new sessions allocate their own
    return engine::Session::create_lanes(*model_, context, sessions_);
}

Status Runtime::restore_prompt_cache(const std::filesystem::path & file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec) && !ec) return Status::ok();
    return session().load_prefix(file);
}

} // namespace r1tune::pipeline

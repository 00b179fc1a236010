#include "backend_option.h"

namespace r1tune::cli {

void BackendOption::add_options(CLI::App & command, bool several) {
    const std::string what =
        several ? "URLs of OpenAI-compatible servers (llama-server, vLLM, SGLang, r1tune serve) serving one model, which "
                  "answers instead of a local one; several share the items, one item each at a time"
                : "URL of an OpenAI-compatible server (llama-server, vLLM, SGLang, r1tune serve) whose model answers "
                  "instead of a local one";
    const std::string help = what + "; r1tune's scaffolds, votes (as the request's n), checks, feedback and notebook run on top";
    // One URL is a string option: a list would swallow solve's question after it.
    CLI::Option * url = several ? command.add_option("--backend", urls, help)->delimiter(',')
                                : command.add_option_function<std::string>(
                                      "--backend", [this](const std::string & u) { urls = {u}; }, help);
    command.add_option("--backend-model", model, "the backend's model id (default: the first it lists)")->needs(url);
    command.add_option("--backend-key", api_key, "API key for the backend (default: $R1TUNE_BACKEND_KEY)")
        ->envname("R1TUNE_BACKEND_KEY"); // not ->needs(url): the variable may be set for other runs
    command.add_option("--backend-timeout", timeout_seconds, "seconds one request to the backend may take")
        ->check(CLI::Range(1L, 7L * 24 * 3600))
        ->capture_default_str()
        ->needs(url);
    url_option_ = url;
}

void BackendOption::exclude_local_options(CLI::App & command) const {
    for (const char * name : {"--model", "--threads", "--ctx-size", "--batch-size", "--cpus", "--prompt-cache", "--kv-type",
                              "--mlock", "--no-mmap", "--sequences"}) {
        if (CLI::Option * local = command.get_option_no_throw(name)) url_option_->excludes(local);
    }
}

Status BackendOption::connect(std::vector<remote::OpenAiBackend> & out) const {
    out.clear();
    for (const std::string & url : urls) {
        remote::BackendOptions options{url, model.empty() && !out.empty() ? out.front().model() : model, api_key,
                                       timeout_seconds};
        remote::OpenAiBackend backend;
        if (Status s = remote::OpenAiBackend::connect(options, backend); !s) {
            // The first server named the model; another that lacks it serves something else.
            if (model.empty() && !out.empty() && s.kind() == ErrorKind::kUsage) {
                return Status::usage(url + " does not serve " + out.front().model() + ", which " + out.front().url() +
                                     " does: one run measures one model (" + s.message() + ")");
            }
            return s;
        }
        out.push_back(std::move(backend));
    }
    return Status::ok();
}

} // namespace r1tune::cli

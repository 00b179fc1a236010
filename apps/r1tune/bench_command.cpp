// `r1tune bench`: r1tune's engine next to llama.cpp's own tools, built from the same pinned source,
// on the same model, threads and sizes: prompt and decode speed, time to first token and peak
// memory against llama-bench; batched decoding against llama-batched-bench; optionally a sweep of
// thread counts, pinned and not, the prefix cache and serving against llama-server, and
// speculative decoding against llama-server's. Every number is measured in interleaved rounds
// and reported as a median with its range, next to the per-round ratio r1tune ÷ llama.cpp, so a
// reader can tell a difference from the noise of a shared machine. Both sides run in child
// processes of their own: r1tune's as `r1tune bench --worker ...` (see bench/engine_worker.h).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/batched_section.h"
#include "bench/engine_worker.h"
#include "bench/load_average.h"
#include "bench/prefix_section.h"
#include "bench/report_format.h"
#include "bench/report_json.h"
#include "bench/sections.h"
#include "bench/serve_section.h"
#include "bench/single_section.h"
#include "bench/spec_measurement.h"
#include "bench/spec_section.h"
#include "bench/sweep_plan.h"
#include "bench/sweep_section.h"
#include "commands.h"
#include "cpu/core_cpus.h"
#include "cpu/cpu_list.h"
#include "cpu/machine.h"
#include "engine/build_info.h"
#include "engine/generation.h"
#include "engine/session.h"
#include "models/model_cache.h"
#include "process/temporary_folder.h"
#include "util/today.h"

namespace r1tune::cli {

namespace {

struct BenchOptions {
    std::string model;           // path or catalog name; empty = the default model
    int threads = 0;             // 0 = physical cores
    int rounds = 3;
    int prompt_tokens = 512;
    int decode_tokens = 128;
    std::vector<int> batch{1, 2, 4, 8};
    bool sweep = false;
    std::string llama_bin;       // folder of llama.cpp's tools; empty = beside this binary
    std::string sections;        // empty = single,batched (and sweep with --sweep)
    bool json = false;
    std::string markdown;        // file for the Markdown section; empty = none
    // The child that measures r1tune's side (single, batched, prefix-prompts, prefix,
    // prefix-restored, spec, spec-prompts); empty in the parent.
    std::string worker;
    std::string cpus;            // the worker's pinning, as cpu::format_cpu_list writes it
    int prefix_tokens = 1000;    // the prefix section's shared prefix
    std::string state_file;      // the prefix workers' saved prefix
    int serve_tokens = 64;       // the serve section's tokens per request
    int spec_tokens = 2;         // the spec section's proposals per step (r1tune's --spec-tokens)
    std::string draft;           // the spec section's draft model for llama-server; empty = none
    bool spec_off = false;       // the spec worker decodes plainly
    // The section options given on the command line, each with the sections that read it: one
    // whose sections the run leaves out changes nothing, which the parent says instead of
    // ignoring it silently.
    std::vector<std::pair<std::string, std::vector<bench::Section>>> section_options_given;
};

// Beyond these a run takes hours on the CPUs r1tune is for; the batched context is checked
// against what a session accepts separately.
constexpr int kMaxTokensOption = 16384;
constexpr int kMaxSequences = 64;

bench::SingleRequest single_request(const BenchOptions & o, const std::string & model_path, int threads) {
    bench::SingleRequest request;
    request.model_path = model_path;
    request.threads = threads;
    request.prompt_tokens = o.prompt_tokens;
    request.decode_tokens = o.decode_tokens;
    request.batch_size = engine::ContextOptions{}.n_batch;
    return request;
}

bench::BatchedRequest batched_request(const BenchOptions & o, const std::string & model_path, int threads) {
    bench::BatchedRequest request;
    request.model_path = model_path;
    request.threads = threads;
    request.prompt_tokens = o.prompt_tokens;
    request.decode_tokens = o.decode_tokens;
    request.batch_size = engine::ContextOptions{}.n_batch;
    request.sequence_counts = o.batch;
    return request;
}

bench::PrefixRequest prefix_request(const BenchOptions & o, const std::string & model_path, int threads) {
    bench::PrefixRequest request;
    request.model_path = model_path;
    request.threads = threads;
    request.prefix_tokens = o.prefix_tokens;
    request.state_file = o.state_file;
    return request;
}

// In the child: measure r1tune's side and print the one line the parent reads.
Status run_worker(const BenchOptions & o) {
    std::string line;
    Status status;
    if (o.worker == "single") {
        bench::SingleRequest request = single_request(o, o.model, o.threads);
        if (!o.cpus.empty()) {
            if (Status s = cpu::parse_cpu_list(o.cpus, request.cpus); !s) return s;
        }
        status = bench::run_single_worker(request, line);
    } else if (o.worker == "batched") {
        status = bench::run_batched_worker(batched_request(o, o.model, o.threads), line);
    } else if (o.worker == "prefix-prompts") {
        status = bench::run_prefix_prompts_worker(prefix_request(o, o.model, o.threads), line);
    } else if (o.worker == "prefix") {
        status = bench::run_prefix_worker(prefix_request(o, o.model, o.threads), line);
    } else if (o.worker == "prefix-restored") {
        status = bench::run_prefix_restored_worker(prefix_request(o, o.model, o.threads), line);
    } else if (o.worker == "spec" || o.worker == "spec-prompts") {
        bench::SpecRequest request;
        request.model_path = o.model;
        request.threads = o.threads;
        request.decode_tokens = o.decode_tokens;
        request.spec_tokens = o.spec_off ? 0 : o.spec_tokens;
        request.prompts_only = o.worker == "spec-prompts";
        status = bench::run_spec_worker(request, line);
    } else {
        return Status::usage("--worker must be single, batched, prefix-prompts, prefix, prefix-restored, spec or spec-prompts, not '" +
                             o.worker + "'");
    }
    std::cout << line << "\n";
    return status;
}

Status choose_sections(const BenchOptions & o, std::vector<bench::Section> & out) {
    if (Status s = bench::parse_sections(o.sections.empty() ? "single,batched" : o.sections, out); !s) return s;
    if (o.sweep && std::find(out.begin(), out.end(), bench::Section::kSweep) == out.end()) {
        out.push_back(bench::Section::kSweep);
    }
    return Status::ok();
}

// Runs `section` with a folder of its own (what it holds: `what`), removed afterwards. A server
// that fails brings its log's last lines into the report, so nothing in the folder is needed later.
Status in_temporary_folder(const std::string & what, const std::function<Status(const std::filesystem::path &)> & section) {
    std::filesystem::path root;
    try {
        root = std::filesystem::temp_directory_path(); // $TMPDIR, else /tmp
    } catch (const std::filesystem::filesystem_error & e) {
        const char * tmpdir = std::getenv("TMPDIR"); // the only way there is to name another folder
        return Status::io("the folder for temporary files, " + std::string(tmpdir ? tmpdir : "/tmp") + ", cannot hold " +
                          what + ": " + e.code().message());
    }
    const process::TemporaryFolder folder(root, "r1tune-bench-");
    if (folder.path().empty()) return Status::io(folder.error() + " (for " + what + ")");
    return section(folder.path());
}

Status run_bench(const BenchOptions & o) {
    std::vector<bench::Section> sections;
    if (Status s = choose_sections(o, sections); !s) return s;
    const auto runs = [&sections](bench::Section section) {
        return std::find(sections.begin(), sections.end(), section) != sections.end();
    };
    const bool batched = runs(bench::Section::kBatched);
    if (const int context = batched_request(o, /*model_path=*/"", /*threads=*/1).context_size();
        batched && context > engine::ContextOptions::kMaxContext) {
        return Status::usage("the batched section would need a context of " + std::to_string(context) +
                             " tokens (--prompt-tokens + the largest --batch × --decode-tokens), more than " +
                             std::to_string(engine::ContextOptions::kMaxContext));
    }
    std::error_code error;
    if (!o.llama_bin.empty() && !std::filesystem::is_directory(o.llama_bin, error)) {
        return Status::usage("--llama-bin: " + o.llama_bin + " is not a folder");
    }

    models::Catalog catalog;
    if (Status s = models::load_embedded_catalog(catalog); !s) return s;
    std::filesystem::path model_path;
    if (Status s = models::resolve_model(o.model.empty() ? catalog.default_model().name : o.model, catalog, model_path);
        !s) {
        return s;
    }

    // The spec section's draft model, for llama-server: a path or catalog name, resolved like -m.
    std::filesystem::path draft_path;
    if (!o.draft.empty() && runs(bench::Section::kSpec)) {
        if (Status s = models::resolve_model(o.draft, catalog, draft_path); !s) return s.prefixed("--draft: ");
    }
    // Said once the input is known good, so that an error stays the only line.
    for (const auto & [option, readers] : o.section_options_given) {
        if (std::none_of(readers.begin(), readers.end(), runs)) {
            std::string names;
            for (std::size_t i = 0; i < readers.size(); ++i) {
                names += i == 0 ? "" : i + 1 == readers.size() ? " and " : ", ";
                names += bench::section_name(readers[i]);
            }
            std::fprintf(stderr, "r1tune: note: %s is for the %s section%s, which this run leaves out, so it changes nothing\n",
                         option.c_str(), names.c_str(), readers.size() > 1 ? "s" : "");
        }
    }

    bench::BenchReport report;
    report.model_path = model_path.string();
    if (const auto bytes = std::filesystem::file_size(model_path, error); !error) report.model_bytes = bytes;
    report.cpu = cpu::read_cpu_info();
    report.memory = cpu::read_memory_info();
    report.load_before = bench::read_load_average();
    report.threads = o.threads > 0 ? o.threads : std::max(1, report.cpu.physical_cores);
    report.rounds = o.rounds;
    report.prompt_tokens = o.prompt_tokens;
    report.decode_tokens = o.decode_tokens;
    report.batch_size = engine::ContextOptions{}.n_batch;
    report.llama_cpp_build = engine::llama_cpp_build();
    report.date = today();

    bench::BenchSetup setup;
    setup.r1tune = bench::kThisBinary;
    const std::filesystem::path tools_dir = o.llama_bin.empty() ? bench::this_binary_dir() : std::filesystem::path(o.llama_bin);
    setup.llama_bench = bench::find_llama_tool(tools_dir, "llama-bench");
    setup.batched_bench = bench::find_llama_tool(tools_dir, "llama-batched-bench");
    setup.rounds = o.rounds;
    setup.progress = [](const std::string & line) { std::fprintf(stderr, "bench %s\n", line.c_str()); };

    if (!o.json) {
        for (const auto & line : bench::report_header(report)) std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    }
    const bench::SingleRequest single = single_request(o, report.model_path, report.threads);
    const bench::LlamaTool llama_server = bench::find_llama_tool(tools_dir, "llama-server");
    for (const bench::Section section : sections) {
        Status status;
        switch (section) {
            case bench::Section::kSingle: status = bench::run_single_section(setup, single, report); break;
            case bench::Section::kBatched:
                status = bench::run_batched_section(setup, batched_request(o, report.model_path, report.threads), report);
                break;
            case bench::Section::kSweep: {
                const bool openmp = engine::llama_system_info().find("OPENMP = 1") != std::string::npos;
                const auto points = bench::plan_sweep(cpu::read_core_cpus(), report.threads);
                status = bench::run_sweep_section(setup, single, points, openmp, report);
                break;
            }
            case bench::Section::kPrefix:
                // Both sides' saved prefixes go to a folder of this run's own.
                status = in_temporary_folder("the saved prefixes", [&](const std::filesystem::path & folder) {
                    bench::PrefixRequest request = prefix_request(o, report.model_path, report.threads);
                    request.state_file = folder / "r1tune-prefix.bin";
                    return bench::run_prefix_section(setup, request, llama_server, report);
                });
                break;
            case bench::Section::kServe:
                status = in_temporary_folder("the servers' logs", [&](const std::filesystem::path & folder) {
                    bench::ServeRequest request;
                    request.model_path = report.model_path;
                    request.threads = report.threads;
                    request.max_tokens = o.serve_tokens;
                    request.log_dir = folder;
                    return bench::run_serve_section(setup, request, llama_server, report);
                });
                break;
            case bench::Section::kSpec:
                status = in_temporary_folder("the servers' logs", [&](const std::filesystem::path & folder) {
                    bench::SpecSectionRequest request;
                    request.model_path = report.model_path;
                    request.threads = report.threads;
                    request.decode_tokens = o.decode_tokens;
                    request.spec_tokens = o.spec_tokens;
                    request.draft_model = draft_path.string();
                    request.log_dir = folder;
                    return bench::run_spec_section(setup, request, llama_server, report);
                });
                break;
        }
        if (!status) return status;
        if (!o.json) {
            std::printf("\n%s", bench::section_text(report.sections.back()).c_str());
            std::fflush(stdout);
        }
    }
    if (const std::string note = bench::tools_commit_note(report); !note.empty() && !o.json) {
        std::printf("\n%s\n", note.c_str());
    }
    if (o.json) std::cout << bench::report_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    if (!o.markdown.empty()) {
        std::ofstream file(o.markdown);
        file << bench::report_markdown(report);
        file.close();
        if (!file) return Status::io("could not write the Markdown report to " + o.markdown);
    }
    return Status::ok();
}

} // namespace

void register_bench(CLI::App & app, int & exit_code) {
    using bench::Section;
    auto options = std::make_shared<BenchOptions>();
    auto & o = *options;
    auto * cmd = app.add_subcommand("bench", "r1tune's engine speed next to llama.cpp's own tools, as ratios");
    // The options only some sections read, with those sections.
    auto read_by = std::make_shared<std::vector<std::pair<CLI::Option *, std::vector<Section>>>>();
    cmd->add_option("-m,--model", o.model, "GGUF file or catalog name (default: the default model)");
    cmd->add_option("-t,--threads", o.threads, "CPU threads, and the sweep's largest count (default: physical cores)")
        ->check(CLI::Range(1, engine::ContextOptions::kMaxThreads));
    cmd->add_option("--rounds", o.rounds, "rounds of r1tune and llama.cpp back to back")
        ->check(CLI::Range(1, 100))->capture_default_str();
    read_by->push_back({cmd->add_option("--prompt-tokens", o.prompt_tokens, "prompt length")
                            ->check(CLI::Range(1, kMaxTokensOption))->capture_default_str(),
                        {Section::kSingle, Section::kBatched, Section::kSweep}});
    read_by->push_back({cmd->add_option("--decode-tokens", o.decode_tokens, "tokens decoded per sequence")
                            ->check(CLI::Range(1, kMaxTokensOption))->capture_default_str(),
                        {Section::kSingle, Section::kBatched, Section::kSweep, Section::kSpec}});
    read_by->push_back({cmd->add_option("--batch", o.batch, "sequence counts of the batched section, e.g. 1,2,4,8")
                            ->delimiter(',')->check(CLI::Range(1, kMaxSequences))->capture_default_str(),
                        {Section::kBatched}});
    cmd->add_flag("--sweep", o.sweep, "add the sweep: 1..threads threads, each not pinned and pinned one per core");
    cmd->add_option("--llama-bin", o.llama_bin, "folder of llama-bench and llama-batched-bench (default: beside r1tune)")
        ->option_text("DIR");
    cmd->add_option("--sections", o.sections,
                    "which parts to run: single,batched,sweep,prefix,serve,spec (default: single,batched)")
        ->option_text("LIST");
    cmd->add_flag("--json", o.json, "print the results as JSON instead of tables");
    cmd->add_option("--markdown", o.markdown, "also write the results as a Markdown section to FILE")
        ->option_text("FILE");
    cmd->add_option("--worker", o.worker)->group(""); // r1tune's side in a child process
    cmd->add_option("--cpus", o.cpus)->group("");
    read_by->push_back({cmd->add_option("--serve-tokens", o.serve_tokens, "the serve section's tokens per request")
                            ->check(CLI::Range(1, 4096))->capture_default_str(),
                        {Section::kServe}});
    read_by->push_back({cmd->add_option("--prefix-tokens", o.prefix_tokens, "the prefix section's shared prefix, in tokens")
                            ->check(CLI::Range(16, kMaxTokensOption))->capture_default_str(),
                        {Section::kPrefix}});
    cmd->add_option("--state-file", o.state_file)->group("");
    cmd->add_flag("--spec-off", o.spec_off)->group("");
    read_by->push_back({cmd->add_option("--spec-tokens", o.spec_tokens,
                                        "the spec section's proposals per step for r1tune (--spec ngram)")
                            ->check(CLI::Range(1, engine::GenerationOptions::kMaxSpeculate))->capture_default_str(),
                        {Section::kSpec}});
    read_by->push_back({cmd->add_option("--draft", o.draft,
                                        "the spec section's draft model for llama-server's draft speculation (GGUF file "
                                        "or catalog name)")
                            ->option_text("MODEL"),
                        {Section::kSpec}});
    cmd->callback([options, read_by, &exit_code] {
        for (const auto & [option, sections] : *read_by) {
            if (option->count() > 0) options->section_options_given.emplace_back(option->get_name(), sections);
        }
        const Status status = options->worker.empty() ? run_bench(*options) : run_worker(*options);
        exit_code = status ? 0 : report_error(status);
    });
}

} // namespace r1tune::cli

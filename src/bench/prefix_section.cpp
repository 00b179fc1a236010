#include "bench/prefix_section.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <memory>

#include <nlohmann/json.hpp>

#include "bench/engine_worker.h"
#include "bench/llama_server.h"
#include "bench/report_format.h"
#include "bench/section_rows.h"
#include "pipeline/runtime.h"

namespace r1tune::bench {

namespace {

using json = nlohmann::json;

// The target of the issue: warm within 10 % of llama-server's.
constexpr double kWarmRatioTarget = 1.10;

std::vector<std::string> worker_command(const BenchSetup & setup, const char * mode, const PrefixRequest & request) {
    return {setup.r1tune.string(), "bench", "--worker", mode, "-m", request.model_path,
            "-t", std::to_string(request.threads), "--prefix-tokens", std::to_string(request.prefix_tokens),
            "--state-file", request.state_file.string()};
}

Status run_worker_json(const BenchSetup & setup, const char * mode, const PrefixRequest & request, json & out) {
    process::ChildResult child;
    if (Status s = run_worker_command(worker_command(setup, mode, request), child); !s) return s;
    return read_worker_line(child.out, out);
}

// The fields a worker's line must hold, checked before they are read: a line of another shape
// (a worker of another version, a cut-off line) is an error that says so, not a crash.
Status check_numbers(const json & doc, std::initializer_list<const char *> fields, const char * mode) {
    for (const char * field : fields) {
        if (!doc.contains(field) || !doc[field].is_number()) {
            return Status::internal(std::string("r1tune's ") + mode + " measuring process printed no \"" + field + "\"");
        }
    }
    return Status::ok();
}

Status read_prompts(const json & doc, PrefixPrompts & out) {
    for (const char * field : {"first", "second", "third"}) {
        const auto it = doc.find(field);
        if (it == doc.end() || !it->is_array() ||
            !std::all_of(it->begin(), it->end(), [](const json & t) { return t.is_number_integer(); })) {
            return Status::internal(std::string("r1tune's prefix-prompts measuring process printed no \"") + field +
                                    "\" prompt");
        }
    }
    if (Status s = check_numbers(doc, {"shared"}, "prefix-prompts"); !s) return s;
    out.first = doc["first"].get<std::vector<int>>();
    out.second = doc["second"].get<std::vector<int>>();
    out.third = doc["third"].get<std::vector<int>>();
    out.shared = doc["shared"].get<int>();
    return Status::ok();
}

// r1tune's side of one round: the in-process measurement, then the restored one in a new process.
Status r1tune_round(const BenchSetup & setup, const PrefixRequest & request, PrefixMeasurement & in_process,
                    RestoredMeasurement & restored) {
    json doc;
    if (Status s = run_worker_json(setup, "prefix", request, doc); !s) return s;
    if (Status s = check_numbers(doc, {"cold_ms", "warm_ms", "warm_reused", "save_ms"}, "prefix"); !s) return s;
    in_process.cold_ms = doc["cold_ms"].get<double>();
    in_process.warm_ms = doc["warm_ms"].get<double>();
    in_process.warm_reused = doc["warm_reused"].get<int>();
    in_process.save_ms = doc["save_ms"].get<double>();
    if (Status s = run_worker_json(setup, "prefix-restored", request, doc); !s) return s;
    if (Status s = check_numbers(doc, {"load_ms", "warm_ms", "reused"}, "prefix-restored"); !s) return s;
    restored.load_ms = doc["load_ms"].get<double>();
    restored.warm_ms = doc["warm_ms"].get<double>();
    restored.reused = doc["reused"].get<int>();
    return Status::ok();
}

// llama-server's side of one round: cold, warm, save, restart, restore, warm again.
struct ServerRound {
    CompletionTimings cold, warm, restored;
    double save_ms = 0;
    double restore_ms = 0;
};

Status server_round(const LlamaTool & tool, const PrefixRequest & request, const PrefixPrompts & prompts,
                    ServerRound & out) {
    ServerOptions options;
    options.binary = tool.path;
    options.model = request.model_path;
    options.threads = request.threads;
    options.context = prompts.context_size();
    options.slot_dir = request.state_file.parent_path() / "llama-server-slots";
    const std::string slot_file = "prefix.bin";
    {
        std::unique_ptr<LlamaServer> server;
        if (Status s = LlamaServer::start(options, server); !s) return s;
        if (Status s = server->complete(prompts.first, out.cold); !s) return s;
        if (Status s = server->complete(prompts.second, out.warm); !s) return s;
        if (Status s = server->save_slot(slot_file, out.save_ms); !s) return s;
    }
    std::unique_ptr<LlamaServer> server;
    if (Status s = LlamaServer::start(options, server); !s) return s;
    if (Status s = server->restore_slot(slot_file, out.restore_ms); !s) return s;
    return server->complete(prompts.third, out.restored);
}

// The cache's own target: a question behind the cached prefix starts within this share of a cold one's time.
constexpr double kWarmColdTarget = 0.30;

std::string warm_cold_note(const ComparisonRow & cold, const ComparisonRow & warm) {
    const Spread ratio = spread_of(round_ratios(warm.r1tune, cold.r1tune));
    if (ratio.count == 0) return "";
    char target[16];
    std::snprintf(target, sizeof target, "%.2f", kWarmColdTarget);
    return "Later questions of a run, r1tune warm ÷ cold ≤ " + std::string(target) + ": " +
           (ratio.median <= kWarmColdTarget ? "met" : "missed") + ", median " + format_spread(ratio, 3) + ".";
}

std::string target_note(const ComparisonRow & row, const std::string & what) {
    const Spread ratio = row.ratio_spread();
    if (ratio.count == 0) return "";
    char target[16];
    std::snprintf(target, sizeof target, "%.2f", kWarmRatioTarget);
    return "Warm target " + what + ", r1tune ÷ llama-server ≤ " + target + ": " +
           (ratio.median <= kWarmRatioTarget ? "met" : "missed") + ", median " + format_spread(ratio, 3) + ".";
}

Status load_for_prompts(const PrefixRequest & request, PrefixPrompts & prompts) {
    std::unique_ptr<pipeline::Runtime> runtime;
    if (Status s = pipeline::Runtime::load({request.model_path}, runtime); !s) return s;
    return build_prefix_prompts(runtime->model(), runtime->format(), request.prefix_tokens, prompts);
}

} // namespace

Status run_prefix_prompts_worker(const PrefixRequest & request, std::string & line) {
    PrefixPrompts prompts;
    const Status s = load_for_prompts(request, prompts);
    line = s ? json{{"first", prompts.first}, {"second", prompts.second}, {"third", prompts.third},
                    {"shared", prompts.shared}}.dump()
             : worker_error_line(s);
    return s;
}

Status run_prefix_worker(const PrefixRequest & request, std::string & line) {
    PrefixMeasurement m;
    const Status s = measure_prefix(request, m);
    line = s ? json{{"cold_ms", m.cold_ms}, {"warm_ms", m.warm_ms}, {"warm_reused", m.warm_reused},
                    {"save_ms", m.save_ms}}.dump()
             : worker_error_line(s);
    return s;
}

Status run_prefix_restored_worker(const PrefixRequest & request, std::string & line) {
    RestoredMeasurement m;
    const Status s = measure_prefix_restored(request, m);
    line = s ? json{{"load_ms", m.load_ms}, {"warm_ms", m.warm_ms}, {"reused", m.reused}}.dump() : worker_error_line(s);
    return s;
}

Status run_prefix_section(const BenchSetup & setup, const PrefixRequest & request, const LlamaTool & server,
                          BenchReport & report) {
    json prompt_doc;
    if (Status s = run_worker_json(setup, "prefix-prompts", request, prompt_doc); !s) return s;
    PrefixPrompts prompts;
    if (Status s = read_prompts(prompt_doc, prompts); !s) return s;

    SectionResult section;
    section.name = "prefix";
    section.title = "Prefix cache: first token behind a shared " + std::to_string(prompts.shared) + "-token prefix";
    section.llama_tool = server.name;
    section.llama_unavailable = server.unavailable;
    section.rows = {
        {"first token, cold (" + std::to_string(prompts.first.size()) + "-token prompt)", "ms", false, {}, {}},
        {"first token, warm: prefix kept in memory", "ms", false, {}, {}},
        {"save the prefix to disk", "ms", false, {}, {}},
        {"new process: restore the prefix from disk", "ms", false, {}, {}},
        {"new process: first token after the restore", "ms", false, {}, {}},
    };
    int r1tune_reused = 0, server_cached = 0;
    for (int round = 0; round < setup.rounds; ++round) {
        for (const Side side : round_order(round)) {
            const std::string prefix = progress_prefix(section.name, round, setup.rounds);
            if (side == Side::kR1tune) {
                PrefixMeasurement in_process;
                RestoredMeasurement restored;
                if (Status s = r1tune_round(setup, request, in_process, restored); !s) return s;
                add_value(section.rows[0], side, in_process.cold_ms);
                add_value(section.rows[1], side, in_process.warm_ms);
                add_value(section.rows[2], side, in_process.save_ms);
                add_value(section.rows[3], side, restored.load_ms);
                add_value(section.rows[4], side, restored.warm_ms);
                r1tune_reused = in_process.warm_reused;
                char line[200];
                std::snprintf(line, sizeof line,
                              "r1tune: cold %.0f ms, warm %.0f ms (%d tokens reused), restored %.0f + %.0f ms (%d tokens reused)",
                              in_process.cold_ms, in_process.warm_ms, r1tune_reused, restored.load_ms, restored.warm_ms,
                              restored.reused);
                setup.progress(prefix + line);
            } else if (section.llama_unavailable.empty()) {
                ServerRound r;
                if (Status s = server_round(server, request, prompts, r); !s) {
                    mark_llama_failed(section, s.message());
                    setup.progress(prefix + s.message());
                    continue;
                }
                add_value(section.rows[0], side, r.cold.first_token_ms());
                add_value(section.rows[1], side, r.warm.first_token_ms());
                add_value(section.rows[2], side, r.save_ms);
                add_value(section.rows[3], side, r.restore_ms);
                add_value(section.rows[4], side, r.restored.first_token_ms());
                server_cached = r.warm.cached_tokens;
                char line[200];
                std::snprintf(line, sizeof line, "llama-server: cold %.0f ms, warm %.0f ms (%d tokens cached), restored %.0f + %.0f ms",
                              r.cold.first_token_ms(), r.warm.first_token_ms(), server_cached, r.restore_ms,
                              r.restored.first_token_ms());
                setup.progress(prefix + line);
            }
        }
    }
    section.notes.push_back(
        "Three questions behind the same prefix (r1tune's word-problem scaffold with notebook entries, then the "
        "question, laid out for this model's family as a solve would): the first cold, the "
        "second behind the first's cells, the third in a new process behind the second's cells restored from disk. "
        "r1tune reused " + std::to_string(r1tune_reused) + " tokens for the second question; llama-server reported " +
        std::to_string(server_cached) + " cached. llama-server's times are its own timings (prompt and one token, "
        "without HTTP); r1tune's are the whole generate() call.");
    if (const std::string note = warm_cold_note(section.rows[0], section.rows[1]); !note.empty()) section.notes.push_back(note);
    if (const std::string note = target_note(section.rows[1], "in memory"); !note.empty()) section.notes.push_back(note);
    if (const std::string note = target_note(section.rows[4], "after a restart"); !note.empty()) section.notes.push_back(note);
    report.sections.push_back(std::move(section));
    return Status::ok();
}

} // namespace r1tune::bench

#include "bench/spec_section.h"

#include <cstdio>
#include <memory>

#include "bench/engine_worker.h"
#include "bench/llama_server.h"
#include "bench/section_rows.h"
#include "bench/spec_measurement.h"

namespace r1tune::bench {

namespace {

// One side's decoding of every question under one setting.
struct Run {
    double tokens_per_second = 0;
    int proposed = 0;
    int kept = 0;
    std::vector<std::string> texts;
    double kept_percent() const { return proposed > 0 ? 100.0 * kept / proposed : 0; }
};

Status r1tune_run(const BenchSetup & setup, const SpecSectionRequest & request, int spec_tokens, Run & out,
                  std::vector<std::vector<int>> * prompts = nullptr) {
    SpecRequest worker;
    worker.model_path = request.model_path;
    worker.threads = request.threads;
    worker.decode_tokens = request.decode_tokens;
    worker.spec_tokens = spec_tokens;
    worker.prompts_only = spec_tokens < 0;
    if (worker.prompts_only) worker.spec_tokens = 0;
    process::ChildResult child;
    if (Status s = run_worker_command(spec_worker_command(setup.r1tune.string(), worker), child); !s) return s;
    SpecMeasurement m;
    if (Status s = parse_spec_worker_line(child.out, m); !s) return s;
    out = {m.tokens_per_second(), m.proposed, m.accepted, m.texts};
    if (prompts != nullptr) *prompts = std::move(m.prompts);
    return Status::ok();
}

// llama-server started with `extra` (its speculation settings), every prompt answered once.
Status server_run(const LlamaTool & tool, const SpecSectionRequest & request, const std::vector<std::string> & extra,
                  const std::vector<std::vector<int>> & prompts, Run & out) {
    ServerOptions options;
    options.binary = tool.path;
    options.model = request.model_path;
    options.threads = request.threads;
    options.context = request.decode_tokens + 512;
    options.slot_dir = request.log_dir;
    options.extra = extra;
    std::unique_ptr<LlamaServer> server;
    if (Status s = LlamaServer::start(options, server); !s) return s;
    int tokens = 0;
    double ms = 0;
    out = Run{};
    for (const std::vector<int> & prompt : prompts) {
        GenerationTimings t;
        if (Status s = server->generate(prompt, request.decode_tokens, t); !s) return s;
        tokens += t.predicted_tokens;
        ms += t.predicted_ms;
        out.proposed += t.drafted;
        out.kept += t.drafted_kept;
        out.texts.push_back(std::move(t.content));
    }
    out.tokens_per_second = ms > 0 ? tokens * 1000.0 / ms : 0;
    return Status::ok();
}

int same_texts(const std::vector<std::string> & a, const std::vector<std::string> & b) {
    int same = 0;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) same += a[i] == b[i] ? 1 : 0;
    return same;
}

// Which setting a group of rows is about, and the rows it fills.
struct Setting {
    std::string name;                // "n-gram proposals"
    std::vector<std::string> server; // llama-server's arguments for it
    int speed_row, speedup_row, kept_row;
    int r1tune_same = -1, server_same = -1; // questions whose text equals plain's, in the last round
};

} // namespace

Status run_spec_section(const BenchSetup & setup, const SpecSectionRequest & request, const LlamaTool & server,
                        BenchReport & report) {
    SectionResult section;
    section.name = "spec";
    section.title = "Speculative decoding on real answers: " + std::to_string(spec_questions().size()) +
                    " questions, greedy, up to " + std::to_string(request.decode_tokens) + " tokens each";
    section.llama_tool = server.name;
    section.llama_unavailable = server.unavailable;
    section.rows.push_back({"decode, plain", "tokens/s", true, {}, {}});
    std::vector<Setting> settings;
    auto add_setting = [&](const std::string & name, std::vector<std::string> server_args) {
        const int first = static_cast<int>(section.rows.size());
        section.rows.push_back({"decode, " + name, "tokens/s", true, {}, {}});
        section.rows.push_back({name + ": speed-up over plain", "×", true, {}, {}});
        section.rows.push_back({name + ": proposals kept", "%", true, {}, {}});
        settings.push_back({name, std::move(server_args), first, first + 1, first + 2});
    };
    add_setting("n-gram proposals", {"--spec-type", "ngram-simple"});
    if (!request.draft_model.empty()) {
        add_setting("draft model " + std::filesystem::path(request.draft_model).filename().string(),
                    {"--spec-type", "draft-simple", "--spec-draft-model", request.draft_model, "--threads-draft",
                     std::to_string(request.threads)});
    }

    std::vector<std::vector<int>> prompts;
    {
        Run unused;
        if (Status s = r1tune_run(setup, request, -1, unused, &prompts); !s) return s;
    }
    for (int round = 0; round < setup.rounds; ++round) {
        const std::string prefix = progress_prefix(section.name, round, setup.rounds);
        for (const Side side : round_order(round)) {
            if (side == Side::kR1tune) {
                Run plain, ngram;
                if (Status s = r1tune_run(setup, request, 0, plain); !s) return s;
                if (Status s = r1tune_run(setup, request, request.spec_tokens, ngram); !s) return s;
                add_value(section.rows[0], side, plain.tokens_per_second);
                const Setting & n = settings.front();
                add_value(section.rows[n.speed_row], side, ngram.tokens_per_second);
                add_value(section.rows[n.speedup_row], side, ngram.tokens_per_second / plain.tokens_per_second);
                add_value(section.rows[n.kept_row], side, ngram.kept_percent());
                settings.front().r1tune_same = same_texts(plain.texts, ngram.texts);
                char line[160];
                std::snprintf(line, sizeof line, "r1tune: plain %.2f tokens/s, n-gram %.2f tokens/s (%d of %d proposals kept)",
                              plain.tokens_per_second, ngram.tokens_per_second, ngram.kept, ngram.proposed);
                setup.progress(prefix + line);
                continue;
            }
            if (!section.llama_unavailable.empty()) continue;
            Run plain;
            Status status = server_run(server, request, {}, prompts, plain);
            std::vector<Run> runs(settings.size());
            for (std::size_t i = 0; status && i < settings.size(); ++i) {
                status = server_run(server, request, settings[i].server, prompts, runs[i]);
            }
            if (!status) {
                mark_llama_failed(section, status.message());
                setup.progress(prefix + status.message());
                continue;
            }
            add_value(section.rows[0], side, plain.tokens_per_second);
            std::string line = "llama-server: plain " + std::to_string(plain.tokens_per_second).substr(0, 5) + " tokens/s";
            for (std::size_t i = 0; i < settings.size(); ++i) {
                Setting & setting = settings[i];
                add_value(section.rows[setting.speed_row], side, runs[i].tokens_per_second);
                add_value(section.rows[setting.speedup_row], side, runs[i].tokens_per_second / plain.tokens_per_second);
                add_value(section.rows[setting.kept_row], side, runs[i].kept_percent());
                setting.server_same = same_texts(plain.texts, runs[i].texts);
                line += ", " + setting.name + " " + std::to_string(runs[i].tokens_per_second).substr(0, 5) + " tokens/s";
            }
            setup.progress(prefix + line);
        }
    }
    const std::string questions = std::to_string(spec_questions().size());
    std::string same = "Greedy text the same as plain decoding's, of " + questions + " questions:";
    for (const Setting & setting : settings) {
        auto count = [&](int n) { return n < 0 ? std::string("not measured") : std::to_string(n); };
        same += " " + setting.name + ", r1tune " + count(setting.r1tune_same) + ", llama-server " +
                count(setting.server_same) + ";";
    }
    same.back() = '.';
    section.notes.push_back(same);
    section.notes.push_back(
        "r1tune proposes up to " + std::to_string(request.spec_tokens) +
        " tokens a step from the text's own earlier n-grams (--spec ngram --spec-tokens " +
        std::to_string(request.spec_tokens) +
        "); llama-server runs --spec-type ngram-simple at its defaults" +
        (request.draft_model.empty() ? std::string() : std::string(", and draft-simple with the draft model on the same threads")) +
        ". Decode speed counts the generated tokens over the time spent generating them, the prompt excluded. "
        "r1tune has no draft-model speculation: its column there stays empty.");
    report.sections.push_back(std::move(section));
    return Status::ok();
}

} // namespace r1tune::bench

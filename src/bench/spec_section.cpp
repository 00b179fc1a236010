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
    double kept_percent() const { return proposed > 0 ? 100.0 * kept / proposed : 0; } // 0: see Setting
};

SpecRequest worker_request(const SpecSectionRequest & request, int spec_tokens, bool prompts_only) {
    SpecRequest worker;
    worker.model_path = request.model_path;
    worker.threads = request.threads;
    worker.decode_tokens = request.decode_tokens;
    worker.spec_tokens = spec_tokens;
    worker.prompts_only = prompts_only;
    return worker;
}

Status run_worker(const BenchSetup & setup, const SpecRequest & worker, SpecMeasurement & out) {
    process::ChildResult child;
    if (Status s = run_worker_command(spec_worker_command(setup.r1tune.string(), worker), child); !s) return s;
    return parse_spec_worker_line(child.out, out);
}

// r1tune decoding every question with `spec_tokens` proposals a step (0: plainly), on the very
// prompts llama-server is given.
Status r1tune_run(const BenchSetup & setup, const SpecSectionRequest & request, int spec_tokens,
                  const std::vector<std::vector<int>> & prompts, Run & out) {
    SpecMeasurement m;
    if (Status s = run_worker(setup, worker_request(request, spec_tokens, false), m); !s) return s;
    if (m.prompts != prompts) return Status::internal("r1tune's spec measuring process decoded other prompts than it printed");
    out = {m.tokens_per_second(), m.proposed, m.accepted, m.texts};
    return Status::ok();
}

// llama-server started with `extra` (its speculation settings), every prompt answered once.
Status server_run(const LlamaTool & tool, const SpecSectionRequest & request, const std::vector<std::string> & extra,
                  const std::vector<std::vector<int>> & prompts, Run & out) {
    ServerOptions options;
    options.binary = tool.path;
    options.model = request.model_path;
    options.threads = request.threads;
    options.context = request.decode_tokens + kSpecPromptRoom;
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
    if (tokens <= 0 || ms <= 0) return Status::internal("llama-server generated nothing for the spec questions");
    out.tokens_per_second = tokens * 1000.0 / ms;
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
    // A run that proposed nothing: its "kept" 0 % means no proposal, not none kept.
    bool r1tune_none_proposed = false, server_none_proposed = false;
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
        SpecMeasurement m;
        // With the proposals' room, so that a prompt too long for them is said before any run.
        if (Status s = run_worker(setup, worker_request(request, request.spec_tokens, true), m); !s) return s;
        prompts = std::move(m.prompts);
    }
    for (int round = 0; round < setup.rounds; ++round) {
        const std::string prefix = progress_prefix(section.name, round, setup.rounds);
        for (const Side side : round_order(round)) {
            if (side == Side::kR1tune) {
                Run plain, ngram;
                if (Status s = r1tune_run(setup, request, 0, prompts, plain); !s) return s;
                if (Status s = r1tune_run(setup, request, request.spec_tokens, prompts, ngram); !s) return s;
                add_value(section.rows[0], side, plain.tokens_per_second);
                const Setting & n = settings.front();
                add_value(section.rows[n.speed_row], side, ngram.tokens_per_second);
                add_value(section.rows[n.speedup_row], side, ngram.tokens_per_second / plain.tokens_per_second);
                add_value(section.rows[n.kept_row], side, ngram.kept_percent());
                settings.front().r1tune_none_proposed |= ngram.proposed == 0;
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
            char speed[64];
            std::snprintf(speed, sizeof speed, "plain %.2f tokens/s", plain.tokens_per_second);
            std::string line = "llama-server: " + std::string(speed);
            for (std::size_t i = 0; i < settings.size(); ++i) {
                Setting & setting = settings[i];
                add_value(section.rows[setting.speed_row], side, runs[i].tokens_per_second);
                add_value(section.rows[setting.speedup_row], side, runs[i].tokens_per_second / plain.tokens_per_second);
                add_value(section.rows[setting.kept_row], side, runs[i].kept_percent());
                setting.server_none_proposed |= runs[i].proposed == 0;
                setting.server_same = same_texts(plain.texts, runs[i].texts);
                std::snprintf(speed, sizeof speed, " %.2f tokens/s", runs[i].tokens_per_second);
                line += ", " + setting.name + speed;
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
    for (const Setting & setting : settings) {
        if (setting.r1tune_none_proposed || setting.server_none_proposed) {
            const std::string who = setting.r1tune_none_proposed && setting.server_none_proposed ? "r1tune and llama-server"
                                    : setting.r1tune_none_proposed                               ? "r1tune"
                                                                                                 : "llama-server";
            section.notes.push_back(setting.name + ": " + who + " proposed no token at all in a round, and \"proposals "
                                    "kept\" reads 0 % for that.");
        }
    }
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

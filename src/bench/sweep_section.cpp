#include "bench/sweep_section.h"

#include <algorithm>
#include <cstdio>

#include "bench/engine_worker.h"
#include "bench/report_format.h"
#include "bench/section_rows.h"

namespace r1tune::bench {

Status run_sweep_section(const BenchSetup & setup, const SingleRequest & request, const std::vector<SweepPoint> & points,
                         bool openmp, BenchReport & report) {
    SectionResult section;
    section.name = "sweep";
    section.title = "Threads and pinning: one sequence at every setting";
    section.llama_tool = setup.llama_bench.name;
    section.llama_unavailable = setup.llama_bench.unavailable;
    const std::size_t n = points.size();
    for (const auto & point : points) section.rows.push_back({"decode, " + point.label(), "tokens/s", true, {}, {}});
    for (const auto & point : points) section.rows.push_back({"prompt, " + point.label(), "tokens/s", true, {}, {}});

    for (int round = 0; round < setup.rounds; ++round) {
        for (std::size_t i = 0; i < n; ++i) {
            SingleRequest setting = request;
            setting.threads = points[i].threads;
            setting.cpus = points[i].cpus;
            for (const Side side : round_order(round * static_cast<int>(n) + static_cast<int>(i))) {
                SingleMeasurement m;
                if (side == Side::kR1tune) {
                    if (Status s = run_engine_single(setup.r1tune, setting, m); !s) return s;
                } else if (section.llama_unavailable.empty()) {
                    std::string commit;
                    if (Status s = run_llama_bench(setup.llama_bench, setting, m, commit); !s) {
                        mark_llama_failed(section, s.message());
                        setup.progress(progress_prefix(section.name, round, setup.rounds) + s.message());
                        continue;
                    }
                } else {
                    continue;
                }
                add_value(section.rows[i], side, m.decode_tokens_per_second);
                add_value(section.rows[n + i], side, m.prompt_tokens_per_second);
                char numbers[96];
                std::snprintf(numbers, sizeof numbers, ": decode %.1f tokens/s, prompt %.1f tokens/s",
                              m.decode_tokens_per_second, m.prompt_tokens_per_second);
                setup.progress(progress_prefix(section.name, round, setup.rounds) + points[i].label() + ", " +
                               (side == Side::kR1tune ? std::string("r1tune") : section.llama_tool) + numbers);
            }
        }
    }

    std::vector<std::string> settings;
    for (const auto & point : points) settings.push_back(point.label());
    for (const bool decode : {true, false}) {
        std::vector<Spread> r1tune, llama;
        for (std::size_t i = 0; i < n; ++i) {
            const ComparisonRow & row = section.rows[decode ? i : n + i];
            r1tune.push_back(row.r1tune_spread());
            llama.push_back(row.llama_spread());
        }
        const char * what = decode ? "decodes" : "evaluates prompts";
        for (const std::string & note : {fastest_setting_note("r1tune", what, settings, r1tune),
                                         fastest_setting_note(section.llama_tool, what, settings, llama)}) {
            if (!note.empty()) section.notes.push_back(note);
        }
    }
    const bool pins_one_thread = std::any_of(points.begin(), points.end(),
                                             [](const SweepPoint & p) { return p.threads == 1 && !p.cpus.empty(); });
    if (openmp && pins_one_thread) {
        section.notes.push_back("This ggml runs its threads through OpenMP, which computes a single thread on the "
                                "calling thread without applying the mask: r1tune pins that thread itself, "
                                "llama-bench's \"1 thread, pinned\" is not pinned.");
    }
    report.sections.push_back(std::move(section));
    return Status::ok();
}

std::string fastest_setting_note(std::string_view who, std::string_view what, const std::vector<std::string> & settings,
                                 const std::vector<Spread> & spreads) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < spreads.size() && i < settings.size(); ++i) {
        if (spreads[i].count > 0) order.push_back(i);
    }
    if (order.empty()) return "";
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return spreads[a].median > spreads[b].median; });
    const Spread & best = spreads[order[0]];
    std::string note = std::string(who) + " " + std::string(what) + " fastest with " + settings[order[0]] + ": " +
                       format_spread(best) + " tokens/s";
    if (order.size() == 1) return note + " (the only setting measured).";
    const Spread & next = spreads[order[1]];
    const std::string runner_up = settings[order[1]] + ", " + format_spread(next);
    if (best.count > 1 && best.min > next.max) {
        return note + "; its slowest round beat the fastest of the next best (" + runner_up + ").";
    }
    return note + "; within the noise of the next best (" + runner_up + ")" +
           (best.count > 1 ? ": their ranges overlap." : ": one round cannot tell them apart.");
}

} // namespace r1tune::bench

#include "bench/single_section.h"

#include <cstdio>

#include "bench/engine_worker.h"
#include "bench/report_format.h"
#include "bench/section_rows.h"

namespace r1tune::bench {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

std::string describe(const SingleMeasurement & m) {
    char text[160];
    std::snprintf(text, sizeof text, "prompt %.1f tokens/s, decode %.1f tokens/s, first token %.0f ms, peak %.0f MiB",
                  m.prompt_tokens_per_second, m.decode_tokens_per_second, m.first_token_ms, m.peak_rss_bytes / kMiB);
    return text;
}

} // namespace

Status run_single_section(const BenchSetup & setup, const SingleRequest & request, BenchReport & report) {
    SectionResult section;
    section.name = "single";
    section.title = "One sequence: prompt, decode, first token, memory";
    section.llama_tool = setup.llama_bench.name;
    section.llama_unavailable = setup.llama_bench.unavailable;
    const std::string prompt_size = std::to_string(request.prompt_tokens) + "-token prompt";
    section.rows = {
        {"prompt, " + prompt_size, "tokens/s", true, {}, {}},
        {"decode, " + std::to_string(request.decode_tokens) + " tokens", "tokens/s", true, {}, {}},
        {"first token after a " + prompt_size, "ms", false, {}, {}},
        {"peak memory", "MiB", false, {}, {}},
    };
    for (int round = 0; round < setup.rounds; ++round) {
        for (const Side side : round_order(round)) {
            SingleMeasurement m;
            if (side == Side::kR1tune) {
                if (Status s = run_engine_single(setup.r1tune, request, m); !s) return s;
                if (report.model_description.empty()) report.model_description = m.model_description;
            } else if (section.llama_unavailable.empty()) {
                std::string commit;
                if (Status s = run_llama_bench(setup.llama_bench, request, m, commit); !s) {
                    mark_llama_failed(section, s.message());
                    setup.progress(progress_prefix(section.name, round, setup.rounds) + s.message());
                    continue;
                }
                report.tools_build_commit = commit;
            } else {
                continue;
            }
            add_value(section.rows[0], side, m.prompt_tokens_per_second);
            add_value(section.rows[1], side, m.decode_tokens_per_second);
            add_value(section.rows[2], side, m.first_token_ms);
            add_value(section.rows[3], side, m.peak_rss_bytes / kMiB);
            setup.progress(progress_prefix(section.name, round, setup.rounds) +
                           (side == Side::kR1tune ? std::string("r1tune") : section.llama_tool) + ": " + describe(m));
        }
    }
    section.notes.push_back("First token: r1tune's is the prompt's evaluation and one sampler draw; llama-bench "
                            "samples nothing, so its time is the prompt's evaluation alone. Peak memory is each "
                            "measuring process's high-water mark (ru_maxrss), mapped model pages included.");
    if (const std::string note = decode_target_note(section.rows[1]); !note.empty()) section.notes.push_back(note);
    report.sections.push_back(std::move(section));
    return Status::ok();
}

std::string decode_target_note(const ComparisonRow & decode) {
    const Spread ratio = decode.ratio_spread();
    if (ratio.count == 0) return "";
    char target[16];
    std::snprintf(target, sizeof target, "%.2f", kDecodeRatioTarget);
    const bool met = ratio.median >= kDecodeRatioTarget;
    return std::string("Decode target, r1tune ÷ llama-bench ≥ ") + target + ": " + (met ? "met" : "missed") +
           ", median " + format_spread(ratio, 3) + ".";
}

} // namespace r1tune::bench

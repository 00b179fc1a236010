#include "eval/report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "eval/configuration.h"

namespace r1tune::eval {

namespace {

std::string format(const char * pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

std::string percent(double share) { return format("%.1f %%", 100 * share); }

std::string percent_with_interval(const Proportion & p, const Interval & i) {
    if (p.trials == 0) return "–";
    return percent(p.value()) + " [" + format("%.1f", 100 * i.low) + ", " + format("%.1f", 100 * i.high) + "] (" +
           std::to_string(p.successes) + "/" + std::to_string(p.trials) + ")";
}

std::string p_value_text(double p) { return p < 0.001 ? "< 0.001" : format("%.3f", p); }

// Text that SVG and XML take literally.
std::string escaped(const std::string & text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string list(const std::vector<std::string> & ids) {
    if (ids.empty()) return "none";
    std::string out;
    const std::size_t shown = std::min<std::size_t>(ids.size(), 12);
    for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > shown) out += ", … (" + std::to_string(ids.size()) + " in all)";
    return out;
}

} // namespace

Report build_report(std::string title, const std::vector<ItemResult> & results,
                    const std::vector<std::string> & requested) {
    Report report;
    report.title = std::move(title);
    report.summaries = summarize(results);
    // The order the run asked for, not the file's: a resumed run may have run its configurations
    // in another order, and the first one asked for is the one every other is compared with.
    // Configurations not asked for keep the file's order, after those.
    const auto rank = [&](const ConfigSummary & s) {
        return static_cast<std::size_t>(std::find(requested.begin(), requested.end(), s.config) - requested.begin());
    };
    std::stable_sort(report.summaries.begin(), report.summaries.end(),
                     [&](const ConfigSummary & a, const ConfigSummary & b) { return rank(a) < rank(b); });
    for (const std::string & name : requested) {
        const bool ran = std::any_of(results.begin(), results.end(), [&](const ItemResult & r) { return r.config == name; });
        if (!ran) report.not_run.push_back(name);
    }
    // The levers of each configuration, from its name; a name that does not parse (a results
    // file written by hand, an older spelling) has no twins and is still compared with the first.
    std::vector<std::optional<Configuration>> configs;
    for (const ConfigSummary & s : report.summaries) {
        Configuration c;
        configs.push_back(configuration_from_name(s.config, c) ? std::optional(c) : std::nullopt);
    }
    auto lever_between = [&](std::size_t without, std::size_t with) {
        return configs[without] && configs[with] ? added_lever(*configs[without], *configs[with]) : std::string();
    };
    auto compare = [&](std::size_t first, std::size_t second, std::string lever) {
        const std::string & a = report.summaries[first].config;
        const std::string & b = report.summaries[second].config;
        report.comparisons.push_back({a, b, std::move(lever), compare_configs(results, a, b), cost_ratio(results, a, b)});
    };
    for (std::size_t i = 1; i < configs.size(); ++i) compare(0, i, lever_between(0, i));
    // The first is compared with each already; as the one without a lever it needs no twin row.
    for (std::size_t with = 0; with < configs.size(); ++with) {
        for (std::size_t without = 1; without < configs.size(); ++without) {
            if (std::string lever = lever_between(without, with); !lever.empty()) compare(without, with, std::move(lever));
        }
    }
    return report;
}

std::string markdown_report(const Report & r) {
    std::string out = "# " + r.title + "\n\n";
    out += "| configuration | items | accuracy [95 % interval] | verified (✓) | verified precision | no answer | "
           "unverified | thinking tokens | tokens | programs run | latency s | time per item s | tokens/s |\n";
    out += "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (const ConfigSummary & s : r.summaries) {
        out += "| " + s.config + " | " + std::to_string(s.items) + " | " +
               percent_with_interval(s.accuracy, s.accuracy_interval) + " | " + percent(s.verified.value()) + " | " +
               percent_with_interval(s.verified_precision, s.verified_precision_interval) + " | " +
               percent(s.abstained.value()) + " | " + percent(s.unverified.value()) + " | " +
               format("%.0f", s.mean_thinking_tokens) + " | " + format("%.0f", s.mean_generated_tokens) + " | " +
               format("%.1f", s.mean_programs_run) + " | " + format("%.1f", s.mean_latency_ms / 1000) + " | " +
               format("%.1f", s.mean_share_ms / 1000) + " | " + format("%.1f", s.tokens_per_second) + " |\n";
    }
    if (!r.not_run.empty()) {
        out += "\nNot run yet (the same command resumes the run from its results file): ";
        for (std::size_t i = 0; i < r.not_run.size(); ++i) out += (i ? ", " : "") + r.not_run[i];
        out += ".\n";
    }
    if (r.comparisons.empty()) return out;
    const std::string & baseline = r.comparisons.front().first;
    auto against_baseline = [&](const Comparison & c) { return c.first == baseline; };
    auto counts = [](const Comparison & c) {
        return std::to_string(c.result.only_second.size()) + " | " + std::to_string(c.result.only_first.size()) + " | " +
               std::to_string(c.result.both) + " | " + std::to_string(c.result.neither) + " | " +
               p_value_text(c.result.p_value) + " | " + format("%.2f", c.cost.tokens) + " | " +
               format("%.2f", c.cost.time) + " |\n";
    };
    out += "\nPaired comparisons on the same items (exact McNemar test; p < 0.05: more than noise):\n\n";
    out += "| against " + baseline + " | better on | worse on | both right | both wrong | p | tokens × | time × |\n";
    out += "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (const Comparison & c : r.comparisons) {
        if (against_baseline(c)) out += "| " + c.second + " | " + counts(c);
    }
    const bool twins = !std::all_of(r.comparisons.begin(), r.comparisons.end(), against_baseline);
    if (twins) {
        out += "\nEach lever alone: a configuration against the same one without that lever, paired the same way:\n\n";
        out += "| configuration | against | lever | better on | worse on | both right | both wrong | p | tokens × | time × |\n";
        out += "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
        for (const Comparison & c : r.comparisons) {
            if (!against_baseline(c)) out += "| " + c.second + " | " + c.first + " | " + c.lever + " | " + counts(c);
        }
    }
    out += "\n";
    for (const Comparison & c : r.comparisons) {
        const std::string against = against_baseline(c) ? "" : " (against " + c.first + ")";
        out += "- " + c.second + against + " fixed: " + list(c.result.only_second) + "; broke: " +
               list(c.result.only_first) + "\n";
    }
    return out;
}

std::string json_report(const Report & r) {
    using nlohmann::json;
    auto proportion = [](const Proportion & p, const Interval & i) {
        return json{{"value", p.value()}, {"successes", p.successes}, {"trials", p.trials},
                    {"interval_95", {i.low, i.high}}};
    };
    json doc = {{"title", r.title}, {"configurations", json::array()}, {"comparisons", json::array()}, {"not_run", r.not_run}};
    for (const ConfigSummary & s : r.summaries) {
        doc["configurations"].push_back({{"config", s.config},
                                         {"items", s.items},
                                         {"accuracy", proportion(s.accuracy, s.accuracy_interval)},
                                         {"verified_rate", s.verified.value()},
                                         {"verified_precision",
                                          proportion(s.verified_precision, s.verified_precision_interval)},
                                         {"no_answer_rate", s.abstained.value()},
                                         {"unverified_rate", s.unverified.value()},
                                         {"mean_thinking_tokens", s.mean_thinking_tokens},
                                         {"mean_generated_tokens", s.mean_generated_tokens},
                                         {"mean_programs_run", s.mean_programs_run},
                                         {"mean_latency_ms", s.mean_latency_ms},
                                         {"mean_share_ms", s.mean_share_ms},
                                         {"tokens_per_second", s.tokens_per_second}});
    }
    for (const Comparison & c : r.comparisons) {
        doc["comparisons"].push_back({{"first", c.first},
                                      {"second", c.second},
                                      {"lever", c.lever},
                                      {"only_first", c.result.only_first},
                                      {"only_second", c.result.only_second},
                                      {"both", c.result.both},
                                      {"neither", c.result.neither},
                                      {"mcnemar_p", c.result.p_value},
                                      {"tokens_ratio", c.cost.tokens},
                                      {"time_ratio", c.cost.time}});
    }
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string svg_plot(const Report & r) {
    // Plot area inside margins; x: mean generated tokens (from 0), y: accuracy 0–100 %.
    constexpr double kWidth = 640, kHeight = 400, kLeft = 60, kRight = 20, kTop = 40, kBottom = 50;
    const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
    double max_tokens = 1;
    for (const ConfigSummary & s : r.summaries) max_tokens = std::max(max_tokens, s.mean_generated_tokens);
    max_tokens *= 1.1;
    auto x = [&](double tokens) { return kLeft + plot_w * tokens / max_tokens; };
    auto y = [&](double share) { return kTop + plot_h * (1 - share); };

    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"400\" "
                      "font-family=\"sans-serif\" font-size=\"12\">\n";
    out += "<title>" + escaped(r.title) + "</title>\n";
    out += "<text x=\"" + format("%.0f", kWidth / 2) + "\" y=\"20\" text-anchor=\"middle\">" + escaped(r.title) +
           "</text>\n";
    out += "<rect x=\"" + format("%.0f", kLeft) + "\" y=\"" + format("%.0f", kTop) + "\" width=\"" +
           format("%.0f", plot_w) + "\" height=\"" + format("%.0f", plot_h) + "\" fill=\"none\" stroke=\"#888\"/>\n";
    for (int tick = 0; tick <= 100; tick += 25) {
        out += "<text x=\"" + format("%.0f", kLeft - 6) + "\" y=\"" + format("%.1f", y(tick / 100.0) + 4) +
               "\" text-anchor=\"end\">" + std::to_string(tick) + "%</text>\n";
    }
    out += "<text x=\"" + format("%.0f", kLeft + plot_w / 2) + "\" y=\"" + format("%.0f", kHeight - 12) +
           "\" text-anchor=\"middle\">mean generated tokens per item</text>\n";
    out += "<text x=\"14\" y=\"" + format("%.0f", kTop + plot_h / 2) + "\" transform=\"rotate(-90 14 " +
           format("%.0f", kTop + plot_h / 2) + ")\" text-anchor=\"middle\">accuracy (95 % interval)</text>\n";
    out += "<text x=\"" + format("%.0f", kLeft + plot_w) + "\" y=\"" + format("%.0f", kTop + plot_h + 16) +
           "\" text-anchor=\"end\">" + format("%.0f", max_tokens) + "</text>\n";
    for (const ConfigSummary & s : r.summaries) {
        const double cx = x(s.mean_generated_tokens);
        out += "<line x1=\"" + format("%.1f", cx) + "\" x2=\"" + format("%.1f", cx) + "\" y1=\"" +
               format("%.1f", y(s.accuracy_interval.low)) + "\" y2=\"" + format("%.1f", y(s.accuracy_interval.high)) +
               "\" stroke=\"#36c\"/>\n";
        out += "<circle cx=\"" + format("%.1f", cx) + "\" cy=\"" + format("%.1f", y(s.accuracy.value())) +
               "\" r=\"4\" fill=\"#36c\"/>\n";
        out += "<text x=\"" + format("%.1f", cx + 7) + "\" y=\"" + format("%.1f", y(s.accuracy.value()) - 6) + "\">" +
               escaped(s.config) + "</text>\n";
    }
    out += "</svg>\n";
    return out;
}

} // namespace r1tune::eval

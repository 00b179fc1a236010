// `r1tune eval`: accuracy per configuration on a dataset or on freshly generated problems, with
// one model. Every item runs through the same pipeline as `r1tune solve` (pipeline::Solver),
// under every configuration (profile table × levers, see eval/configuration.h); each result is
// appended to a JSON Lines file as it finishes, so an interrupted run resumes where it stopped.
// At the end: a summary per configuration and paired comparisons, as Markdown (stdout and a
// file), JSON and an SVG plot of accuracy against tokens.
//
// Correctness is judged apart from the pipeline: the reference answer (or a code item's tests)
// is never given to the checks that drive the feedback loop, or "verify" would be told the answer.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "backend_option.h"
#include "commands.h"
#include "cpu_option.h"
#include "solver_options.h"
#include "engine/prefix_file.h"
#include "engine/session.h"
#include "eval/configuration.h"
#include "eval/dataset.h"
#include "eval/generators.h"
#include "eval/mistakes.h"
#include "eval/progress_line.h"
#include "eval/report.h"
#include "eval/results_file.h"
#include "eval/time_share.h"
#include "notebook_option.h"
#include "pipeline/model_backend.h"
#include "pipeline/notebook_consult.h"
#include "pipeline/runtime.h"
#include "pipeline/solver.h"
#include "prompt/scaffold_library.h"
#include "text/status_line.h"
#include "util/fnv1a.h"
#include "verify/answer_compare.h"
#include "verify/code_check.h"

namespace r1tune::cli {

namespace {

struct EvalOptions {
    std::string dataset; // a JSON Lines file, or empty with --generate
    bool skip_bad_lines = false;
    std::vector<std::string> generate; // families, or "all"
    std::vector<std::string> languages;
    int count = 50;
    std::uint64_t generate_seed = 1;
    int limit = 0; // 0 = every item
    int skip = 0;  // items left out at the start (a later part of the file)
    std::vector<std::string> configs{"plain", "scaffold", "scaffold+verify"};
    std::vector<std::string> profiles; // empty: the model family's table
    std::string model;
    BackendOption backend; // URLs: the model runs there, the items shared among them
    int parallel = 1;      // items answered at once: a local model's lanes, or requests to each backend
    engine::ContextOptions context;
    std::string cpus;
    pipeline::SolverOptions solver; // what every configuration shares
    NotebookOption notebook;        // for the configurations with the notebook lever
    std::string results = "r1tune-eval.jsonl";
    std::string report; // path prefix; empty = the results file's without .jsonl
    bool json = false;
    bool verbose = false;
    bool report_only = false; // report what the results file holds, run nothing
};

Status load_items(const EvalOptions & o, std::vector<eval::EvalItem> & items, std::string & source) {
    if (o.dataset.empty() == o.generate.empty()) {
        return Status::usage("give a dataset file (JSON Lines or GSM8K) or --generate FAMILIES, not both or neither");
    }
    if (!o.generate.empty()) {
        eval::GeneratorOptions g;
        g.count = o.count;
        g.seed = o.generate_seed;
        const bool all = std::find(o.generate.begin(), o.generate.end(), "all") != o.generate.end();
        if (all && o.generate.size() > 1) return Status::usage("--generate: give all, or a list of families, not both");
        for (const std::string & name : o.generate) {
            if (name == "all") continue; // empty families = all of them
            verify::ProblemFamily family;
            if (Status s = verify::parse_problem_family(name, family); !s) return Status::usage("--generate: " + s.message());
            g.families.push_back(family);
        }
        for (const std::string & code : o.languages) {
            const auto language = prompt::parse_language_code(code);
            if (!language) return Status::usage("--languages: '" + code + "' is not zh or en");
            g.languages.push_back(*language);
        }
        source = "generated problems (seed " + std::to_string(o.generate_seed) + ")";
        return eval::generate_items(g, items);
    }
    std::ifstream in(o.dataset, std::ios::binary);
    if (!in) return Status::input("cannot read the dataset " + o.dataset);
    eval::DatasetReport report;
    const eval::BadLines bad = o.skip_bad_lines ? eval::BadLines::kSkip : eval::BadLines::kRefuse;
    if (Status s = eval::read_dataset(in, o.dataset, bad, items, report); !s) return s;
    for (const std::string & skipped : report.skipped) std::fprintf(stderr, "r1tune: skipped %s\n", skipped.c_str());
    if (items.empty()) return Status::input(o.dataset + " holds no items");
    source = std::filesystem::path(o.dataset).filename().string();
    return Status::ok();
}

// What the results depend on: resuming with any of it changed would mix two runs.
// The configurations are not part of it: each row names its own, so one results file collects
// every configuration measured on these items, run by run.
// `notebook`: the notebook the lever reads, whose entries are part of what the results depend on.
// `model`: the local model's file name, or a backend's model id, whose weights r1tune cannot
// read: its fingerprint is then the id's (the servers' URLs may change between runs).
Status run_identity(const EvalOptions & o, const std::string & model, const pipeline::Runtime * runtime,
                    const std::vector<eval::EvalItem> & items, notebook::NotebookStore * notebook, nlohmann::json & out) {
    Fnv1a id;
    id.add("backend model " + model);
    std::uint64_t model_digest = id.value();
    if (runtime != nullptr) {
        if (Status s = engine::model_fingerprint(runtime->model_path(), model_digest); !s) return s;
    }
    const pipeline::SolverOptions & s = o.solver;
    const auto & p = s.overrides;
    auto optional_value = [](const auto & v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    out = {{"model", model},
            {"model_fingerprint", std::to_string(model_digest)},
            {"items", items.size()},
            {"items_digest", std::to_string(eval::items_digest(items))},
            {"seed", s.sampler.seed},
            {"temperature", optional_value(p.temperature)},
            {"top_k", optional_value(p.top_k)},
            {"top_p", optional_value(p.top_p)},
            {"min_p", optional_value(p.min_p)},
            {"repeat_penalty", optional_value(p.repeat_penalty)},
            {"max_tokens", optional_value(s.max_tokens)},
            {"thinking_budget", optional_value(s.thinking_budget)},
            {"context", o.context.n_ctx}};
    // Runs without the lever keep the identity they always had.
    if (notebook != nullptr) {
        std::uint64_t entries = 0;
        if (Status s = notebook->fingerprint(entries); !s) return s;
        out["notebook"] = {{"file", notebook->path().string()},
                           {"entries_digest", std::to_string(entries)},
                           {"budget", o.notebook.retrieval.token_budget}};
    }
    return Status::ok();
}

pipeline::SolverOptions solver_options(const EvalOptions & o, const eval::Configuration & config) {
    pipeline::SolverOptions s = o.solver;
    s.profiles = config.profiles;
    s.scaffold = config.scaffold.value_or("none");
    s.strategy = config.strategy;
    s.retries = config.retries;
    s.feedback = config.feedback;
    if (config.boxed) s.answer_format = "boxed";
    s.tools = config.tools ? "python" : "off";
    if (config.user_turn) s.scaffold_turn = "user";
    return s;
}

// Right or wrong against the reference: the last attempt's answer, or for a code item, whether
// its code passes the item's tests.
bool judge_correct(const eval::EvalItem & item, const pipeline::SolvePlan & plan, const feedback::Attempt & last) {
    if (item.tests) {
        return verify::check_code(last.response.answer, *item.tests, plan.route.language).outcome ==
               verify::Outcome::kPass;
    }
    return verify::check_reference(last.check.answer, item.answer, plan.route.language, item.question).outcome ==
           verify::Outcome::kPass;
}

eval::ItemResult item_result(const eval::Configuration & config, const eval::EvalItem & item,
                             const pipeline::SolvePlan & plan, const feedback::LoopResult & loop, double latency_ms,
                             double share_ms) {
    eval::ItemResult r;
    r.config = config.name;
    r.item_id = item.id;
    r.latency_ms = latency_ms;
    r.share_ms = share_ms;
    r.attempts = static_cast<int>(loop.attempts.size());
    r.verification = std::string(feedback::to_string(loop.verification));
    for (const notebook::Retrieved & shown : plan.notebook) r.notebook.push_back(shown.entry.id);
    for (const feedback::Attempt & a : loop.attempts) {
        r.thinking_tokens += a.response.thinking_tokens;
        r.generated_tokens += a.response.generated_tokens;
        r.programs_run += a.response.programs_run;
    }
    if (!loop.attempts.empty()) {
        const feedback::Attempt & last = loop.attempts.back();
        r.answer = last.check.answer_summary;
        r.answered = !last.check.answer_summary.empty() || (item.tests && !last.response.answer.empty());
        r.correct = r.answered && judge_correct(item, plan, last);
        r.response = last.response.answer;
        for (const verify::Verdict & v : last.check.verdicts) {
            r.verdicts += (r.verdicts.empty() ? "" : " ") + v.verifier + ":" + std::string(verify::to_string(v.outcome));
        }
    }
    return r;
}

// The session a configuration runs in: as wide as its strategy, a lane per item answered at once.
engine::ContextOptions session_options(const EvalOptions & o, const pipeline::Solver & solver, prompt::ModelFamily family) {
    engine::ContextOptions context = o.context;
    context.n_sequences = solver.max_width(family);
    context.lanes = o.parallel;
    return context;
}

Status write_text(const std::filesystem::path & path, const std::string & text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) return Status::io("cannot write " + path.string());
    return Status::ok();
}

// The report's three files, checked before the run: they must not land on the results or the
// dataset, and their folder must exist, or hours of results would end without a report.
Status report_base(const EvalOptions & o, std::string & base) {
    std::filesystem::path prefix = o.report;
    if (prefix.empty()) {
        prefix = o.results;
        if (prefix.extension() == ".jsonl") prefix.replace_extension();
    }
    base = prefix.string();
    const std::filesystem::path folder = prefix.parent_path().empty() ? "." : prefix.parent_path();
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return Status::usage("--report: the folder " + folder.string() + " does not exist");
    }
    for (const char * extension : {".md", ".json", ".svg"}) {
        const std::filesystem::path file = base + extension;
        for (const std::string & kept : {o.results, o.dataset}) {
            if (!kept.empty() && std::filesystem::weakly_canonical(file, ec) == std::filesystem::weakly_canonical(kept, ec)) {
                return Status::usage("--report would write " + file.string() + " over " + kept +
                                     "; give another --report prefix");
            }
        }
    }
    return Status::ok();
}

Status run_eval(EvalOptions & o) {
    if (o.count < 1) return Status::usage("--count must be at least 1");
    if (o.limit < 0) return Status::usage("--limit must be 0 (all) or more");
    if (o.skip < 0) return Status::usage("--skip must be 0 or more");
    if (Status s = apply_cpus_option(o.cpus, o.context); !s) return s;
    std::string base;
    if (Status s = report_base(o, base); !s) return s;
    // Configurations and tables are checked before the model loads, a family's own table
    // standing in for the one the model will choose (every built-in table takes every option).
    bool wants_notebook = false;
    {
        std::vector<eval::Configuration> checked;
        if (o.profiles.empty()) {
            // Each spec alone under the stand-in: the names repeat only under the real table (a
            // spec with profiles:chat is another configuration under the deepseek table), so
            // repeats are caught once the model has named it.
            for (const std::string & spec : o.configs) {
                eval::Configuration config;
                if (Status s = eval::parse_configuration(spec, std::string(prompt::default_profile_table(prompt::ModelFamily::kChat)),
                                                         config);
                    !s) {
                    return s;
                }
                checked.push_back(std::move(config));
            }
        } else if (Status s = eval::expand_configurations(o.configs, o.profiles, checked); !s) {
            return s;
        }
        for (const eval::Configuration & config : checked) {
            pipeline::Solver solver;
            if (Status s = pipeline::Solver::create(solver_options(o, config), solver); !s) return s.prefixed(config.name + ": ");
            if (config.notebook && o.notebook.file == "off") {
                return Status::usage(config.name + ": the notebook lever needs --notebook FILE (or default)");
            }
            wants_notebook = wants_notebook || config.notebook;
        }
    }
    if (!wants_notebook && !o.notebook.learn && o.notebook.file != "off") {
        return Status::usage("--notebook " + o.notebook.file + " is read by the notebook lever (e.g. --configs "
                             "plain,notebook+plain) or written by --learn; give one of them");
    }
    if (wants_notebook && o.notebook.learn) {
        return Status::usage("--learn would change the notebook that the notebook lever reads while the run goes on; "
                             "learn in one run, measure with the notebook in another");
    }
    // The notebook's entries are read, never counted: every item sees the same notebook, whatever
    // the order the items run in. A report runs nothing, so it learns nothing either.
    std::unique_ptr<notebook::NotebookStore> notebook, own_learning;
    if (wants_notebook) {
        if (Status s = o.notebook.open(notebook); !s) return s;
    }
    notebook::NotebookStore * learn_into = nullptr;
    if (!o.report_only) {
        if (Status s = o.notebook.open_for_learning(notebook.get(), own_learning, learn_into); !s) return s;
    }

    // Then the model, here or behind the backends: its family names the profile table when
    // --profiles names none.
    // Several backends serve one model and share the items.
    std::unique_ptr<pipeline::Runtime> runtime;
    std::vector<std::unique_ptr<pipeline::ModelBackend>> models;
    if (o.backend.given()) {
        std::vector<remote::OpenAiBackend> backends;
        if (Status s = o.backend.connect(backends); !s) return s;
        for (auto & backend : backends) models.push_back(std::make_unique<pipeline::RemoteModel>(std::move(backend)));
    } else {
        if (Status s = pipeline::Runtime::load({o.model}, runtime); !s) return s;
        models.push_back(std::make_unique<pipeline::LocalModel>(*runtime));
    }
    const pipeline::ModelBackend & model = *models.front();
    const prompt::ModelFamily family = model.family();
    const std::string model_name = model.model_name();
    if (o.profiles.empty()) o.profiles.emplace_back(prompt::default_profile_table(family));

    std::vector<eval::Configuration> configs;
    if (Status s = eval::expand_configurations(o.configs, o.profiles, configs); !s) return s;
    std::vector<pipeline::Solver> solvers(configs.size());
    for (std::size_t i = 0; i < configs.size(); ++i) {
        if (Status s = pipeline::Solver::create(solver_options(o, configs[i]), solvers[i]); !s) {
            return s.prefixed(configs[i].name + ": ");
        }
    }

    std::vector<eval::EvalItem> items;
    std::string source;
    if (Status s = load_items(o, items, source); !s) return s;
    if (static_cast<std::size_t>(o.skip) >= items.size()) {
        return Status::usage("--skip " + std::to_string(o.skip) + " leaves none of the " + std::to_string(items.size()) + " items");
    }
    items.erase(items.begin(), items.begin() + o.skip);
    if (o.limit > 0 && static_cast<std::size_t>(o.limit) < items.size()) items.resize(static_cast<std::size_t>(o.limit));
    // Every item is planned now, so that one the pipeline cannot take (a constraint that does
    // not parse) is named before an hour of running; the run then uses these plans.
    std::vector<std::vector<pipeline::SolvePlan>> plans(configs.size(), std::vector<pipeline::SolvePlan>(items.size()));
    for (std::size_t i = 0; i < configs.size(); ++i) {
        if (runtime) {
            if (Status s = session_options(o, solvers[i], family).validate(); !s) return s.prefixed(configs[i].name + ": ");
        }
        for (std::size_t k = 0; k < items.size(); ++k) {
            const eval::EvalItem & item = items[k];
            if (Status s = solvers[i].plan(item.question, {item.constraints, std::nullopt, std::nullopt}, family,
                                            plans[i][k]);
                !s) {
                return s.prefixed("item " + item.id + " under " + configs[i].name + ": ");
            }
            if (Status s = model.can_run(solvers[i], plans[i][k]); !s) {
                return s.prefixed("item " + item.id + " under " + configs[i].name + ": ");
            }
            if (configs[i].notebook) {
                if (Status s = model.consult_notebook(*notebook, o.notebook.retrieval, plans[i][k]); !s) {
                    return s.prefixed("item " + item.id + ": ");
                }
            }
        }
    }

    nlohmann::json identity;
    if (Status s = run_identity(o, model_name, runtime.get(), items, notebook.get(), identity); !s) return s;
    std::error_code exists_error;
    if (o.report_only && !std::filesystem::exists(o.results, exists_error)) {
        return Status::input("--report-only: there is no results file " + o.results + " to report on");
    }
    std::vector<eval::ItemResult> results;
    eval::ResultsFile file;
    // A report on a run still going only reads: the run's own process is appending to the file.
    if (Status s = o.report_only ? eval::ResultsFile::read(o.results, identity, results)
                                 : eval::ResultsFile::open(o.results, identity, file, results);
        !s) {
        return s;
    }
    std::set<std::string> config_names, item_ids;
    for (const auto & c : configs) config_names.insert(c.name);
    for (const auto & item : items) item_ids.insert(item.id);
    if (const std::size_t dropped = eval::keep_rows_of_run(results, config_names, item_ids); dropped > 0) {
        std::fprintf(stderr, "r1tune: %s has %zu rows of other configurations or items, or repeated ones; this report leaves them out\n",
                     o.results.c_str(), dropped);
    }
    const auto done_before = eval::finished_items(results);
    if (!done_before.empty() && !o.report_only) {
        std::fprintf(stderr, "r1tune: resuming %s: %zu of %zu results are already there\n", o.results.c_str(),
                     done_before.size(), items.size() * configs.size());
    }

    if (o.report_only && results.empty()) {
        return Status::input("--report-only: " + o.results + " holds no results of these configurations");
    }
    eval::EvalProgress progress;
    progress.total = static_cast<int>(items.size() * configs.size());
    progress.done = static_cast<int>(done_before.size());
    text::StatusLine bar;
    for (std::size_t i = 0; i < configs.size(); ++i) {
        const eval::Configuration & config = configs[i];
        progress.config = config.name;
        progress.config_done = progress.config_correct = 0;
        for (const eval::ItemResult & r : results) {
            if (r.config != config.name) continue;
            ++progress.config_done;
            progress.config_correct += r.correct ? 1 : 0;
        }
        if (o.report_only || progress.config_done == static_cast<int>(items.size())) continue;
        // One item: run it on `on`, then record its result. Items of one configuration may run on
        // several backends at once: recording is serialised, and the first failure stops the
        // others' items in flight (the results so far are in the file, and a rerun resumes).
        std::mutex recording;
        eval::TimeShare time_share;
        std::atomic<bool> stop{false};
        int answered = 0, failed_unanswered = 0; // this run's items of the configuration
        auto run_item = [&](std::size_t k, pipeline::ModelBackend & on) -> Status {
            const eval::EvalItem & item = items[k];
            const pipeline::SolvePlan & plan = plans[i][k];
            feedback::LoopResult loop;
            const auto start = std::chrono::steady_clock::now();
            eval::TimeShare::Item in_flight(time_share, start);
            const Status ran = on.run(solvers[i], plan, {}, {}, loop, &stop);
            const auto finish = std::chrono::steady_clock::now();
            const double share_ms = in_flight.end(finish);
            const double ms = std::chrono::duration<double, std::milli>(finish - start).count();
            // An item the model cannot take (its prompt outgrows the context) is a wrong answer
            // with the reason, so that the run, and every resumed one, gets past it.
            if (!ran && ran.kind() != ErrorKind::kInput) return ran.prefixed("item " + item.id + " under " + config.name + ": ");
            eval::ItemResult result = item_result(config, item, plan, loop, ms, share_ms);
            std::lock_guard lock(recording);
            if (!ran) {
                result.verification = "error";
                result.error = ran.message();
                bar.note("r1tune: item " + item.id + " under " + config.name + ": " + ran.message());
                // The same refusal for every item (a budget past a server's context) is the
                // run's, not the items': said once, not written a hundred times.
                constexpr int kFailingStart = 3;
                if (answered == 0 && ++failed_unanswered == kFailingStart) {
                    return ran.prefixed("the first " + std::to_string(kFailingStart) + " items under " + config.name +
                                        " all failed; the last, " + item.id + ": ");
                }
            }
            if (ran) ++answered;
            if (Status s = file.append(result); !s) return s;
            if (learn_into != nullptr) {
                if (const auto mistake = eval::mistake_in(item, result, nullptr, model_name)) {
                    // The run is the measurement: a notebook that cannot take the entry is said, not fatal.
                    std::string said;
                    if (Status s = pipeline::record_mistake(*learn_into, *mistake, said); !s) {
                        bar.note("r1tune: item " + item.id + ": the mistake was not recorded: " + s.message());
                    } else if (o.verbose && !said.empty()) {
                        bar.note("r1tune: " + said);
                    }
                }
            }
            ++progress.done;
            ++progress.run_now;
            progress.seconds_now += share_ms / 1000.0;
            ++progress.config_done;
            progress.config_correct += result.correct ? 1 : 0;
            if (o.verbose) {
                bar.note(item.id + " " + (result.correct ? "right" : "wrong") + " (" + result.verification + "): " +
                         (result.answered ? result.answer : "no answer") + ", expected " + item.answer);
            }
            results.push_back(std::move(result));
            bar.show(eval::format_eval_progress(progress));
            return Status::ok();
        };
        std::vector<std::size_t> to_run;
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (!done_before.contains({config.name, items[k].id})) to_run.push_back(k);
        }
        bar.show(eval::format_eval_progress(progress));
        Status first_failure = Status::ok();
        // Each worker takes the next item until none is left or one failed.
        std::atomic<std::size_t> next{0};
        const auto work = [&](pipeline::ModelBackend & on) {
            for (std::size_t n; !stop && (n = next++) < to_run.size();) {
                Status s;
                // An exception must not end the process from a thread (std::terminate).
                try {
                    s = run_item(to_run[n], on);
                } catch (const std::exception & e) {
                    s = Status::internal(std::string("item ") + items[to_run[n]].id + ": " + e.what());
                }
                if (!s) {
                    std::lock_guard lock(recording);
                    if (first_failure) first_failure = s;
                    stop = true;
                }
            }
        };
        if (runtime) {
            // --parallel items at once are lanes of one context, their steps decoded together.
            if (Status s = runtime->open_session(session_options(o, solvers[i], family)); !s) return s;
        }
        if (runtime && o.parallel == 1) {
            work(*models.front()); // here: a pinned session's decoding thread is the one that made it
        } else {
            std::vector<std::thread> workers;
            for (const auto & on : models) {
                for (int w = 0; w < o.parallel; ++w) workers.emplace_back([&, model = on.get()] { work(*model); });
            }
            for (std::thread & t : workers) t.join();
        }
        if (!first_failure) {
            bar.finish();
            return first_failure;
        }
    }
    bar.show(eval::format_eval_progress(progress));
    bar.finish();

    std::vector<std::string> requested;
    for (const auto & c : configs) requested.push_back(c.name);
    const eval::Report report = eval::build_report(source + " on " + model_name, results, requested);
    std::cout << (o.json ? eval::json_report(report) : eval::markdown_report(report));
    std::cout.flush();
    if (Status s = write_text(base + ".md", eval::markdown_report(report)); !s) return s;
    if (Status s = write_text(base + ".json", eval::json_report(report)); !s) return s;
    if (Status s = write_text(base + ".svg", eval::svg_plot(report)); !s) return s;
    std::fprintf(stderr, "r1tune: results in %s; report in %s.md, %s.json, %s.svg\n", o.results.c_str(), base.c_str(),
                 base.c_str(), base.c_str());
    return Status::ok();
}

} // namespace

void register_eval(CLI::App & app, int & exit_code) {
    auto options = std::make_shared<EvalOptions>();
    auto * cmd = app.add_subcommand("eval", "measure accuracy per configuration on a dataset or on generated problems");
    auto & o = *options;
    auto & p = o.solver.overrides;
    cmd->add_option("dataset", o.dataset, "JSON Lines {id, question, answer, [constraints], [tests]} or a GSM8K file");
    cmd->add_flag("--skip-bad-lines", o.skip_bad_lines, "report and skip unreadable dataset lines instead of stopping");
    cmd->add_option("--generate", o.generate,
                    "generate fresh problems instead: all, or families chicken_rabbit, digit_puzzle, age, work_rate, "
                    "distance")
        ->delimiter(',');
    cmd->add_option("--languages", o.languages, "languages of generated problems: zh, en (default both)")->delimiter(',');
    cmd->add_option("--count", o.count, "generated problems in all")->capture_default_str();
    cmd->add_option("--generate-seed", o.generate_seed, "seed of the generated problems")->capture_default_str();
    cmd->add_option("--limit", o.limit, "run only the first N items (0 = all)")->capture_default_str();
    cmd->add_option("--skip", o.skip, "leave out the first N items (with --limit: a part further down, e.g. one disjoint from "
                                      "the items a notebook was harvested from)")
        ->capture_default_str();
    cmd->add_option("--configs", o.configs,
                    "configurations, each levers joined by '+': scaffold (the router's for the task), scaffold:NAME, "
                    "verify (feedback retries), wait (feedback by \"Wait\"), boxed (answer grammar), tools (run the "
                    "model's programs as it reasons), notebook (--notebook's entries), userturn (the scaffold in the other turn "
                    "than the family's), profiles:TABLE (this one under another table), plain, vote:N, vote:N:conf, "
                    "auto:N, beam:N")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--profiles", o.profiles,
                    "profile tables to run every configuration with (chat, deepseek, guide, files; default: the "
                    "model family's)")
        ->delimiter(',');
    cmd->add_option("-m,--model", o.model, "GGUF file or catalog name (default: the default model)");
    o.backend.add_options(*cmd, /*several=*/true);
    cmd->add_option("--parallel", o.parallel,
                    "items answered at once: in lanes of one context whose steps are decoded together, or "
                    "requests to each --backend at once (default 1)")
        ->check(CLI::Range(1, 64));
    cmd->add_option("-t,--threads", o.context.n_threads, "CPU threads (default: physical cores)")
        ->check(CLI::Range(1, engine::ContextOptions::kMaxThreads));
    add_cpus_option(*cmd, o.cpus);
    cmd->add_option("-c,--ctx-size", o.context.n_ctx, "context size in tokens")->capture_default_str();
    cmd->add_option("-n,--max-tokens", o.solver.max_tokens, "most tokens per attempt (default: the profile's)")
        ->check(CLI::Range(1, engine::ContextOptions::kMaxContext));
    cmd->add_option("--thinking-budget", o.solver.thinking_budget, "thinking tokens before r1tune closes the block")
        ->check(CLI::Range(0, engine::ContextOptions::kMaxContext));
    cmd->add_option("--temp,--temperature", p.temperature, "sampling temperature for every configuration");
    cmd->add_option("--seed", o.solver.sampler.seed, "sampling seed")->capture_default_str();
    add_speculation_options(*cmd, o.solver);
    o.notebook.add_options(*cmd, "record every wrong answer whose correction is known (the item's worked solution)");
    cmd->add_option("--results", o.results, "JSON Lines file the results go to; an existing one of the same run is resumed")
        ->capture_default_str();
    cmd->add_option("--report", o.report, "path prefix of the report files (.md, .json, .svg; default: the results file's)");
    cmd->add_flag("--json", o.json, "print the report as JSON instead of Markdown");
    cmd->add_flag("--report-only", o.report_only,
                  "report on what the results file already holds (a run still going, or spread over days); run nothing");
    cmd->add_flag("-v,--verbose", o.verbose, "a line per item: right or wrong, the answer and the expected one");
    o.backend.exclude_local_options(*cmd);
    cmd->callback([options, &exit_code] {
        const Status status = run_eval(*options);
        exit_code = status ? 0 : report_error(status);
    });
}

} // namespace r1tune::cli

// `r1tune solve`: answer one question with one model (here, or behind --backend) through the
// whole pipeline: route the question, take its profile, scaffold the prompt, generate
// (streaming), check the answer, and feed a failed check back to the model for a bounded number
// of rounds.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "backend_option.h"
#include "check_report.h"
#include "commands.h"
#include "cpu_option.h"
#include "engine/generation.h"
#include "engine/session.h"
#include "notebook_option.h"
#include "pipeline/model_backend.h"
#include "pipeline/notebook_consult.h"
#include "pipeline/runtime.h"
#include "pipeline/solver.h"
#include "pipeline/trace.h"
#include "prompt/scaffold_placement.h"
#include "question_input.h"
#include "solver_options.h"
#include "solve_report.h"
#include "user_checks.h"

namespace r1tune::cli {

namespace {

struct SolveOptions {
    QuestionSource question;
    std::string model; // path or catalog name; empty = the default model
    BackendOption backend; // a URL: the model runs there instead
    engine::ContextOptions context;
    std::string kv_type = "f16";
    std::string cpus;
    std::string prompt_cache; // a file: the prompt's KV state is restored from it and saved to it
    bool mlock = false;
    bool no_mmap = false;
    pipeline::SolverOptions solver;
    UserChecks checks;
    NotebookOption notebook;
    bool explain = false;
    bool show_thinking = false;
    bool json = false;
    bool verbose = false;
};

// Streams one attempt's text to the terminal: the answer, and the thinking on request.
class TerminalStream {
public:
    explicit TerminalStream(bool show_thinking) : show_thinking_(show_thinking) {}
    void operator()(const engine::StreamEvent & e) {
        if (e.restarted) {
            end_attempt();
            std::fputs("r1tune: the reasoning went round in a loop; starting it again on a new seed\n", stderr);
            return;
        }
        if (e.channel == text::Channel::kThinking) {
            if (!show_thinking_) return;
            if (!in_thinking_) std::fputs("<think>\n", stdout);
            in_thinking_ = true;
        } else if (in_thinking_) {
            std::fputs("\n</think>\n\n", stdout);
            in_thinking_ = false;
        }
        std::fwrite(e.text.data(), 1, e.text.size(), stdout);
        std::fflush(stdout);
    }
    void end_attempt() {
        if (in_thinking_) std::fputs("\n</think>", stdout);
        in_thinking_ = false;
        std::fputs("\n", stdout);
        std::fflush(stdout);
    }

private:
    bool show_thinking_;
    bool in_thinking_ = false;
};

Status run_solve(SolveOptions & o) {
    if (Status s = engine::parse_kv_cache_type(o.kv_type, o.context.kv_type); !s) return s;
    if (Status s = apply_cpus_option(o.cpus, o.context); !s) return s;
    o.context.reuse_prefix = !o.prompt_cache.empty();
    // Decisions that need no model come first, so a bad option fails before a slow load.
    pipeline::Solver solver;
    if (Status s = pipeline::Solver::create(o.solver, solver); !s) return s;
    std::string question;
    o.question.stdin_is_terminal = isatty(STDIN_FILENO) != 0;
    if (Status s = read_question(o.question, question); !s) return s;
    pipeline::QuestionChecks checks{o.checks.constraints_if_given(), o.checks.expected_if_given(), std::nullopt};
    if (Status s = o.checks.read_tests(checks.code_tests); !s) return s;

    std::unique_ptr<notebook::NotebookStore> notebook, own_learning;
    if (Status s = o.notebook.open(notebook); !s) return s;
    notebook::NotebookStore * learn_into = nullptr;
    if (Status s = o.notebook.open_for_learning(notebook.get(), own_learning, learn_into); !s) return s;

    // The model: loaded here, or behind a remote server.
    std::unique_ptr<pipeline::Runtime> runtime;
    std::unique_ptr<pipeline::ModelBackend> model;
    if (o.backend.given()) {
        std::vector<remote::OpenAiBackend> backends;
        if (Status s = o.backend.connect(backends); !s) return s;
        model = std::make_unique<pipeline::RemoteModel>(std::move(backends.front()));
    } else {
        if (Status s = pipeline::Runtime::load({o.model, !o.no_mmap, o.mlock, o.verbose}, runtime); !s) return s;
        model = std::make_unique<pipeline::LocalModel>(*runtime);
    }
    // The family decides the profile table (unless --profiles names one) and the scaffold's place.
    pipeline::SolvePlan plan;
    if (Status s = solver.plan(question, checks, model->family(), plan); !s) return s;
    if (Status s = model->can_run(solver, plan); !s) return s;
    if (notebook) {
        if (Status s = model->consult_notebook(*notebook, o.notebook.retrieval, plan); !s) return s;
    }
    if (runtime) {
        o.context.n_sequences = plan.profile.strategy.width;
        if (Status s = o.context.validate(); !s) return s;
        if (Status s = runtime->open_session(o.context); !s) return s;
        // A prompt cache is only a cache: one that cannot be used is said so and the question runs
        // cold; the file is replaced by this run's prompt at the end.
        if (!o.prompt_cache.empty()) {
            if (Status s = runtime->restore_prompt_cache(o.prompt_cache); !s) {
                std::fprintf(stderr, "r1tune: not using the prompt cache: %s\n", s.message().c_str());
            }
        }
    }

    pipeline::SolveTrace trace = model->start_trace(plan, solver);
    if (o.explain) {
        std::fputs(explanation(trace, plan.scaffold_note, plan.placement_why).c_str(), stderr);
    }

    const bool waits = solver.retry_mode() == feedback::RetryMode::kWait;
    TerminalStream terminal(o.show_thinking);
    engine::StreamCallback on_text;
    if (!o.json) on_text = [&terminal](const engine::StreamEvent & e) { terminal(e); };
    auto on_attempt = [&](const feedback::Attempt & attempt, int round) {
        // The first attempt's prompt is the one the next question shares; a retry's holds the
        // answers and feedback after it, which no other question starts with.
        if (round == 0 && !o.prompt_cache.empty()) {
            if (Status s = runtime->session().save_prefix(o.prompt_cache); !s) {
                std::fprintf(stderr, "r1tune: the prompt cache was not saved: %s\n", s.message().c_str());
            }
        }
        if (o.json) return;
        if (const auto & summary = attempt.response.strategy) {
            // Votes and beams stream nothing: show the chosen answer and how the choice went.
            std::fputs(attempt.response.answer.c_str(), stdout);
            std::fprintf(stderr, "%s\n", strategy_line(*summary, attempt.check.answer_summary).c_str());
        }
        terminal.end_attempt();
        if (attempt.response.finish_reason == "context_full") {
            std::fprintf(stderr, "r1tune: the context of %d tokens filled up; raise --ctx-size%s\n", trace.context_size,
                         trace.profile.strategy.width > 1 ? " (all sequences of a vote or beam search share it)" : "");
        }
        if (attempt.response.answer.empty() && attempt.response.finish_reason == "max_tokens") {
            std::fprintf(stderr, "r1tune: the model was still thinking when it reached %d tokens; raise --max-tokens for an answer\n",
                         trace.max_tokens);
        }
        if (!attempt.check.verdicts.empty()) print_check(stderr, attempt.check);
        if (feedback::first_failure(attempt.check) && round < o.solver.retries) {
            std::fprintf(stderr, "--- feedback round %d of %d%s ---\n", round + 1, o.solver.retries,
                         waits ? " (the thinking goes on after \"Wait\")" : "");
        }
    };
    if (Status s = model->run(solver, plan, on_text, on_attempt, trace.loop); !s) return s;
    for (const std::string & line :
         pipeline::record_question(notebook.get(), learn_into, plan, trace.loop, model->model_name())) {
        std::fprintf(stderr, "r1tune: %s\n", line.c_str());
    }

    if (o.json) {
        std::cout << pipeline::to_json(trace).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        if (!trace.loop.stopped_early.empty()) {
            std::fprintf(stderr, "r1tune: the feedback rounds stopped early: %s\n", trace.loop.stopped_early.c_str());
        }
        std::fprintf(stderr, "%s\n", summary_line(trace).c_str());
    }
    return Status::ok();
}

} // namespace

void register_solve(CLI::App & app, int & exit_code) {
    auto options = std::make_shared<SolveOptions>();
    auto * cmd = app.add_subcommand("solve", "answer a question with a local model");
    auto & o = *options;

    CLI::Option * question = cmd->add_option("question", o.question.text, "the question (or use -f FILE, or standard input)");
    cmd->add_option("-f,--file", o.question.file, "read the question from FILE ('-' = standard input)");
    cmd->add_option("-m,--model", o.model, "GGUF file or catalog name (default: the default model; see `r1tune pull --list`)");
    o.backend.add_options(*cmd, /*several=*/false);
    cmd->add_option("-t,--threads", o.context.n_threads, "CPU threads (default: physical cores)")
        ->check(CLI::Range(1, engine::ContextOptions::kMaxThreads));
    cmd->add_option("-c,--ctx-size", o.context.n_ctx, "context size in tokens")->capture_default_str();
    cmd->add_option("-b,--batch-size", o.context.n_batch, "prompt tokens per decode call")->capture_default_str();
    add_cpus_option(*cmd, o.cpus);
    cmd->add_option("--prompt-cache", o.prompt_cache,
                    "FILE: start from the prompt state saved there (when it is this model's) and save this "
                    "question's prompt to it; the next question evaluates only what follows the part they share "
                    "(the chat template's opening and everything before the question: the system turn, or a scaffold's steps "
                    "and notebook entries)");
    cmd->add_option("--kv-type", o.kv_type, "KV cache type: f16 or q8_0 (q8_0 halves what each step reads)")
        ->capture_default_str();
    cmd->add_flag("--mlock", o.mlock, "lock the weights in RAM");
    cmd->add_flag("--no-mmap", o.no_mmap, "read the weights instead of memory-mapping them");
    add_solver_options(*cmd, o.solver);
    cmd->add_option("--seed", o.solver.sampler.seed, "random seed")->capture_default_str();
    o.checks.add_options(*cmd);
    o.notebook.add_options(*cmd, "record a mistake this run corrected (a feedback round, sample or beam that failed a "
                                 "check, next to a final answer that a check pinning it verified)");
    cmd->add_flag("--explain", o.explain, "print the router's decision, the profile, the scaffold and the checks");
    cmd->add_flag("--show-thinking", o.show_thinking, "print the model's reasoning too");
    cmd->add_flag("--json", o.json, "print one JSON trace: every decision, every attempt with its answer, verdicts, tokens and timings");
    cmd->add_flag("-v,--verbose", o.verbose, "show llama.cpp's own log");
    o.backend.exclude_local_options(*cmd);

    cmd->callback([options, question, &exit_code] {
        options->question.given_as_argument = question->count() > 0;
        const Status status = run_solve(*options);
        exit_code = status ? 0 : report_error(status);
    });
}

} // namespace r1tune::cli

// `r1tune solve`: answer one question with one model through the whole pipeline: route the
// question, take its profile, scaffold the prompt, generate (streaming), check the answer, and
// feed a failed check back to the model for a bounded number of rounds.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "check_report.h"
#include "commands.h"
#include "decode/trace_guard.h"
#include "engine/chat_format.h"
#include "engine/generation.h"
#include "engine/model.h"
#include "engine/session.h"
#include "models/model_cache.h"
#include "pipeline/answer_checker.h"
#include "pipeline/engine_responder.h"
#include "prompt/profiles.h"
#include "prompt/router.h"
#include "prompt/scaffold_library.h"
#include "prompt/scaffold_placement.h"
#include "prompt/user_data.h"
#include "question_input.h"
#include "user_checks.h"
#include "solve_report.h"

namespace r1tune::cli {

namespace {

// Sampler values the user set on the command line; each one given overrides the profile.
struct SamplerOverrides {
    std::optional<float> temperature;
    std::optional<int> top_k;
    std::optional<float> top_p;
    std::optional<float> min_p;
    std::optional<float> repeat_penalty;
};

struct SolveOptions {
    QuestionSource question;
    std::string model; // path or catalog name; empty = the default model
    engine::ContextOptions context;
    std::string kv_type = "f16";
    bool mlock = false;
    bool no_mmap = false;
    engine::SamplerSettings sampler; // what profiles do not set: penalties' window, seed
    SamplerOverrides overrides;
    std::optional<int> max_tokens;
    std::optional<int> thinking_budget; // unset = the profile's
    std::vector<std::string> stops;
    std::string profiles = std::string(prompt::kDefaultProfileTable);
    std::string scaffold; // empty = the profile's
    std::string strategy; // empty = the profile's
    std::string loops = "wrap";
    std::string feedback = "turn";
    std::string answer_format; // empty = the profile's
    UserChecks checks;
    int retries = 2;
    bool explain = false;
    bool show_thinking = false;
    bool json = false;
    bool verbose = false;
};

engine::SamplerSettings sampler_for(const SolveOptions & o, const prompt::Sampling & profile) {
    engine::SamplerSettings s = o.sampler;
    s.temperature = o.overrides.temperature.value_or(profile.temperature);
    s.top_k = o.overrides.top_k.value_or(profile.top_k);
    s.top_p = o.overrides.top_p.value_or(profile.top_p);
    s.min_p = o.overrides.min_p.value_or(profile.min_p);
    s.repeat_penalty = o.overrides.repeat_penalty.value_or(profile.repeat_penalty);
    return s;
}

prompt::ModelFamily family_of(const engine::ChatFormat & format) {
    if (format.is_transcript()) return prompt::ModelFamily::kBase;
    return format.is_r1_family() ? prompt::ModelFamily::kDeepSeekR1 : prompt::ModelFamily::kOther;
}

bool lists(const prompt::Profile & profile, prompt::Verifier verifier) {
    return std::find(profile.verifiers.begin(), profile.verifiers.end(), verifier) != profile.verifiers.end();
}

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
    if (o.retries < 0) return Status::usage("--retries must be 0 or more");
    pipeline::RetryMode retry = pipeline::RetryMode::kNewTurn;
    if (Status s = pipeline::parse_retry_mode(o.feedback, retry); !s) return Status::usage("--feedback: " + s.message());
    decode::LoopAction loops = decode::LoopAction::kWrapUp;
    if (Status s = decode::parse_loop_action(o.loops, loops); !s) return Status::usage("--" + s.message());

    SolveReport report;
    o.question.stdin_is_terminal = isatty(STDIN_FILENO) != 0;
    if (Status s = read_question(o.question, report.question); !s) return s;
    std::optional<std::string> tests;
    if (Status s = o.checks.read_tests(tests); !s) return s;

    // Decisions that need no model come first, so a bad option fails before a slow load.
    report.route = prompt::route(report.question);
    const auto user_dir = prompt::user_data_dir();
    prompt::ProfileTable table;
    if (Status s = prompt::load_profile_table(o.profiles, user_dir, table); !s) return s;
    report.profile_table = table.name();
    report.profile = table.for_task(report.route.task);
    if (!o.strategy.empty()) {
        if (Status s = prompt::parse_strategy(o.strategy, report.profile.strategy); !s) {
            return Status::usage("--strategy " + s.message());
        }
    }
    if (!o.answer_format.empty()) {
        if (Status s = prompt::parse_answer_format(o.answer_format, report.profile.answer_format); !s) {
            return Status::usage("--answer-format: " + s.message());
        }
    }
    if (report.profile.answer_format == prompt::AnswerFormat::kBoxed &&
        report.profile.strategy.kind == prompt::Strategy::Kind::kBeam) {
        return Status::usage("beam search ranks its own continuations and takes no answer grammar; use "
                             "--answer-format free with beam:N, or plain or vote:N for a boxed answer");
    }
    std::string answer_grammar;
    if (Status s = prompt::answer_grammar(report.profile.answer_format, user_dir, answer_grammar); !s) return s;
    o.context.n_sequences = report.profile.strategy.width;
    report.thinking_budget = o.thinking_budget.value_or(report.profile.thinking_budget);
    report.loops = o.loops;
    report.feedback = o.feedback;
    if (Status s = o.context.validate(); !s) return s;
    report.sampler = sampler_for(o, report.profile.sampling);
    if (Status s = report.sampler.validate(); !s) return s;
    if (report.profile.strategy.kind == prompt::Strategy::Kind::kVote && report.sampler.greedy()) {
        return Status::usage("vote:" + std::to_string(report.profile.strategy.width) +
                             " at temperature 0 would draw the same answer every time; give a temperature "
                             "(e.g. --temp 0.6) or use beam:N for deterministic search");
    }
    prompt::ScaffoldLibrary library;
    if (Status s = prompt::ScaffoldLibrary::load(user_dir, library); !s) return s;
    prompt::ScaffoldChoice choice;
    const std::string scaffold_spec =
        o.scaffold.empty() ? std::string(report.profile.scaffold_for(report.route.scaffold)) : o.scaffold;
    if (Status s = prompt::choose_scaffold(library, scaffold_spec, report.route.language, choice); !s) return s;
    report.scaffold = choice.scaffold ? scaffold_spec : "none";
    if (choice.scaffold) report.scaffold_language = std::string(prompt::language_code(choice.scaffold->language));
    if (Status s = pipeline::plan_checks(report.question, report.route.language,
                                         lists(report.profile, prompt::Verifier::kArithmetic),
                                         lists(report.profile, prompt::Verifier::kConstraints),
                                         o.checks.constraints_if_given(),
                                         o.checks.expected_if_given(), tests,
                                         report.plan);
        !s) {
        return s;
    }

    models::Catalog catalog;
    if (Status s = models::load_embedded_catalog(catalog); !s) return s;
    std::filesystem::path resolved;
    const std::string model_spec = o.model.empty() ? catalog.default_model().name : o.model;
    if (Status s = models::resolve_model(model_spec, catalog, resolved); !s) return s;
    report.model_path = resolved.string();

    std::unique_ptr<engine::Model> model;
    if (Status s = engine::Model::load({report.model_path, !o.no_mmap, o.mlock, o.verbose}, model); !s) return s;
    std::unique_ptr<engine::ChatFormat> format;
    if (Status s = engine::ChatFormat::create(*model, format); !s) return s;
    std::unique_ptr<engine::Session> session;
    if (Status s = engine::Session::create(*model, o.context, session); !s) return s;

    if (retry == pipeline::RetryMode::kWait && !format->opens_thinking()) {
        return Status::usage("--feedback wait continues the model's <think> block, and " + model->description() +
                             " does not think in one; use --feedback turn");
    }
    const prompt::ModelFamily family = family_of(*format);
    report.model_family = std::string(prompt::to_string(family));
    if (prompt::family_settings(family).placement == prompt::ScaffoldPlacement::kNone) {
        report.scaffold = "none";
        report.scaffold_language.clear();
    }
    report.model_description = model->description();
    report.threads = session->threads();
    report.context_size = session->context_size();
    // A profile's budget may exceed a smaller context; the context is the harder limit.
    report.max_tokens = o.max_tokens.value_or(std::min(report.profile.max_tokens, report.context_size));
    report.max_feedback_rounds = o.retries;
    if (o.explain) {
        std::fputs(explanation(report, choice.note, prompt::family_settings(family).why).c_str(), stderr);
    }

    std::vector<engine::ChatMessage> conversation;
    const prompt::ScaffoldInputs inputs{report.question, "", ""};
    for (const auto & turn :
         prompt::opening_turns(choice.scaffold ? &choice.scaffold->body : nullptr, inputs, family)) {
        conversation.push_back({turn.role, turn.content});
    }

    engine::GenerationOptions generation;
    generation.max_tokens = report.max_tokens;
    generation.thinking_budget = report.thinking_budget;
    generation.stops = o.stops;
    generation.answer_grammar = answer_grammar;
    TerminalStream terminal(o.show_thinking);
    engine::StreamCallback on_text;
    if (!o.json) on_text = [&terminal](const engine::StreamEvent & e) { terminal(e); };
    pipeline::EngineResponderOptions responder_options;
    responder_options.sampler = report.sampler;
    responder_options.generation = generation;
    pipeline::AnswerChecker checker(report.plan);
    responder_options.strategy = report.profile.strategy;
    responder_options.guard.loops = loops;
    responder_options.checker = &checker;
    responder_options.question = report.question;
    responder_options.language = report.route.language;
    pipeline::EngineResponder responder(*model, *format, *session, responder_options, on_text);
    pipeline::LoopOptions loop_options;
    loop_options.max_feedback_rounds = o.retries;
    loop_options.retry = retry;
    loop_options.language = report.route.language;
    auto on_attempt = [&](const pipeline::Attempt & attempt, int round) {
        if (o.json) return;
        if (const auto & summary = attempt.response.strategy) {
            // Votes and beams stream nothing: show the chosen answer and how the choice went.
            std::fputs(attempt.response.answer.c_str(), stdout);
            std::fprintf(stderr, "%s\n", strategy_line(*summary, attempt.check.answer_summary).c_str());
        }
        terminal.end_attempt();
        if (attempt.response.finish_reason == "context_full") {
            std::fprintf(stderr, "r1tune: the context of %d tokens filled up; raise --ctx-size%s\n", report.context_size,
                         report.profile.strategy.width > 1 ? " (all sequences of a vote or beam search share it)" : "");
        }
        if (attempt.response.answer.empty() && attempt.response.finish_reason == "max_tokens") {
            std::fprintf(stderr, "r1tune: the model was still thinking when it reached %d tokens; raise --max-tokens for an answer\n",
                         report.max_tokens);
        }
        if (!attempt.check.verdicts.empty()) print_check(stderr, attempt.check);
        if (pipeline::first_failure(attempt.check) && round < o.retries) {
            std::fprintf(stderr, "--- feedback round %d of %d%s ---\n", round + 1, o.retries,
                         retry == pipeline::RetryMode::kWait ? " (the thinking goes on after \"Wait\")" : "");
        }
    };
    if (Status s = pipeline::run_feedback_loop(responder, conversation, checker, loop_options, report.loop, on_attempt);
        !s) {
        return s;
    }

    if (o.json) {
        std::cout << to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        if (!report.loop.stopped_early.empty()) {
        std::fprintf(stderr, "r1tune: the feedback rounds stopped early: %s\n", report.loop.stopped_early.c_str());
    }
    std::fprintf(stderr, "%s\n", summary_line(report).c_str());
    }
    return Status::ok();
}

} // namespace

void register_solve(CLI::App & app, int & exit_code) {
    auto options = std::make_shared<SolveOptions>();
    auto * cmd = app.add_subcommand("solve", "answer a question with a local model");
    auto & o = *options;
    auto & s = o.sampler;

    CLI::Option * question = cmd->add_option("question", o.question.text, "the question (or use -f FILE, or standard input)");
    cmd->add_option("-f,--file", o.question.file, "read the question from FILE ('-' = standard input)");
    cmd->add_option("-m,--model", o.model, "GGUF file or catalog name (default: the default model; see `r1tune pull --list`)");
    cmd->add_option("-t,--threads", o.context.n_threads, "CPU threads (default: physical cores)")
        ->check(CLI::Range(1, engine::ContextOptions::kMaxThreads));
    cmd->add_option("-c,--ctx-size", o.context.n_ctx, "context size in tokens")->capture_default_str();
    cmd->add_option("-b,--batch-size", o.context.n_batch, "prompt tokens per decode call")->capture_default_str();
    cmd->add_option("--kv-type", o.kv_type, "KV cache type: f16 or q8_0 (q8_0 halves what each step reads)")
        ->capture_default_str();
    cmd->add_flag("--mlock", o.mlock, "lock the weights in RAM");
    cmd->add_flag("--no-mmap", o.no_mmap, "read the weights instead of memory-mapping them");
    auto & p = o.overrides;
    cmd->add_option("--temp,--temperature", p.temperature, "sampling temperature; 0 = greedy (default: the profile's)");
    cmd->add_option("--top-k", p.top_k, "keep the k most likely tokens; 0 = off (default: the profile's)");
    cmd->add_option("--top-p", p.top_p, "nucleus sampling threshold in (0, 1] (default: the profile's)");
    cmd->add_option("--min-p", p.min_p, "drop tokens below this fraction of the best one's probability (default: the profile's)");
    cmd->add_option("--repeat-penalty", p.repeat_penalty, "penalty for repeated tokens; 1 = off (default: the profile's)");
    cmd->add_option("--repeat-last-n", s.repeat_last_n, "window of recent tokens the penalties look at")
        ->capture_default_str();
    cmd->add_option("--presence-penalty", s.presence_penalty, "presence penalty; 0 = off")->capture_default_str();
    cmd->add_option("--frequency-penalty", s.frequency_penalty, "frequency penalty; 0 = off")->capture_default_str();
    cmd->add_option("--seed", s.seed, "random seed")->capture_default_str();
    cmd->add_option("-n,--max-tokens", o.max_tokens, "most tokens per attempt, thinking included (default: the profile's)")
        ->check(CLI::Range(1, engine::ContextOptions::kMaxContext));
    cmd->add_option("--thinking-budget", o.thinking_budget,
                    "close the thinking block after N thinking tokens and make the model answer; 0 = no cap "
                    "(default: the profile's)")
        ->check(CLI::Range(0, engine::ContextOptions::kMaxContext));
    cmd->add_option("--stop", o.stops, "stop the answer at this string (repeatable)")->allow_extra_args(false);
    cmd->add_option("--profiles", o.profiles, "profile table: guide, deepseek, or a JSON file")->capture_default_str();
    cmd->add_option("--strategy", o.strategy, "plain, vote:N (N samples in one batch, majority answer), vote:N:conf (low-confidence samples abandoned early) or beam:N (beam search, answers checked for agreement) (default: the profile's)");
    cmd->add_option("--loops", o.loops,
                    "a reasoning loop is cut: wrap (close the thinking and answer), restart (once, on a new seed; below "
                    "temperature 0.3 it wraps), or off; plain and vote:N only")
        ->capture_default_str();
    cmd->add_option("--answer-format", o.answer_format,
                    "free, or boxed: after the thinking, a grammar holds the answer to end in exactly one \\boxed{} "
                    "line (default: the profile's)");
    cmd->add_option("--scaffold", o.scaffold, "scaffold NAME, a FILE, or none (default: the profile's; see `r1tune scaffolds list`)");
    o.checks.add_options(*cmd);
    cmd->add_option("--retries", o.retries, "feedback rounds after a failed check")->capture_default_str();
    cmd->add_option("--feedback", o.feedback,
                    "how a failed check goes back: turn (a new user turn) or wait (the model's own thinking goes on "
                    "after \"Wait, <the failure>\"; reasoning models only)")
        ->capture_default_str();
    cmd->add_flag("--explain", o.explain, "print the router's decision, the profile, the scaffold and the checks");
    cmd->add_flag("--show-thinking", o.show_thinking, "print the model's reasoning too");
    cmd->add_flag("--json", o.json, "print one JSON trace: every decision, every attempt with its answer, verdicts, tokens and timings");
    cmd->add_flag("-v,--verbose", o.verbose, "show llama.cpp's own log");

    cmd->callback([options, question, &exit_code] {
        options->question.given_as_argument = question->count() > 0;
        const Status status = run_solve(*options);
        exit_code = status ? 0 : report_error(status);
    });
}

} // namespace r1tune::cli

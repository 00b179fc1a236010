#include "pipeline/solver.h"

#include <algorithm>
#include <limits>

#include "pipeline/engine_responder.h"
#include "pipeline/question_turns.h"
#include "pipeline/remote_responder.h"
#include "prompt/answer_format.h"
#include "prompt/user_data.h"

namespace r1tune::pipeline {

namespace {

bool lists(const prompt::Profile & profile, prompt::Verifier verifier) {
    return std::find(profile.verifiers.begin(), profile.verifiers.end(), verifier) != profile.verifiers.end();
}

engine::SamplerSettings sampler_for(const SolverOptions & o, const prompt::Sampling & profile) {
    engine::SamplerSettings s = o.sampler;
    s.temperature = o.overrides.temperature.value_or(profile.temperature);
    s.top_k = o.overrides.top_k.value_or(profile.top_k);
    s.top_p = o.overrides.top_p.value_or(profile.top_p);
    s.min_p = o.overrides.min_p.value_or(profile.min_p);
    s.repeat_penalty = o.overrides.repeat_penalty.value_or(profile.repeat_penalty);
    return s;
}

// The profile for `task` with the user's overrides applied.
prompt::Profile effective_profile(const prompt::ProfileTable & table, prompt::Task task,
                                  const std::optional<prompt::Strategy> & strategy,
                                  const std::optional<prompt::AnswerFormat> & answer_format,
                                  const std::optional<int> & thinking_budget) {
    prompt::Profile profile = table.for_task(task);
    if (strategy) profile.strategy = *strategy;
    if (answer_format) profile.answer_format = *answer_format;
    if (thinking_budget) profile.thinking_budget = *thinking_budget;
    return profile;
}

} // namespace

Status Solver::create(SolverOptions options, Solver & out) {
    if (options.retries < 0) return Status::usage("--retries must be 0 or more");
    if (options.spec != "off" && options.spec != "ngram") {
        return Status::usage("--spec must be ngram or off, not '" + options.spec + "'");
    }
    if (options.spec_tokens < 1 || options.spec_tokens > engine::GenerationOptions::kMaxSpeculate) {
        return Status::usage("--spec-tokens must be 1 to " + std::to_string(engine::GenerationOptions::kMaxSpeculate));
    }
    out.scaffold_turn_.reset();
    if (!options.scaffold_turn.empty()) {
        out.scaffold_turn_ = prompt::parse_scaffold_turn(options.scaffold_turn);
        if (!out.scaffold_turn_) {
            return Status::usage("--scaffold-turn must be user or system, not '" + options.scaffold_turn + "'");
        }
    }
    if (Status s = feedback::parse_retry_mode(options.feedback, out.retry_); !s) return Status::usage("--feedback: " + s.message());
    if (Status s = strategies::parse_loop_action(options.loops, out.loops_); !s) return Status::usage("--" + s.message());
    out.strategy_.reset();
    if (!options.strategy.empty()) {
        prompt::Strategy strategy;
        if (Status s = prompt::parse_strategy(options.strategy, strategy); !s) return Status::usage("--strategy " + s.message());
        out.strategy_ = strategy;
    }
    out.answer_format_.reset();
    if (!options.answer_format.empty()) {
        prompt::AnswerFormat format = prompt::AnswerFormat::kFree;
        if (Status s = prompt::parse_answer_format(options.answer_format, format); !s) {
            return Status::usage("--answer-format: " + s.message());
        }
        out.answer_format_ = format;
    }
    out.python_tool_.reset();
    if (!options.tools.empty()) {
        bool python = false;
        if (Status s = prompt::parse_tools(options.tools, python); !s) return Status::usage("--tools: " + s.message());
        out.python_tool_ = python;
    }
    out.user_dir_ = prompt::user_data_dir();
    // Every table a model could need is read now, so that a broken one fails before the model loads.
    std::vector<std::string> names;
    if (!options.profiles.empty()) names.push_back(options.profiles);
    for (prompt::ModelFamily family : prompt::kAllModelFamilies) {
        const std::string name(prompt::default_profile_table(family));
        if (options.profiles.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    out.tables_.clear();
    for (const std::string & name : names) {
        out.tables_.emplace_back(name, prompt::ProfileTable{});
        if (Status s = prompt::load_profile_table(name, out.user_dir_, out.tables_.back().second); !s) return s;
    }
    if (Status s = prompt::ScaffoldLibrary::load(out.user_dir_, out.library_); !s) return s;
    out.options_ = std::move(options);
    return Status::ok();
}

const prompt::ProfileTable & Solver::table(prompt::ModelFamily family) const {
    const std::string_view name =
        options_.profiles.empty() ? prompt::default_profile_table(family) : std::string_view(options_.profiles);
    for (const auto & [table_name, table] : tables_) {
        if (table_name == name) return table;
    }
    return tables_.front().second; // unreachable: create() read every family's table
}

int Solver::max_width(prompt::ModelFamily family) const {
    int width = 1;
    for (prompt::Task task : prompt::kAllTasks) {
        const prompt::Profile profile =
            effective_profile(table(family), task, strategy_, answer_format_, options_.thinking_budget);
        width = std::max(width, profile.strategy.width);
    }
    return width;
}

Status Solver::plan(const std::string & question, const QuestionChecks & checks, prompt::ModelFamily family,
                    SolvePlan & out) const {
    out = SolvePlan{};
    out.question = question;
    out.route = prompt::route(question);
    out.table = table(family).name();
    out.profile =
        effective_profile(table(family), out.route.task, strategy_, answer_format_, options_.thinking_budget);
    if (python_tool_) out.profile.python_tool = *python_tool_;
    out.thinking_budget = out.profile.thinking_budget;
    if (out.profile.answer_format == prompt::AnswerFormat::kBoxed &&
        out.profile.strategy.kind == prompt::Strategy::Kind::kBeam) {
        return Status::usage("beam search ranks its own continuations and takes no answer grammar; use "
                             "--answer-format free with beam:N, or plain or vote:N for a boxed answer");
    }
    if (Status s = prompt::answer_grammar(out.profile.answer_format, user_dir_, out.answer_grammar); !s) return s;
    out.sampler = sampler_for(options_, out.profile.sampling);
    if (Status s = out.sampler.validate(); !s) return s;
    if (out.profile.strategy.kind == prompt::Strategy::Kind::kVote && out.sampler.greedy()) {
        return Status::usage("vote:" + std::to_string(out.profile.strategy.width) +
                             " at temperature 0 would draw the same answer every time; give a temperature "
                             "(e.g. --temp 0.6) or use beam:N for deterministic search");
    }
    prompt::ScaffoldChoice choice;
    // "auto" asks for the router's choice even where the profile has none (a chat table).
    const std::string scaffold_spec = options_.scaffold.empty()   ? std::string(out.profile.scaffold_for(out.route.scaffold))
                                      : options_.scaffold == "auto" ? out.route.scaffold
                                                                    : options_.scaffold;
    if (Status s = prompt::choose_scaffold(library_, scaffold_spec, out.route.language, choice); !s) return s;
    out.scaffold = choice.scaffold ? scaffold_spec : "none";
    out.scaffold_note = choice.note;
    out.placement = scaffold_turn_.value_or(prompt::family_settings(family).placement);
    out.placement_why = !scaffold_turn_ ? std::string(prompt::family_settings(family).why)
                        : *scaffold_turn_ == prompt::ScaffoldPlacement::kUserTurn
                            ? "--scaffold-turn user: the scaffold and the question share the user turn"
                            : "--scaffold-turn system: the scaffold is the system turn, the question the user turn";
    if (choice.scaffold) {
        out.scaffold_language = std::string(prompt::language_code(choice.scaffold->language));
        out.scaffold_body = choice.scaffold->body;
    }
    return plan_checks(question, out.route.language, lists(out.profile, prompt::Verifier::kArithmetic),
                       lists(out.profile, prompt::Verifier::kConstraints), checks.constraints, checks.expected,
                       checks.code_tests, out.checks);
}

int Solver::max_tokens(const SolvePlan & plan, int context_size) const {
    // A profile's budget may exceed a smaller context; the context is the harder limit.
    return options_.max_tokens.value_or(std::min(plan.profile.max_tokens, context_size));
}

Status Solver::check_model(const engine::Model & model, const engine::ChatFormat & format) const {
    if (retry_ == feedback::RetryMode::kWait && !format.opens_thinking()) {
        return Status::usage("--feedback wait continues the model's <think> block, and " + model.description() +
                             " does not think in one; use --feedback turn");
    }
    return Status::ok();
}

std::vector<engine::ChatMessage> Solver::conversation(const SolvePlan & plan) {
    std::vector<engine::ChatMessage> conversation = plan.earlier_turns;
    std::vector<notebook::Entry> entries;
    for (const notebook::Retrieved & r : plan.notebook) entries.push_back(r.entry);
    for (const auto & turn : question_turns(plan.scaffold_body ? &*plan.scaffold_body : nullptr, plan.placement, entries,
                                            plan.route.language, plan.question)) {
        // The templates take one system turn, at the start.
        if (turn.role == "system" && !conversation.empty() && conversation.front().role == "system") {
            conversation.front().content += "\n\n" + turn.content;
        } else if (turn.role == "system") {
            conversation.insert(conversation.begin(), {turn.role, turn.content});
        } else {
            conversation.push_back({turn.role, turn.content});
        }
    }
    return conversation;
}

Status Solver::run_loop(feedback::Responder & responder, const SolvePlan & plan, AnswerChecker & checker,
                        const feedback::AttemptCallback & on_attempt, feedback::LoopResult & out) const {
    feedback::LoopOptions loop_options;
    loop_options.max_feedback_rounds = options_.retries;
    loop_options.retry = retry_;
    loop_options.language = plan.route.language;
    return feedback::run_feedback_loop(responder, conversation(plan), checker, loop_options, out, on_attempt);
}

Status Solver::run(const SolvePlan & plan, const Runtime & runtime, engine::Session & session,
                   const engine::StreamCallback & on_text, const feedback::AttemptCallback & on_attempt,
                   feedback::LoopResult & out) const {
    if (Status s = check_model(runtime.model(), runtime.format()); !s) return s;
    if (session.sequence_capacity() < plan.profile.strategy.width) {
        return Status::internal("the session holds fewer sequences than " + prompt::to_string(plan.profile.strategy));
    }
    EngineResponderOptions responder_options;
    responder_options.sampler = plan.sampler;
    responder_options.generation.max_tokens = max_tokens(plan, session.context_size());
    responder_options.generation.thinking_budget = plan.thinking_budget;
    responder_options.generation.stops = options_.stops;
    responder_options.generation.answer_grammar = plan.answer_grammar;
    AnswerChecker checker(plan.checks, session.cancel_flag());
    responder_options.strategy = plan.profile.strategy;
    responder_options.guard.loops = loops_;
    responder_options.checker = &checker;
    responder_options.question = plan.question;
    responder_options.language = plan.route.language;
    responder_options.python_tool = plan.profile.python_tool;
    responder_options.vote_early_stop = !options_.every_sample;
    responder_options.generation.record_logprobs = options_.record_logprobs;
    responder_options.generation.keep_each_logprob = options_.record_logprobs;
    responder_options.generation.speculate = options_.spec == "ngram" ? options_.spec_tokens : 0;
    EngineResponder responder(runtime.model(), runtime.format(), session, responder_options, on_text);
    return run_loop(responder, plan, checker, on_attempt, out);
}

Status Solver::check_remote(const prompt::Profile & profile) const {
    // Each of these acts on the model's tokens as they are sampled, which a remote server does
    // not hand out; dropping one silently would answer a different question than was asked.
    const auto refuse = [](const std::string & what) {
        return Status::usage(what + " needs r1tune's own engine; a remote backend cannot run it (use a local model, or leave it out)");
    };
    const prompt::Strategy & strategy = profile.strategy;
    if (strategy.kind == prompt::Strategy::Kind::kBeam) return refuse("beam search (" + prompt::to_string(strategy) + ")");
    if (strategy.confidence_filter) return refuse("the confidence filter (" + prompt::to_string(strategy) + ")");
    if (profile.thinking_budget > 0) return refuse("a thinking budget");
    if (profile.answer_format != prompt::AnswerFormat::kFree) return refuse("the boxed answer format (a grammar)");
    if (profile.python_tool) return refuse("running the model's programs as it reasons (--tools python)");
    if (retry_ == feedback::RetryMode::kWait) return refuse("--feedback wait (continuing the thinking block)");
    if (loops_ == strategies::LoopAction::kRestart) return refuse("--loops restart (restarting a looping trace)");
    if (options_.record_logprobs) return refuse("returning each token's log-probability (logprobs)");
    if (options_.spec != "off") return refuse("speculative decoding (--spec " + options_.spec + ")");
    return Status::ok();
}

Status Solver::check_remote(const SolvePlan & plan) const { return check_remote(plan.profile); }

Status Solver::check_remote(prompt::ModelFamily family) const {
    for (prompt::Task task : prompt::kAllTasks) {
        prompt::Profile profile = effective_profile(table(family), task, strategy_, answer_format_, options_.thinking_budget);
        if (python_tool_) profile.python_tool = *python_tool_;
        if (Status s = check_remote(profile); !s) return s.prefixed(std::string(prompt::to_string(task)) + " questions: ");
    }
    return Status::ok();
}

Status Solver::run_remote(const SolvePlan & plan, const remote::OpenAiBackend & backend,
                          const engine::StreamCallback & on_text, const feedback::AttemptCallback & on_attempt,
                          feedback::LoopResult & out, const std::atomic<bool> * cancel) const {
    if (Status s = check_remote(plan); !s) return s;
    AnswerChecker checker(plan.checks, cancel);
    RemoteResponderOptions responder_options;
    responder_options.sampler = plan.sampler;
    responder_options.max_tokens = max_tokens(plan, std::numeric_limits<int>::max());
    responder_options.stops = options_.stops;
    responder_options.strategy = plan.profile.strategy;
    responder_options.checker = &checker;
    responder_options.question = plan.question;
    responder_options.language = plan.route.language;
    responder_options.cancel = cancel;
    RemoteResponder responder(backend, responder_options, on_text);
    return run_loop(responder, plan, checker, on_attempt, out);
}

} // namespace r1tune::pipeline

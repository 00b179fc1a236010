#include "solver_options.h"

#include "engine/session.h"

namespace r1tune::cli {

void add_solver_options(CLI::App & cmd, pipeline::SolverOptions & o) {
    auto & p = o.overrides;
    auto & s = o.sampler;
    cmd.add_option("--temp,--temperature", p.temperature, "sampling temperature; 0 = greedy (default: the profile's)");
    cmd.add_option("--top-k", p.top_k, "keep the k most likely tokens; 0 = off (default: the profile's)");
    cmd.add_option("--top-p", p.top_p, "nucleus sampling threshold in (0, 1] (default: the profile's)");
    cmd.add_option("--min-p", p.min_p, "drop tokens below this fraction of the best one's probability (default: the profile's)");
    cmd.add_option("--repeat-penalty", p.repeat_penalty, "penalty for repeated tokens; 1 = off (default: the profile's)");
    cmd.add_option("--repeat-last-n", s.repeat_last_n, "window of recent tokens the penalties look at")
        ->capture_default_str();
    cmd.add_option("--presence-penalty", s.presence_penalty, "presence penalty; 0 = off")->capture_default_str();
    cmd.add_option("--frequency-penalty", s.frequency_penalty, "frequency penalty; 0 = off")->capture_default_str();
    cmd.add_option("-n,--max-tokens", o.max_tokens, "most tokens per attempt, thinking included (default: the profile's)")
        ->check(CLI::Range(1, engine::ContextOptions::kMaxContext));
    cmd.add_option("--thinking-budget", o.thinking_budget,
                   "close the thinking block after N thinking tokens and make the model answer; 0 = no cap "
                   "(default: the profile's)")
        ->check(CLI::Range(0, engine::ContextOptions::kMaxContext));
    cmd.add_option("--stop", o.stops, "stop the answer at this string (repeatable)")->allow_extra_args(false);
    cmd.add_option("--profiles", o.profiles,
                   "profile table: chat, deepseek, guide, or a JSON file (default: chat for chat models, deepseek "
                   "for R1 distills and base models)");
    cmd.add_option("--strategy", o.strategy, "plain, vote:N (N samples in one batch, majority answer), vote:N:conf (low-confidence samples abandoned early), auto:N (two samples, the other N-2 only when they disagree or a check refutes them) or beam:N (beam search, answers checked for agreement) (default: the profile's)");
    cmd.add_option("--loops", o.loops,
                   "a reasoning loop is cut: wrap (close the thinking and answer), restart (once, on a new seed; below "
                   "temperature 0.3 it wraps), or off; plain and vote:N only")
        ->capture_default_str();
    cmd.add_option("--answer-format", o.answer_format,
                   "free, or boxed: after the thinking, a grammar holds the answer to end in exactly one \\boxed{} "
                   "line (default: the profile's)");
    cmd.add_option("--tools", o.tools,
                   "python: when the model opens an ```output block after a Python block, run the program in the "
                   "sandbox and write its real output there, so the model goes on from it; off (default: the "
                   "profile's)");
    cmd.add_option("--scaffold", o.scaffold, "scaffold NAME, a FILE, none, or auto: the router's choice for the task (default: the profile's; see `r1tune scaffolds list`)");
    cmd.add_option("--scaffold-turn", o.scaffold_turn,
                   "where the scaffold goes: user (with the question, as the R1 distills get it) or system (a system "
                   "turn, the question alone in the user turn) (default: the model family's; a base model gets a "
                   "scaffold only when this is given)");
    cmd.add_option("--retries", o.retries, "feedback rounds after a failed check")->capture_default_str();
    add_speculation_options(cmd, o);
    cmd.add_option("--feedback", o.feedback,
                   "how a failed check goes back: turn (a new user turn) or wait (the model's own thinking goes on "
                   "after \"Wait, <the failure>\"; reasoning models only)")
        ->capture_default_str();
}

void add_speculation_options(CLI::App & cmd, pipeline::SolverOptions & o) {
    cmd.add_option("--spec", o.spec,
                   "speculative decoding: ngram (each step also checks tokens proposed from the text's own earlier "
                   "n-grams, keeping those the model draws anyway: the same text but for a batch's rounding, fewer "
                   "steps when it repeats itself; plain and vote:N) or off")
        ->capture_default_str();
    cmd.add_option("--spec-tokens", o.spec_tokens, "with --spec ngram: most tokens proposed per step")->capture_default_str();
}

} // namespace r1tune::cli

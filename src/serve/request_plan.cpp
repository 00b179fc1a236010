#include "serve/request_plan.h"

#include <algorithm>

#include "prompt/profiles.h"
#include "prompt/scaffold_library.h"
#include "prompt/user_data.h"

namespace r1tune::serve {

namespace {

template <typename T>
void lay_over(std::optional<T> & base, const std::optional<T> & given) {
    if (given) base = given;
}

// A request names the server's scaffolds and profile tables, never files: the command line takes
// paths, but a client that could would read the server's files through the trace (a scaffold's
// text comes back in the prompt) or probe which exist.
Status check_names(const Levers & levers) {
    const auto user_dir = prompt::user_data_dir();
    if (levers.scaffold && *levers.scaffold != "none" && *levers.scaffold != "auto") {
        prompt::ScaffoldLibrary library;
        if (Status s = prompt::ScaffoldLibrary::load(user_dir, library); !s) return s;
        const std::vector<std::string> names = library.names();
        if (std::find(names.begin(), names.end(), *levers.scaffold) == names.end()) {
            std::string known = "none, auto";
            for (const std::string & n : names) known += ", " + n;
            return Status::input("\"r1tune.scaffold\" names one of the server's scaffolds (" + known + ")");
        }
    }
    if (levers.profile) {
        std::vector<std::string> names;
        if (Status s = prompt::profile_table_names(user_dir, names); !s) return s;
        if (std::find(names.begin(), names.end(), *levers.profile) == names.end()) {
            std::string known;
            for (const std::string & n : names) known += (known.empty() ? "" : ", ") + n;
            return Status::input("\"r1tune.profile\" names one of the server's profile tables (" + known + ")");
        }
    }
    return Status::ok();
}

} // namespace

Status plan_request(const ChatRequest & request, const pipeline::SolverOptions & server, prompt::ModelFamily family,
                    std::uint32_t seed, RequestPlan & out) {
    const Levers & l = request.levers;
    if (Status s = check_names(l); !s) return s;
    pipeline::SolverOptions options = server;
    if (l.strategy) options.strategy = *l.strategy;
    if (l.profile) options.profiles = *l.profile;
    if (l.scaffold) options.scaffold = *l.scaffold;
    if (l.answer_format) options.answer_format = *l.answer_format;
    if (l.tools) options.tools = *l.tools;
    if (l.feedback) options.feedback = *l.feedback;
    if (l.retries) options.retries = *l.retries;
    lay_over(options.thinking_budget, l.thinking_budget);
    const pipeline::SamplerOverrides & given = request.sampler;
    lay_over(options.overrides.temperature, given.temperature);
    lay_over(options.overrides.top_k, given.top_k);
    lay_over(options.overrides.top_p, given.top_p);
    lay_over(options.overrides.min_p, given.min_p);
    lay_over(options.overrides.repeat_penalty, given.repeat_penalty);
    if (request.presence_penalty) options.sampler.presence_penalty = *request.presence_penalty;
    if (request.frequency_penalty) options.sampler.frequency_penalty = *request.frequency_penalty;
    options.sampler.seed = request.seed.value_or(seed);
    lay_over(options.max_tokens, request.max_tokens);
    if (!request.stops.empty()) options.stops = request.stops;
    options.record_logprobs = request.logprobs;
    // n samples are a vote of n whose every sample is returned: none is cut short once the
    // winner is clear, and no feedback round replaces them.
    if (request.n > 1) {
        if (l.strategy && *l.strategy != "plain") {
            return Status::input("\"n\": " + std::to_string(request.n) + " samples are drawn as a vote of " +
                                 std::to_string(request.n) + "; leave out \"r1tune.strategy\" (" + *l.strategy + ")");
        }
        if (l.retries && *l.retries > 0) {
            return Status::input("\"n\": the samples are returned as drawn; \"r1tune.retries\" must be 0 with it");
        }
        options.strategy = "vote:" + std::to_string(request.n);
        options.every_sample = true;
        options.retries = 0;
    }

    if (Status s = pipeline::Solver::create(options, out.solver); !s) return s;
    const pipeline::QuestionChecks checks{l.check, l.expect, l.tests};
    if (Status s = out.solver.plan(request.question, checks, family, out.plan); !s) return s;
    out.plan.earlier_turns = request.earlier_turns;
    return Status::ok();
}

bool answer_is_final_as_written(const RequestPlan & planned) {
    const pipeline::CheckPlan & c = planned.plan.checks;
    const bool checked = c.arithmetic || c.constraints || c.expected || c.code_tests;
    // A loop restarted on a new seed voids what the sample wrote so far, so nothing is final then.
    return planned.plan.profile.strategy.kind == prompt::Strategy::Kind::kPlain &&
           planned.solver.options().loops != "restart" && (planned.solver.options().retries == 0 || !checked);
}

} // namespace r1tune::serve

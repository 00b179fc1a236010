#include "bench/prefix_measurement.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "bench/measurement.h"
#include "engine/generation.h"
#include "eval/generators.h"
#include "notebook/entry.h"
#include "pipeline/question_turns.h"
#include "pipeline/runtime.h"
#include "prompt/scaffold_library.h"
#include "prompt/scaffold_placement.h"

namespace r1tune::bench {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A notebook entry for the shared part: a generated problem with a mistake and its correction.
notebook::Entry example_entry(const eval::EvalItem & example) {
    notebook::Entry entry;
    entry.task = "math";
    entry.language = "zh";
    entry.question = example.question;
    entry.mistake = "没有把答案代回条件检查。";
    entry.correction = "正确答案：" + example.answer;
    return entry;
}

// A question's whole prompt as a solve lays it out for this model: the word-problem scaffold where
// the model's family takes it, the notebook entries in its section (or, for a family that takes
// no scaffold, in front of the question), the question last.
Status render(const engine::Model & model, const engine::ChatFormat & format, const prompt::Scaffold & scaffold,
              const std::vector<notebook::Entry> & entries, const std::string & question, std::vector<int> & out) {
    std::vector<engine::ChatMessage> messages;
    for (prompt::Turn & turn :
         pipeline::question_turns(&scaffold.body, prompt::family_settings(pipeline::family_of(format)).placement,
                                  entries, text::Language::kChinese, question)) {
        messages.push_back({std::move(turn.role), std::move(turn.content)});
    }
    std::string text;
    if (Status s = format.render(messages, text); !s) return s;
    std::vector<engine::Token> tokens;
    if (Status s = model.tokenize(text, tokens); !s) return s;
    out.assign(tokens.begin(), tokens.end());
    return Status::ok();
}

int common_prefix(const std::vector<int> & a, const std::vector<int> & b) {
    const auto mismatch = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    return static_cast<int>(mismatch.first - a.begin());
}

Status load(const PrefixRequest & request, std::unique_ptr<pipeline::Runtime> & runtime, PrefixPrompts & prompts) {
    if (Status s = pipeline::Runtime::load({request.model_path}, runtime); !s) return s;
    if (Status s = build_prefix_prompts(runtime->model(), runtime->format(), request.prefix_tokens, prompts); !s) return s;
    engine::ContextOptions context;
    context.n_threads = request.threads;
    context.n_ctx = prompts.context_size();
    context.reuse_prefix = true;
    return runtime->open_session(context);
}

// llama-server decodes a warm-up batch when it starts; so does this session, on a prompt that
// shares nothing with the questions, and then forgets it, so the first question is cold in the
// cache but not in the process (graph allocation, first page faults of the mapped weights).
Status warm_up(const engine::Model & model, engine::Session & session) {
    std::vector<engine::Token> tokens;
    if (Status s = model.tokenize("warm-up", tokens); !s) return s;
    int reused = 0;
    if (Status s = session.load_prompt(tokens, 1, reused); !s) return s;
    session.clear();
    return Status::ok();
}

// The time to the first token of `prompt`: what is not cached evaluated, one greedy draw.
Status first_token(engine::Session & session, const std::vector<int> & prompt, double & ms, int & reused) {
    engine::GenerationOptions options;
    options.max_tokens = 1;
    engine::SamplerSettings greedy;
    greedy.temperature = 0;
    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    const std::vector<engine::Token> tokens(prompt.begin(), prompt.end());
    const auto start = Clock::now();
    if (Status s = engine::generate(session, tokens, {greedy}, options, {}, results, stats); !s) return s;
    ms = ms_since(start);
    reused = stats.reused_prompt_tokens;
    return Status::ok();
}

} // namespace

int PrefixPrompts::context_size() const {
    const std::size_t longest = std::max({first.size(), second.size(), third.size()});
    return round_up_context(static_cast<int>(longest) + 1);
}

Status build_prefix_prompts(const engine::Model & model, const engine::ChatFormat & format, int prefix_tokens,
                            PrefixPrompts & out) {
    prompt::ScaffoldLibrary library;
    if (Status s = prompt::ScaffoldLibrary::load(std::nullopt, library); !s) return s;
    const prompt::Scaffold * scaffold = library.find("word_problem", text::Language::kChinese);
    if (scaffold == nullptr) return Status::internal("the built-in word_problem.zh scaffold is missing");
    const char * questions[] = {
        "笼子里有35个头，94只脚，问鸡兔各几只？",
        "一个三位数，各位数字之和是15，百位比十位大1，个位比十位大2，这个数是多少？",
        "甲单独做一项工程要12天，乙单独做要18天，两人合做几天完成？",
    };
    // Notebook entries are added until the three prompts share `prefix_tokens`.
    eval::GeneratorOptions options;
    options.languages = {text::Language::kChinese};
    options.count = 64;
    options.seed = 2026;
    std::vector<eval::EvalItem> examples;
    if (Status s = eval::generate_items(options, examples); !s) return s;
    std::vector<notebook::Entry> entries;
    for (std::size_t next = 0;; ++next) {
        if (Status s = render(model, format, *scaffold, entries, questions[0], out.first); !s) return s;
        if (Status s = render(model, format, *scaffold, entries, questions[1], out.second); !s) return s;
        if (Status s = render(model, format, *scaffold, entries, questions[2], out.third); !s) return s;
        out.shared = std::min(common_prefix(out.first, out.second), common_prefix(out.second, out.third));
        if (out.shared >= prefix_tokens) return Status::ok();
        if (next == examples.size()) {
            return Status::internal("the benchmark's prompts share only " + std::to_string(out.shared) + " of " +
                                    std::to_string(prefix_tokens) + " tokens with every notebook entry in");
        }
        entries.push_back(example_entry(examples[next]));
    }
}

Status measure_prefix(const PrefixRequest & request, PrefixMeasurement & out) {
    std::unique_ptr<pipeline::Runtime> runtime;
    if (Status s = load(request, runtime, out.prompts); !s) return s;
    engine::Session & session = runtime->session();
    if (Status s = warm_up(runtime->model(), session); !s) return s;
    int reused = 0;
    if (Status s = first_token(session, out.prompts.first, out.cold_ms, reused); !s) return s;
    if (Status s = first_token(session, out.prompts.second, out.warm_ms, out.warm_reused); !s) return s;
    const auto start = Clock::now();
    if (Status s = session.save_prefix(request.state_file); !s) return s;
    out.save_ms = ms_since(start);
    return Status::ok();
}

Status measure_prefix_restored(const PrefixRequest & request, RestoredMeasurement & out) {
    std::unique_ptr<pipeline::Runtime> runtime;
    PrefixPrompts prompts;
    if (Status s = load(request, runtime, prompts); !s) return s;
    engine::Session & session = runtime->session();
    if (Status s = warm_up(runtime->model(), session); !s) return s;
    const auto start = Clock::now();
    if (Status s = session.load_prefix(request.state_file); !s) return s;
    out.load_ms = ms_since(start);
    return first_token(session, prompts.third, out.warm_ms, out.reused);
}

} // namespace r1tune::bench

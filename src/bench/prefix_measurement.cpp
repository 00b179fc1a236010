#include "bench/prefix_measurement.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "bench/measurement.h"
#include "engine/generation.h"
#include "eval/generators.h"
#include "pipeline/runtime.h"

namespace r1tune::bench {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The shared part: steps like a scaffold's and notebook entries like the ones a mistake
// notebook would inject, grown until it is `prefix_tokens` long.
Status shared_text(const engine::Model & model, int prefix_tokens, std::string & out) {
    out = "你是一位细心的数学老师，正在解一道应用题。请按以下顺序解答：\n"
          "1. 逐句读题，列出题目给出的每个数量和条件。\n"
          "2. 用字母表示未知量，每个条件根据原文列一个方程。\n"
          "3. 一步一步解方程。\n"
          "4. 把答案代回题目的每一个条件，逐条检查。物体的个数必须是非负整数。\n"
          "5. 如果没有任何答案能满足全部条件，就回答“无解”。\n"
          "6. 把最终答案写在 \\boxed{} 中。\n\n"
          "以前在类似题目上犯过的错误，请不要再犯：\n";
    eval::GeneratorOptions options;
    options.languages = {text::Language::kChinese};
    options.count = 64;
    options.seed = 2026;
    std::vector<eval::EvalItem> examples;
    if (Status s = eval::generate_items(options, examples); !s) return s;
    // Each piece is tokenized once and the counts summed: pieces end at a line break, where
    // tokens do not merge, so the sum is the prefix's length (the exact shared count is measured
    // on the rendered prompts afterwards anyway).
    std::vector<engine::Token> tokens;
    if (Status s = model.tokenize(out, tokens); !s) return s;
    std::size_t length = tokens.size();
    for (const eval::EvalItem & example : examples) {
        if (static_cast<int>(length) >= prefix_tokens) return Status::ok();
        const std::string entry =
            "- 题目：" + example.question + "\n  错误：没有把答案代回条件检查。正确答案：" + example.answer + "\n";
        if (Status s = model.tokenize(entry, tokens); !s) return s;
        length += tokens.size();
        out += entry;
    }
    if (static_cast<int>(length) >= prefix_tokens) return Status::ok();
    return Status::internal("the benchmark's notebook entries ran out before the prefix reached " +
                            std::to_string(prefix_tokens) + " tokens");
}

Status render(const engine::Model & model, const engine::ChatFormat & format, const std::string & text,
              std::vector<int> & out) {
    std::string prompt;
    if (Status s = format.render({{"user", text}}, prompt); !s) return s;
    std::vector<engine::Token> tokens;
    if (Status s = model.tokenize(prompt, tokens); !s) return s;
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
    std::string shared;
    if (Status s = shared_text(model, prefix_tokens, shared); !s) return s;
    const char * questions[] = {
        "笼子里有35个头，94只脚，问鸡兔各几只？",
        "一个三位数，各位数字之和是15，百位比十位大1，个位比十位大2，这个数是多少？",
        "甲单独做一项工程要12天，乙单独做要18天，两人合做几天完成？",
    };
    if (Status s = render(model, format, shared + "\n题目：" + questions[0], out.first); !s) return s;
    if (Status s = render(model, format, shared + "\n题目：" + questions[1], out.second); !s) return s;
    if (Status s = render(model, format, shared + "\n题目：" + questions[2], out.third); !s) return s;
    out.shared = std::min(common_prefix(out.first, out.second), common_prefix(out.second, out.third));
    return Status::ok();
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

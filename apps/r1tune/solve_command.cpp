// `r1tune solve`: answer one question with one model, streaming the answer.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"
#include "engine/chat_format.h"
#include "engine/generation.h"
#include "engine/model.h"
#include "engine/session.h"
#include "models/model_cache.h"
#include "question_input.h"
#include "solve_report.h"

namespace r1tune::cli {

namespace {

struct SolveOptions {
    QuestionSource question;
    std::string model; // path or catalog name; empty = the default model
    engine::ContextOptions context;
    std::string kv_type = "f16";
    bool mlock = false;
    bool no_mmap = false;
    engine::SamplerSettings sampler;
    int max_tokens = 4096;
    std::vector<std::string> stops;
    bool show_thinking = false;
    bool json = false;
    bool verbose = false;
};

Status run_solve(SolveOptions & o) {
    if (Status s = o.sampler.validate(); !s) return s;
    if (Status s = engine::parse_kv_cache_type(o.kv_type, o.context.kv_type); !s) return s;
    if (Status s = o.context.validate(); !s) return s;

    std::string question;
    o.question.stdin_is_terminal = isatty(STDIN_FILENO) != 0;
    if (Status s = read_question(o.question, question); !s) return s;

    models::Catalog catalog;
    if (Status s = models::load_embedded_catalog(catalog); !s) return s;
    std::filesystem::path resolved;
    const std::string model_spec = o.model.empty() ? catalog.default_model().name : o.model;
    if (Status s = models::resolve_model(model_spec, catalog, resolved); !s) return s;
    const std::string model_path = resolved.string();

    std::unique_ptr<engine::Model> model;
    if (Status s = engine::Model::load({model_path, !o.no_mmap, o.mlock, o.verbose}, model); !s) return s;
    std::unique_ptr<engine::ChatFormat> format;
    if (Status s = engine::ChatFormat::create(*model, format); !s) return s;
    std::string prompt_text;
    if (Status s = format->render({{"user", question}}, prompt_text); !s) return s;
    std::vector<engine::Token> prompt;
    if (Status s = model->tokenize(prompt_text, prompt); !s) return s;

    std::unique_ptr<engine::Session> session;
    if (Status s = engine::Session::create(*model, o.context, session); !s) return s;

    engine::GenerationOptions gen;
    gen.max_tokens = o.max_tokens;
    gen.stops = o.stops;
    for (const auto & stop : format->turn_stops()) gen.stops.push_back(stop);
    gen.starts_in_thinking = format->opens_thinking();

    // Stream to the terminal as the text arrives; JSON is written once at the end.
    bool in_thinking_block = false;
    auto on_text = [&](const engine::StreamEvent & e) {
        if (o.json) return;
        if (e.channel == text::Channel::kThinking) {
            if (!o.show_thinking) return;
            if (!in_thinking_block) std::fputs("<think>\n", stdout);
            in_thinking_block = true;
        } else if (in_thinking_block) {
            std::fputs("\n</think>\n\n", stdout);
            in_thinking_block = false;
        }
        std::fwrite(e.text.data(), 1, e.text.size(), stdout);
        std::fflush(stdout);
    };

    std::vector<engine::SequenceResult> results;
    SolveReport report;
    if (Status s = engine::generate(*session, prompt, {o.sampler}, gen, on_text, results, report.stats); !s) return s;

    report.model_path = model_path;
    report.model_description = model->description();
    report.threads = session->threads();
    report.context_size = session->context_size();
    report.sampler = o.sampler;
    report.max_tokens = o.max_tokens;
    report.result = std::move(results.front());

    if (o.json) {
        std::cout << to_json(report).dump(2) << "\n";
        return Status::ok();
    }
    if (in_thinking_block) std::fputs("\n</think>\n", stdout);
    std::fputs("\n", stdout);
    if (report.result.answer.empty() && report.result.finish == engine::FinishReason::kMaxTokens) {
        std::fprintf(stderr, "r1tune: the model was still thinking when it reached --max-tokens %d; raise it for an answer\n",
                     o.max_tokens);
    }
    std::fprintf(stderr, "%s\n", summary_line(report).c_str());
    return Status::ok();
}

} // namespace

void register_solve(CLI::App & app, int & exit_code) {
    auto options = std::make_shared<SolveOptions>();
    auto * cmd = app.add_subcommand("solve", "answer a question with a local model");
    auto & o = *options;
    auto & s = o.sampler;

    cmd->add_option("question", o.question.text, "the question (or use -f FILE, or standard input)");
    cmd->add_option("-f,--file", o.question.file, "read the question from FILE ('-' = standard input)");
    cmd->add_option("-m,--model", o.model, "GGUF file or catalog name (default: the default model; see `r1tune pull --list`)");
    cmd->add_option("-t,--threads", o.context.n_threads, "CPU threads (default: physical cores)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("-c,--ctx-size", o.context.n_ctx, "context size in tokens")->capture_default_str();
    cmd->add_option("-b,--batch-size", o.context.n_batch, "prompt tokens per decode call")->capture_default_str();
    cmd->add_option("--kv-type", o.kv_type, "KV cache type: f16 or q8_0 (q8_0 halves what each step reads)")
        ->capture_default_str();
    cmd->add_flag("--mlock", o.mlock, "lock the weights in RAM");
    cmd->add_flag("--no-mmap", o.no_mmap, "read the weights instead of memory-mapping them");
    cmd->add_option("--temp,--temperature", s.temperature, "sampling temperature; 0 = greedy")->capture_default_str();
    cmd->add_option("--top-k", s.top_k, "keep the k most likely tokens; 0 = off")->capture_default_str();
    cmd->add_option("--top-p", s.top_p, "nucleus sampling threshold in (0, 1]")->capture_default_str();
    cmd->add_option("--min-p", s.min_p, "drop tokens below this fraction of the best one's probability")
        ->capture_default_str();
    cmd->add_option("--repeat-penalty", s.repeat_penalty, "penalty for repeated tokens; 1 = off")->capture_default_str();
    cmd->add_option("--repeat-last-n", s.repeat_last_n, "window of recent tokens the penalties look at")
        ->capture_default_str();
    cmd->add_option("--presence-penalty", s.presence_penalty, "presence penalty; 0 = off")->capture_default_str();
    cmd->add_option("--frequency-penalty", s.frequency_penalty, "frequency penalty; 0 = off")->capture_default_str();
    cmd->add_option("--seed", s.seed, "random seed")->capture_default_str();
    cmd->add_option("-n,--max-tokens", o.max_tokens, "most tokens to generate, thinking included")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--stop", o.stops, "stop the answer at this string (repeatable)");
    cmd->add_flag("--show-thinking", o.show_thinking, "print the model's reasoning too");
    cmd->add_flag("--json", o.json, "print one JSON document with answer, thinking, finish reason, tokens, timings");
    cmd->add_flag("-v,--verbose", o.verbose, "show llama.cpp's own log");

    cmd->callback([options, &exit_code] {
        const Status status = run_solve(*options);
        exit_code = status ? 0 : report_error(status);
    });
}

} // namespace r1tune::cli

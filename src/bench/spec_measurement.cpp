#include "bench/spec_measurement.h"

#include <memory>

#include <nlohmann/json.hpp>

#include "bench/engine_worker.h"
#include "engine/generation.h"
#include "pipeline/runtime.h"

namespace r1tune::bench {

namespace {

using json = nlohmann::json;

Status answer(pipeline::Runtime & runtime, const std::string & question, const SpecRequest & request,
              SpecMeasurement & out) {
    std::string text;
    if (Status s = runtime.format().render({{"user", question}}, text); !s) return s;
    std::vector<engine::Token> prompt;
    if (Status s = runtime.model().tokenize(text, prompt); !s) return s;
    if (static_cast<int>(prompt.size()) + request.spec_tokens > kSpecPromptRoom) {
        return Status::internal("a spec question's prompt is " + std::to_string(prompt.size()) + " tokens, which with " +
                                std::to_string(request.spec_tokens) + " proposals is more than the " +
                                std::to_string(kSpecPromptRoom) + " the context keeps for it");
    }
    if (request.prompts_only) {
        out.prompts.emplace_back(prompt.begin(), prompt.end());
        out.texts.emplace_back();
        return Status::ok();
    }
    engine::GenerationOptions options;
    options.max_tokens = request.decode_tokens;
    options.starts_in_thinking = runtime.format().opens_thinking();
    options.speculate = request.spec_tokens;
    engine::SamplerSettings greedy;
    greedy.temperature = 0;
    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    if (Status s = engine::generate(runtime.session(), prompt, {greedy}, options, {}, results, stats); !s) return s;
    out.prompts.emplace_back(prompt.begin(), prompt.end());
    out.texts.push_back(results.front().thinking + results.front().answer);
    out.decoded += stats.decoded_tokens;
    out.decode_ms += stats.decode_ms;
    out.proposed += stats.proposed_tokens;
    out.accepted += stats.accepted_tokens;
    return Status::ok();
}

Status measure(const SpecRequest & request, SpecMeasurement & out) {
    std::unique_ptr<pipeline::Runtime> runtime;
    if (Status s = pipeline::Runtime::load({request.model_path}, runtime); !s) return s;
    engine::ContextOptions context;
    context.n_threads = request.threads;
    context.n_ctx = request.decode_tokens + kSpecPromptRoom;
    if (Status s = runtime->open_session(context); !s) return s;
    for (const std::string & question : spec_questions()) {
        if (Status s = answer(*runtime, question, request, out); !s) return s;
    }
    return Status::ok();
}

} // namespace

const std::vector<std::string> & spec_questions() {
    static const std::vector<std::string> questions = {
        "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many "
        "clips did Natalia sell altogether in April and May?",
        "Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she "
        "earn?",
        "Betty is saving money for a new wallet which costs $100. Betty has only half of the money she needs. Her "
        "parents decided to give her $15 for that purpose, and her grandparents twice as much as her parents. How "
        "much more money does Betty need to buy the wallet?",
        "笼子里有35个头，94只脚，问鸡兔各几只？",
    };
    return questions;
}

Status run_spec_worker(const SpecRequest & request, std::string & line) {
    SpecMeasurement m;
    const Status s = measure(request, m);
    line = s ? json{{"prompts", m.prompts}, {"texts", m.texts}, {"decoded", m.decoded}, {"decode_ms", m.decode_ms},
                    {"proposed", m.proposed}, {"accepted", m.accepted}, {"prompts_only", request.prompts_only}}
                   .dump(-1, ' ', false, json::error_handler_t::replace)
             : worker_error_line(s);
    return s;
}

std::vector<std::string> spec_worker_command(const std::string & r1tune, const SpecRequest & request) {
    std::vector<std::string> command = {r1tune, "bench", "--worker", request.prompts_only ? "spec-prompts" : "spec",
                                        "-m", request.model_path, "-t", std::to_string(request.threads),
                                        "--decode-tokens", std::to_string(request.decode_tokens)};
    if (request.spec_tokens > 0) {
        command.insert(command.end(), {"--spec-tokens", std::to_string(request.spec_tokens)});
    } else {
        command.push_back("--spec-off");
    }
    return command;
}

Status parse_spec_worker_line(std::string_view line, SpecMeasurement & out) {
    json doc;
    if (Status s = read_worker_line(line, doc); !s) return s;
    const auto & questions = spec_questions();
    const bool shaped = doc.contains("prompts") && doc["prompts"].is_array() && doc["prompts"].size() == questions.size() &&
                        doc.contains("texts") && doc["texts"].is_array() && doc["texts"].size() == questions.size() &&
                        doc.contains("decoded") && doc["decoded"].is_number_integer() && doc.contains("decode_ms") &&
                        doc["decode_ms"].is_number() && doc.contains("proposed") && doc["proposed"].is_number_integer() &&
                        doc.contains("accepted") && doc["accepted"].is_number_integer() &&
                        doc.contains("prompts_only") && doc["prompts_only"].is_boolean();
    if (!shaped) return Status::internal("r1tune's spec measuring process printed a result of another shape");
    SpecMeasurement m;
    try {
        m.prompts = doc["prompts"].get<std::vector<std::vector<int>>>();
        m.texts = doc["texts"].get<std::vector<std::string>>();
    } catch (const json::exception &) {
        return Status::internal("r1tune's spec measuring process printed prompts or texts of another shape");
    }
    m.decoded = doc["decoded"].get<int>();
    m.decode_ms = doc["decode_ms"].get<double>();
    m.proposed = doc["proposed"].get<int>();
    m.accepted = doc["accepted"].get<int>();
    if (!doc["prompts_only"].get<bool>() && (m.decoded <= 0 || m.decode_ms <= 0)) {
        return Status::internal("r1tune's spec measuring process decoded nothing");
    }
    out = std::move(m);
    return Status::ok();
}

} // namespace r1tune::bench

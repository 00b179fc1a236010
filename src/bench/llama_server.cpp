#include "bench/llama_server.h"

#include <nlohmann/json.hpp>

namespace r1tune::bench {

namespace {

using json = nlohmann::json;

} // namespace

Status parse_completion_timings(std::string_view response, CompletionTimings & out) {
    const json doc = json::parse(response, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("timings") || !doc["timings"].is_object()) {
        return Status::internal("llama-server's answer has no timings: " + std::string(response.substr(0, 200)));
    }
    const json & t = doc["timings"];
    for (const char * key : {"cache_n", "prompt_ms", "predicted_ms"}) {
        if (!t.contains(key) || !t[key].is_number()) {
            return Status::internal(std::string("llama-server's timings lack \"") + key + "\"");
        }
    }
    out.cached_tokens = t["cache_n"].get<int>();
    out.prompt_ms = t["prompt_ms"].get<double>();
    out.predicted_ms = t["predicted_ms"].get<double>();
    return Status::ok();
}

Status parse_generation_timings(std::string_view response, GenerationTimings & out) {
    const json doc = json::parse(response, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("timings") || !doc["timings"].is_object() ||
        !doc.contains("content") || !doc["content"].is_string()) {
        return Status::internal("llama-server's answer has no text or timings: " + std::string(response.substr(0, 200)));
    }
    const json & t = doc["timings"];
    for (const char * key : {"predicted_n", "predicted_ms"}) {
        if (!t.contains(key) || !t[key].is_number()) {
            return Status::internal(std::string("llama-server's timings lack \"") + key + "\"");
        }
    }
    out.predicted_tokens = t["predicted_n"].get<int>();
    out.predicted_ms = t["predicted_ms"].get<double>();
    // Without speculation the server leaves the draft counts out.
    out.drafted = t.contains("draft_n") && t["draft_n"].is_number() ? t["draft_n"].get<int>() : 0;
    out.drafted_kept =
        t.contains("draft_n_accepted") && t["draft_n_accepted"].is_number() ? t["draft_n_accepted"].get<int>() : 0;
    out.content = doc["content"].get<std::string>();
    return Status::ok();
}

Status parse_slot_action(std::string_view response, bool save, int & tokens, double & ms) {
    const json doc = json::parse(response, nullptr, false);
    const char * count = save ? "n_saved" : "n_restored";
    const char * time = save ? "save_ms" : "restore_ms";
    if (doc.is_discarded() || !doc.is_object() || !doc.contains(count) || !doc[count].is_number() ||
        !doc.contains("timings") || !doc["timings"].is_object() || !doc["timings"].contains(time) ||
        !doc["timings"][time].is_number()) {
        return Status::internal(std::string("llama-server's slot ") + (save ? "save" : "restore") +
                                " answer is not what it should be: " + std::string(response.substr(0, 200)));
    }
    tokens = doc[count].get<int>();
    ms = doc["timings"][time].get<double>();
    return Status::ok();
}

Status LlamaServer::start(const ServerOptions & options, std::unique_ptr<LlamaServer> & out) {
    std::unique_ptr<LlamaServer> server(new LlamaServer());
    std::error_code ec;
    std::filesystem::create_directories(options.slot_dir, ec);
    if (ec) return Status::io("cannot create " + options.slot_dir.string() + ": " + ec.message());
    // llama-server wants the slot folder with its trailing separator: it appends the file name.
    const std::string slot_dir = (options.slot_dir / "").string();
    std::vector<std::string> args = {options.binary.string(), "-m", options.model.string(),
                                     "-t", std::to_string(options.threads),
                                     "-tb", std::to_string(options.threads),
                                     "-c", std::to_string(options.context),
                                     "-np", std::to_string(options.parallel),
                                     "--slot-save-path", slot_dir, "--cache-prompt"};
    args.insert(args.end(), options.extra.begin(), options.extra.end());
    if (Status s = LocalServer::start("llama-server", args, options.slot_dir / "llama-server.log", server->server_); !s) {
        return s;
    }
    out = std::move(server);
    return Status::ok();
}

Status LlamaServer::complete(const std::vector<int> & prompt, CompletionTimings & out) {
    const json body = {{"prompt", prompt}, {"n_predict", 1}, {"temperature", 0}, {"cache_prompt", true}, {"id_slot", 0}};
    std::string response;
    if (Status s = server_->post("/completion", body.dump(), response); !s) return s;
    return parse_completion_timings(response, out);
}

Status LlamaServer::generate(const std::vector<int> & prompt, int tokens, GenerationTimings & out) {
    // reasoning_format none: the text comes back as it was generated, never parsed for thinking.
    const json body = {{"prompt", prompt},       {"n_predict", tokens}, {"temperature", 0},
                       {"cache_prompt", false}, {"id_slot", 0},        {"reasoning_format", "none"}};
    std::string response;
    if (Status s = server_->post("/completion", body.dump(), response); !s) return s;
    return parse_generation_timings(response, out);
}

Status LlamaServer::save_slot(const std::string & filename, double & ms) {
    std::string response;
    if (Status s = server_->post("/slots/0?action=save", json{{"filename", filename}}.dump(), response); !s) return s;
    int tokens = 0;
    return parse_slot_action(response, true, tokens, ms);
}

Status LlamaServer::restore_slot(const std::string & filename, double & ms) {
    std::string response;
    if (Status s = server_->post("/slots/0?action=restore", json{{"filename", filename}}.dump(), response); !s) return s;
    int tokens = 0;
    return parse_slot_action(response, false, tokens, ms);
}

} // namespace r1tune::bench

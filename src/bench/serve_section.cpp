#include "bench/serve_section.h"

#include <cstdio>
#include <memory>

#include "bench/chat_load.h"
#include "bench/llama_server.h"
#include "bench/local_server.h"
#include "bench/section_rows.h"

namespace r1tune::bench {

namespace {

// The same seed on both sides: each side's answers are the same run after run, and the load is
// the same for every round.
constexpr int kSeed = 7;

// One lane per client, as llama-server gets one slot per client.
Status start_r1tune(const BenchSetup & setup, const ServeRequest & request, int clients,
                    std::unique_ptr<LocalServer> & out) {
    return LocalServer::start("r1tune serve",
                              {setup.r1tune.string(), "serve", "-m", request.model_path, "-t",
                               std::to_string(request.threads), "--parallel", std::to_string(clients), "--strategy",
                               "plain", "--scaffold", "none", "--retries", "0", "--queue", "64"},
                              request.log_dir / "r1tune-serve.log", out);
}

Status measure(int port, const ServeRequest & request, int clients, ChatLoadResult & out) {
    ChatLoad load;
    load.port = port;
    load.clients = clients;
    load.requests_per_client = request.requests_per_client;
    load.max_tokens = request.max_tokens;
    load.questions = serve_questions();
    load.extra = {{"seed", kSeed}};
    return run_chat_load(load, out);
}

} // namespace

const std::vector<std::string> & serve_questions() {
    static const std::vector<std::string> questions = {
        "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many "
        "clips did Natalia sell altogether in April and May?",
        "笼子里有35个头，94只脚，问鸡兔各几只？",
        "Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she "
        "earn?",
        "小明有12支铅笔，给了小红5支，又买了8支，现在有几支？",
    };
    return questions;
}

Status run_serve_section(const BenchSetup & setup, const ServeRequest & request, const LlamaTool & server,
                         BenchReport & report) {
    SectionResult section;
    section.name = "serve";
    section.title = "Serving streamed chat requests: " + std::to_string(request.requests_per_client) +
                    " per client, up to " + std::to_string(request.max_tokens) + " tokens each";
    section.llama_tool = server.name;
    section.llama_unavailable = server.unavailable;
    const auto & counts = request.client_counts;
    for (const int n : counts) {
        const std::string clients = std::to_string(n) + (n == 1 ? " client" : " clients");
        section.rows.push_back({"throughput, " + clients, "tokens/s", true, {}, {}});
        section.rows.push_back({"first text, " + clients, "ms", false, {}, {}});
    }
    for (int round = 0; round < setup.rounds; ++round) {
        for (std::size_t i = 0; i < counts.size(); ++i) {
            for (const Side side : round_order(round * static_cast<int>(counts.size()) + static_cast<int>(i))) {
                ChatLoadResult result;
                if (side == Side::kR1tune) {
                    std::unique_ptr<LocalServer> r1tune;
                    if (Status s = start_r1tune(setup, request, counts[i], r1tune); !s) return s;
                    if (Status s = measure(r1tune->port(), request, counts[i], result); !s) {
                        return s.prefixed("r1tune serve: ");
                    }
                } else if (section.llama_unavailable.empty()) {
                    std::unique_ptr<LlamaServer> llama;
                    ServerOptions options;
                    options.binary = server.path;
                    options.model = request.model_path;
                    options.threads = request.threads;
                    options.parallel = counts[i];
                    // Each slot gets the context a request of r1tune's gets.
                    options.context = 8192 * counts[i];
                    options.slot_dir = request.log_dir;
                    Status s = LlamaServer::start(options, llama);
                    if (s) s = measure(llama->port(), request, counts[i], result);
                    if (!s) {
                        mark_llama_failed(section, s.message());
                        setup.progress(progress_prefix(section.name, round, setup.rounds) + s.message());
                        continue;
                    }
                } else {
                    continue;
                }
                add_value(section.rows[2 * i], side, result.tokens_per_second());
                add_value(section.rows[2 * i + 1], side, result.mean_first_text_ms);
                char numbers[128];
                std::snprintf(numbers, sizeof numbers, ": %.1f tokens/s, first text after %.0f ms", result.tokens_per_second(),
                              result.mean_first_text_ms);
                setup.progress(progress_prefix(section.name, round, setup.rounds) + std::to_string(counts[i]) +
                               " client(s), " + (side == Side::kR1tune ? std::string("r1tune serve") : section.llama_tool) +
                               numbers);
            }
        }
    }
    section.notes.push_back(
        "Each client sends its requests one after another with stream on and the same seed on both sides; a server is "
        "started afresh for every measurement. r1tune serve answers plainly (--strategy plain --scaffold none "
        "--retries 0) with one lane per client (--parallel), llama-server with one slot per client; each decodes its "
        "clients' requests together. "
        "First text: the first chunk that carries thinking or answer text.");
    report.sections.push_back(std::move(section));
    return Status::ok();
}

} // namespace r1tune::bench

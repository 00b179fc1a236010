// `r1tune serve`: the pipeline behind an OpenAI-compatible HTTP API. The model loads once (or
// runs behind --backend); workers answer --parallel requests at once (src/serve/model_worker.h),
// a local model's in lanes of one context that decode together, while the HTTP threads parse,
// plan, queue and stream. SIGTERM or SIGINT stops taking requests, lets those being answered
// finish for a grace period, cancels the rest and exits.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

#include <httplib.h>

#include "backend_option.h"
#include "commands.h"
#include "engine/session.h"
#include "pipeline/model_backend.h"
#include "pipeline/runtime.h"
#include "pipeline/solver.h"
#include "serve/http_api.h"
#include "serve/model_worker.h"
#include "serve/notebook_api.h"
#include "notebook_option.h"
#include "solver_options.h"

namespace r1tune::cli {

namespace {

struct ServeOptions {
    std::string model;
    BackendOption backend;
    int parallel = 0; // 0: 1 for a local model, 4 for a backend
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string api_key;
    int queue = 16;
    int grace_seconds = 30;
    std::size_t max_body_bytes = 1 << 20;
    engine::ContextOptions context;
    std::string kv_type = "f16";
    pipeline::SolverOptions solver;
    std::optional<std::uint32_t> seed;
    NotebookOption notebook;
    bool verbose = false;
};

Status run_serve(ServeOptions & o) {
    if (o.api_key.empty()) {
        if (const char * key = std::getenv("R1TUNE_API_KEY")) o.api_key = key;
    }
    if (Status s = engine::parse_kv_cache_type(o.kv_type, o.context.kv_type); !s) return s;
    // The server's own options are checked before the slow load; every request starts from them.
    pipeline::Solver solver;
    if (Status s = pipeline::Solver::create(o.solver, solver); !s) return s;

    std::unique_ptr<notebook::NotebookStore> notebook, own_learning;
    if (Status s = o.notebook.open(notebook); !s) return s;
    notebook::NotebookStore * learn_into = nullptr;
    if (Status s = o.notebook.open_for_learning(notebook.get(), own_learning, learn_into); !s) return s;

    // The HTTP threads' own connection to the notebook, for the page's list, search and add.
    std::unique_ptr<notebook::NotebookStore> api_notebook;
    if (Status s = o.notebook.open(api_notebook); !s) return s;

    // The model: loaded here, or behind a remote server. The name clients see is the model
    // file's without its extension, or the server's model id.
    std::unique_ptr<pipeline::Runtime> runtime;
    std::unique_ptr<pipeline::ModelBackend> model;
    std::string model_name;
    serve::WorkerOptions work{o.solver, o.seed, o.queue, notebook.get(), o.notebook.retrieval, learn_into};
    if (o.backend.given()) {
        std::vector<remote::OpenAiBackend> backends;
        if (Status s = o.backend.connect(backends); !s) return s;
        model_name = backends.front().model();
        model = std::make_unique<pipeline::RemoteModel>(std::move(backends.front()));
        work.parallel = o.parallel > 0 ? o.parallel : 4;
        // The server's own levers apply to every request: one the backend cannot run for some
        // task is refused now, not at every request of that task.
        if (Status s = solver.check_remote(model->family()); !s) return s;
    } else {
        if (Status s = pipeline::Runtime::load({o.model, true, false, o.verbose}, runtime); !s) return s;
        if (Status s = solver.check_model(runtime->model(), runtime->format()); !s) return s;
        o.context.n_sequences = std::max(o.context.n_sequences, solver.max_width(runtime->family()));
        o.context.reuse_prefix = true; // requests behind the same system prompt and scaffold share its cells
        // Requests answered at once are lanes of one context, their decode steps batched together.
        work.parallel = o.parallel > 0 ? o.parallel : 1;
        o.context.lanes = work.parallel;
        if (Status s = o.context.validate(); !s) return s;
        if (Status s = runtime->open_session(o.context); !s) return s;
        model_name = runtime->model_path().stem().string();
        model = std::make_unique<pipeline::LocalModel>(*runtime);
        work.widest = runtime->session().sequence_capacity();
    }

    // Signals go to one thread that waits for them; every other thread, started below, inherits
    // the blocked mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    serve::ModelWorker worker(*model, work);
    const serve::ApiOptions api{o.api_key, o.max_body_bytes, model_name, o.host, o.queue};
    serve::NotebookApi notebook_api(std::move(api_notebook)); // outlives the server that calls it
    httplib::Server server;
    serve::install_api(server, worker, api);
    notebook_api.install(server);
    const int port = o.port == 0 ? server.bind_to_any_port(o.host) : (server.bind_to_port(o.host, o.port) ? o.port : -1);
    if (port < 0) {
        return Status::io("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                          " (in use, or not an address of this machine?)");
    }
    const std::string at_once = std::to_string(work.parallel) + (work.parallel == 1 ? " request" : " requests") + " at once";
    const std::string answering = runtime ? at_once + ", " + std::to_string(work.widest) + " sequences each"
                                          : at_once + " on " + o.backend.urls.front();
    std::fprintf(stderr, "r1tune serve: %s on http://%s:%d/v1 (%s; %s, queue of %d)\n", api.model_name.c_str(),
                 o.host.c_str(), port, o.api_key.empty() ? "no API key" : "API key required", answering.c_str(), o.queue);
    std::fflush(stderr);

    std::atomic<bool> stopping = false;
    std::atomic<bool> on_its_own = false; // the listener ended without a signal
    std::thread stopper([&] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        stopping = true;
        if (!on_its_own) {
            // A second signal stops at once: this thread takes the default action back.
            struct sigaction fallback {};
            fallback.sa_handler = SIG_DFL;
            sigaction(SIGTERM, &fallback, nullptr);
            sigaction(SIGINT, &fallback, nullptr);
            pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
            std::fprintf(stderr, "r1tune serve: %s: finishing the answers in progress (at most %d s), then stopping; "
                                 "the same signal again stops at once\n",
                         signal == SIGINT ? "interrupted" : "asked to stop", o.grace_seconds);
        }
        worker.shut_down(std::chrono::seconds(o.grace_seconds));
        server.stop();
    });
    const bool listened = server.listen_after_bind();
    // The listener can also end on its own (an accept error): the stopper is woken to wind down.
    if (!stopping) {
        on_its_own = true;
        pthread_kill(stopper.native_handle(), SIGTERM);
    }
    stopper.join();
    if (on_its_own && !listened) return Status::io("the server stopped accepting connections");
    return Status::ok();
}

} // namespace

void register_serve(CLI::App & app, int & exit_code) {
    auto options = std::make_shared<ServeOptions>();
    auto * cmd = app.add_subcommand("serve", "answer OpenAI-style chat requests over HTTP with the whole pipeline");
    auto & o = *options;
    o.context.n_sequences = 8;
    cmd->add_option("-m,--model", o.model, "GGUF file or catalog name (default: the default model)");
    o.backend.add_options(*cmd, /*several=*/false);
    cmd->add_option("--parallel", o.parallel, "requests answered at once: a local model decodes them together in one batch (default 1; 4 "
                   "with --backend)")->check(CLI::Range(1, 256));
    cmd->add_option("--host", o.host, "address to listen on (loopback unless you mean otherwise)")->capture_default_str();
    cmd->add_option("--port", o.port, "port to listen on; 0 = any free one (printed)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    cmd->add_option("--api-key", o.api_key,
                    "require \"Authorization: Bearer KEY\" on /v1 and /r1tune (or set R1TUNE_API_KEY, which other users cannot "
                    "read from the process list)");
    cmd->add_option("--queue", o.queue, "requests that may wait while one is answered; more get HTTP 429")
        ->check(CLI::Range(0, 1024))
        ->capture_default_str();
    cmd->add_option("--sequences", o.context.n_sequences,
                    "sequences the KV cache holds: the widest vote or beam a request may ask for")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    cmd->add_option("--max-body", o.max_body_bytes, "largest request body in bytes; larger ones get HTTP 413")
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30))
        ->capture_default_str();
    cmd->add_option("--grace", o.grace_seconds, "seconds the answers in progress may take to finish on SIGTERM")
        ->check(CLI::Range(0, 3600))
        ->capture_default_str();
    cmd->add_option("-t,--threads", o.context.n_threads, "CPU threads (default: physical cores)")
        ->check(CLI::Range(1, engine::ContextOptions::kMaxThreads));
    cmd->add_option("-c,--ctx-size", o.context.n_ctx, "context size in tokens, shared by a request's sequences (each of --parallel has its own)")
        ->capture_default_str();
    cmd->add_option("--kv-type", o.kv_type, "KV cache type: f16 or q8_0")->capture_default_str();
    add_solver_options(*cmd, o.solver);
    o.notebook.add_options(*cmd, "record each mistake a request's run corrected (a feedback round, sample or beam that "
                                 "failed a check, next to a final answer that a check pinning it verified)");
    cmd->add_option("--seed", o.seed, "seed for requests that name none (default: a random one per request)");
    cmd->add_flag("-v,--verbose", o.verbose, "show llama.cpp's own log");
    o.backend.exclude_local_options(*cmd);
    cmd->callback([options, &exit_code] {
        const Status status = run_serve(*options);
        exit_code = status ? 0 : report_error(status);
    });
}

} // namespace r1tune::cli

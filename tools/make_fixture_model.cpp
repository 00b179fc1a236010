// r1tune-make-fixture: writes a deterministic random-weight qwen2 GGUF that carries the real
// DeepSeek-R1-Distill-Qwen tokenizer and chat template. Tests load it to run llama.cpp's real
// load → chat template → tokenize → decode path in milliseconds; benchmarks use the exact
// 1.5B shape to measure the real model's cost without downloading it.
//
//   r1tune-make-fixture --vocab ggml-vocab-qwen2.gguf --template r1.jinja --out model.gguf
//                       [--shape tiny|r1-1.5b] [--seed N] [--type f32|f16|q8_0|q4_k_m]
//
// Exit codes: 0 written, 1 failure, 2 usage error; the reason is one sentence on stderr.

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "fixture_model.h"
#include "fixture_tokenizer.h"
#include "ggml-cpp.h"
#include "gguf.h"
#include "llama.h"

namespace {

namespace fs = std::filesystem;
using r1tune::fixture::ModelShape;

enum class OutputType { F32, F16, Q8_0, Q4_K_M };

const std::map<std::string, const ModelShape *> kShapes{
    {"tiny", &r1tune::fixture::kTinyShape}, {"r1-1.5b", &r1tune::fixture::kR1Distill1_5BShape}};
const std::map<std::string, OutputType> kTypes{{"f32", OutputType::F32},
                                               {"f16", OutputType::F16},
                                               {"q8_0", OutputType::Q8_0},
                                               {"q4_k_m", OutputType::Q4_K_M}};

struct Options {
    fs::path vocab;
    fs::path chat_template;
    fs::path out;
    std::string shape = "tiny"; // a key of kShapes
    std::string type;           // a key of kTypes; empty: the shape's default
    uint64_t seed = 42;
};

// llama.cpp logs a line per tensor it quantizes and ggml logs its own reading errors. Keep all of
// it off the terminal, but remember the last error so a failure can say why in one sentence.
std::string g_last_library_error;
bool g_in_library_error = false;

void on_library_log(ggml_log_level level, const char * text, void * /*user_data*/) {
    if (level != GGML_LOG_LEVEL_CONT) {
        g_in_library_error = level == GGML_LOG_LEVEL_ERROR;
        if (g_in_library_error) g_last_library_error.clear();
    }
    if (g_in_library_error) g_last_library_error += text;
}

std::string last_library_error() {
    std::string s = g_last_library_error;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s.empty() ? "no reason given" : s;
}

// The temporary files that exist right now, for on_fatal_signal: Ctrl-C during an r1-1.5b run
// would otherwise leave gigabytes of them next to --out.
std::array<std::atomic<const char *>, 2> g_temp_files{};

extern "C" void on_fatal_signal(int sig) {
    for (auto & file : g_temp_files) {
        if (const char * path = file.load()) ::unlink(path);
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

// A file next to --out that becomes --out only once complete (rename is atomic within a
// directory), so an interrupted or failed run never leaves a partial model under the real name.
// Removed on destruction, or by on_fatal_signal, unless renamed.
class TempFile {
public:
    TempFile(const fs::path & final_path, const char * tag)
        : path_(final_path.string() + "." + tag + "-" + std::to_string(::getpid())) {
        for (auto & file : g_temp_files) {
            const char * empty = nullptr;
            if (file.compare_exchange_strong(empty, path_.c_str())) break;
        }
    }
    TempFile(const TempFile &) = delete;
    TempFile & operator=(const TempFile &) = delete;
    ~TempFile() {
        forget();
        if (!renamed_) {
            std::error_code ignored;
            fs::remove(path_, ignored);
        }
    }

    const fs::path & path() const { return path_; }

    void rename_to(const fs::path & final_path) {
        std::error_code ec;
        forget();
        fs::rename(path_, final_path, ec);
        if (ec) {
            throw std::runtime_error("cannot move " + path_.string() + " to " +
                                     final_path.string() + ": " + ec.message());
        }
        renamed_ = true;
    }

private:
    void forget() {
        for (auto & file : g_temp_files) {
            const char * mine = path_.c_str();
            file.compare_exchange_strong(mine, nullptr);
        }
    }

    fs::path path_;
    bool renamed_ = false;
};

std::string read_chat_template(const fs::path & path) {
    if (path == "none") return "";
    std::error_code ec;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!fs::is_regular_file(path, ec) || !(text << in.rdbuf())) {
        throw std::runtime_error("cannot read the chat template " + path.string());
    }
    if (text.str().empty()) {
        throw std::runtime_error("the chat template " + path.string() + " is empty");
    }
    return text.str();
}

gguf_context_ptr read_vocab(const fs::path & path) {
    // Checked first because gguf's own message for a missing file is a log line, not a reason.
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        throw std::runtime_error("the vocabulary file " + path.string() + " does not exist");
    }
    const gguf_init_params params{/*no_alloc =*/true, /*ctx =*/nullptr};
    gguf_context_ptr vocab(gguf_init_from_file(path.c_str(), params));
    if (!vocab) {
        throw std::runtime_error("cannot read " + path.string() +
                                 " as GGUF: " + last_library_error());
    }
    return vocab;
}

// Quantized fixtures are made the way real GGUFs are, from an F16 model by llama.cpp's own
// quantizer, so they get its per-tensor type mix (Q4_K_M keeps output, half the attn_v and half
// the ffn_down in Q6_K) and benchmark like the published files.
void quantize(const fs::path & f16_model, const fs::path & out, llama_ftype ftype) {
    llama_model_quantize_params params = llama_model_quantize_default_params();
    params.ftype = ftype;
    params.nthread = 0;                     // all cores
    params.max_buf_size = size_t{256} << 20; // the default (8 GiB) would hold whole tensors
    if (llama_model_quantize(f16_model.c_str(), out.c_str(), &params) != 0) {
        throw std::runtime_error("quantizing failed: " + last_library_error());
    }
}

void run(const Options & o) {
    const std::string chat_template = read_chat_template(o.chat_template);
    const gguf_context_ptr vocab = read_vocab(o.vocab);
    const fs::path out_dir = fs::absolute(o.out).parent_path();
    std::error_code ec;
    if (!fs::is_directory(out_dir, ec)) {
        throw std::runtime_error("the output directory " + out_dir.string() + " does not exist");
    }

    const ModelShape & shape = *kShapes.at(o.shape);
    const OutputType type = kTypes.at(o.type);
    const bool quantized = type == OutputType::Q8_0 || type == OutputType::Q4_K_M;
    const ggml_type matrix_type = type == OutputType::F32 ? GGML_TYPE_F32 : GGML_TYPE_F16;
    const llama_ftype written_ftype =
        type == OutputType::F32 ? LLAMA_FTYPE_ALL_F32 : LLAMA_FTYPE_MOSTLY_F16;

    gguf_context_ptr gguf(gguf_init_empty());
    r1tune::fixture::add_qwen2_metadata(gguf.get(), shape, written_ftype);
    try {
        r1tune::fixture::add_r1_distill_tokenizer(gguf.get(), vocab.get(), shape.n_vocab,
                                                  chat_template);
    } catch (const std::runtime_error & e) {
        throw std::runtime_error("cannot use " + o.vocab.string() +
                                 " as the vocabulary: " + e.what());
    }

    TempFile result(o.out, "tmp");
    if (quantized) {
        TempFile f16_model(o.out, "f16-tmp");
        r1tune::fixture::write_random_qwen2(f16_model.path(), gguf.get(), shape, matrix_type,
                                            o.seed);
        quantize(f16_model.path(), result.path(),
                 type == OutputType::Q8_0 ? LLAMA_FTYPE_MOSTLY_Q8_0 : LLAMA_FTYPE_MOSTLY_Q4_K_M);
    } else {
        r1tune::fixture::write_random_qwen2(result.path(), gguf.get(), shape, matrix_type,
                                            o.seed);
    }
    result.rename_to(o.out);
}

} // namespace

int main(int argc, char ** argv) {
    Options o;
    CLI::App app{"Write a deterministic random-weight qwen2 GGUF with the DeepSeek-R1-Distill-Qwen "
                 "tokenizer and chat template, for tests and benchmarks.",
                 "r1tune-make-fixture"};
    app.add_option("--vocab", o.vocab, "vocab-only GGUF with the Qwen2 tokenizer "
                                       "(llama.cpp's models/ggml-vocab-qwen2.gguf)")
        ->required();
    app.add_option("--template", o.chat_template, "Jinja chat template to embed, or 'none' for a base model")->required();
    app.add_option("--out", o.out, "GGUF file to write")->required();
    app.add_option("--shape", o.shape, "tiny (2 layers, width 64) or r1-1.5b (the real shape)")
        ->check(CLI::IsMember(kShapes))
        ->default_str("tiny");
    app.add_option("--type", o.type, "weight type (default: f32 for tiny, q4_k_m for r1-1.5b)")
        ->check(CLI::IsMember(kTypes));
    app.add_option("--seed", o.seed, "weights are a function of this alone")->default_str("42");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError & e) {
        if (e.get_exit_code() == 0) return app.exit(e); // --help
        std::fprintf(stderr, "r1tune-make-fixture: %s (see --help)\n", e.what());
        return 2;
    }
    if (o.type.empty()) o.type = o.shape == "tiny" ? "f32" : "q4_k_m";

    for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_fatal_signal);
    llama_log_set(on_library_log, nullptr);
    llama_backend_init();
    const auto start = std::chrono::steady_clock::now();
    int status = 0;
    try {
        run(o);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::printf("wrote %s (%s, %s, seed %llu, %.1f MB) in %.1f s\n", o.out.c_str(),
                    o.shape.c_str(), o.type.c_str(), static_cast<unsigned long long>(o.seed),
                    double(fs::file_size(o.out)) / 1e6, took.count());
    } catch (const std::exception & e) {
        std::fprintf(stderr, "r1tune-make-fixture: %s.\n", e.what());
        status = 1;
    }
    llama_backend_free();
    return status;
}

// `r1tune doctor`: what this machine offers a CPU-bound model and what r1tune makes of it: the
// processor and cores, the SIMD features ggml was built with, memory and its measured read
// bandwidth, the decode speed that bandwidth allows for a model (each token reads every weight
// once), the settings r1tune picks, and which of the tuning guide's environment variables act on
// this build at all.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "engine/build_info.h"
#include "cpu/cpu_list.h"
#include "models/model_cache.h"
#include "cpu/machine.h"
#include "cpu/memory_bandwidth.h"

namespace r1tune::cli {

namespace {

struct DoctorOptions {
    std::string model; // path or catalog name; empty = the default model, if downloaded
    int threads = 0;   // bandwidth readers; 0 = physical cores
    bool json = false;
};

struct Variable {
    const char * name;
    std::string effect;
};

// Whether each variable acts on this build: it depends on whether ggml runs its threads through
// OpenMP and, if so, whose runtime (the compiler's) that is.
std::vector<Variable> environment_variables(bool openmp) {
#if defined(__clang__)
    const bool libgomp = false; // LLVM's libomp, which also reads the KMP_* variables
#else
    const bool libgomp = true;  // GCC's libgomp
#endif
    if (!openmp) {
        const std::string none = "no effect: this ggml runs its own thread pool, not OpenMP; use --threads";
        return {{"OMP_NUM_THREADS", none}, {"KMP_AFFINITY", none}, {"GOMP_CPU_AFFINITY", none}, {"OMP_WAIT_POLICY", none}};
    }
    return {
        {"OMP_NUM_THREADS", "no effect on decoding: ggml asks OpenMP for exactly --threads threads in every parallel region"},
        {"KMP_AFFINITY", libgomp ? "no effect: it belongs to Intel's and LLVM's OpenMP runtimes, and this build uses GCC's libgomp"
                                 : "acts: LLVM's libomp pins its threads by it"},
        {"GOMP_CPU_AFFINITY", libgomp ? "acts: libgomp pins the OpenMP threads to the listed CPUs (e.g. \"0 1\"); r1tune's "
                                        "--cpus does the same through llama.cpp"
                                      : "no effect: it belongs to GCC's libgomp, and this build uses LLVM's libomp"},
        {"OMP_WAIT_POLICY", "acts: whether idle OpenMP threads spin or sleep between steps; it matters when other busy "
                            "processes share the cores (two r1tune processes on two cores slowed each other tens of times "
                            "over here); whether PASSIVE helps is for `r1tune bench` to measure"},
    };
}

Status run_doctor(const DoctorOptions & o) {
    const cpu::CpuInfo cpu = cpu::read_cpu_info();
    const cpu::MemoryInfo memory = cpu::read_memory_info();
    const std::string features = engine::llama_system_info();
    const bool openmp = features.find("OPENMP = 1") != std::string::npos;

    std::optional<std::filesystem::path> model_path;
    models::Catalog catalog;
    if (Status s = models::load_embedded_catalog(catalog); !s) return s;
    const std::string spec = o.model.empty() ? catalog.default_model().name : o.model;
    std::filesystem::path resolved;
    if (Status s = models::resolve_model(spec, catalog, resolved); s) {
        model_path = resolved;
    } else if (!o.model.empty()) {
        return s; // a model the user named must exist; the default may simply not be downloaded yet
    }

    cpu::BandwidthOptions bandwidth_options;
    bandwidth_options.threads = o.threads > 0 ? o.threads : std::max(1, cpu.physical_cores);
    const double bandwidth = cpu::measure_read_bandwidth(bandwidth_options);
    std::uint64_t model_bytes = 0;
    if (model_path) model_bytes = std::filesystem::file_size(*model_path);
    const double bound = model_bytes > 0 ? bandwidth / static_cast<double>(model_bytes) : 0;
    const int threads = std::max(1, cpu.physical_cores);
    const auto variables = environment_variables(openmp);
    // What --cpus would pin: one logical CPU of each physical core this process may use.
    std::vector<int> pin;
    const std::vector<int> allowed = cpu::allowed_cpus();
    for (int c : cpu.core_cpus) {
        if (std::binary_search(allowed.begin(), allowed.end(), c)) pin.push_back(c);
    }
    const std::string pin_list = cpu::format_cpu_list(pin);

    if (o.json) {
        nlohmann::json env = nlohmann::json::object();
        for (const auto & v : variables) {
            const char * value = std::getenv(v.name);
            env[v.name] = {{"effect", v.effect}, {"value", value ? nlohmann::json(value) : nlohmann::json(nullptr)}};
        }
        nlohmann::json doc = {
            {"cpu", {{"model", cpu.model}, {"physical_cores", cpu.physical_cores}, {"logical_cores", cpu.logical_cores}}},
            {"ggml_features", features},
            {"openmp", openmp},
            {"memory", {{"total_bytes", memory.total_bytes}, {"available_bytes", memory.available_bytes}}},
            {"read_bandwidth_bytes_per_second", bandwidth},
            {"bandwidth_threads", bandwidth_options.threads},
            {"settings", {{"threads", threads}, {"pin_cpus", pin_list}}},
            {"environment", env}};
        if (model_path) {
            doc["model"] = {{"path", model_path->string()}, {"bytes", model_bytes}, {"decode_upper_bound_tokens_per_second", bound}};
        }
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return Status::ok();
    }
    const double gib = 1024.0 * 1024.0 * 1024.0;
    std::printf("cpu: %s, %d physical cores, %d logical\n", cpu.model.empty() ? "unknown" : cpu.model.c_str(),
                cpu.physical_cores, cpu.logical_cores);
    std::printf("ggml features: %s\n", features.c_str());
    std::printf("memory: %.1f GiB, %.1f GiB available\n", memory.total_bytes / gib, memory.available_bytes / gib);
    std::printf("read bandwidth: %.1f GB/s measured with %d thread%s\n", bandwidth / 1e9, bandwidth_options.threads,
                bandwidth_options.threads == 1 ? "" : "s");
    if (model_path) {
        std::printf("model: %s, %.2f GB: each token reads the weights once, so decoding cannot beat %.1f tokens/s here\n",
                    model_path->string().c_str(), model_bytes / 1e9, bound);
    } else {
        std::printf("model: the default model is not downloaded yet (r1tune pull); give -m for a decode bound\n");
    }
    std::printf("r1tune will use: %d threads (the physical cores: decoding is bound by memory and each core's SIMD "
                "units, which a core's hyperthreads share)\n", threads);
    if (!pin.empty()) {
        std::printf("pinning, when asked: --cpus %s (one logical CPU of each physical core) makes solve, eval and bench "
                    "pin their threads through llama.cpp's own thread pool, whatever the OpenMP runtime; whether it "
                    "pays here is for `r1tune bench --sweep` to show\n",
                    pin_list.c_str());
    }
    std::printf("environment variables (this build %s OpenMP):\n", openmp ? "uses" : "does not use");
    for (const auto & v : variables) {
        const char * value = std::getenv(v.name);
        std::printf("  %s%s%s: %s\n", v.name, value ? "=" : "", value ? value : "", v.effect.c_str());
    }
    return Status::ok();
}

} // namespace

void register_doctor(CLI::App & app, int & exit_code) {
    auto options = std::make_shared<DoctorOptions>();
    auto * cmd = app.add_subcommand("doctor", "what this machine offers a model, and which settings act on it");
    cmd->add_option("-m,--model", options->model, "GGUF file or catalog name for the decode bound (default: the default model)");
    cmd->add_option("-t,--threads", options->threads, "reader threads for the bandwidth measurement (default: physical cores)")
        ->check(CLI::Range(1, 512));
    cmd->add_flag("--json", options->json, "print the findings as JSON");
    cmd->callback([options, &exit_code] {
        const Status status = run_doctor(*options);
        exit_code = status ? 0 : report_error(status);
    });
}

} // namespace r1tune::cli

#include "bench/engine_worker.h"

#include <memory>

#include <nlohmann/json.hpp>

#include "bench/engine_measurement.h"
#include "cpu/cpu_list.h"
#include "pipeline/runtime.h"

namespace r1tune::bench {

namespace {

using nlohmann::json;

const char * kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::kNone: return "none";
        case ErrorKind::kUsage: return "usage";
        case ErrorKind::kModel: return "model";
        case ErrorKind::kInput: return "input";
        case ErrorKind::kIo: return "io";
        case ErrorKind::kInternal: return "internal";
        case ErrorKind::kCancelled: return "cancelled";
    }
    return "internal";
}

Status status_of(const std::string & kind, std::string message) {
    if (kind == "usage") return Status::usage(std::move(message));
    if (kind == "model") return Status::model(std::move(message));
    if (kind == "input") return Status::input(std::move(message));
    if (kind == "io") return Status::io(std::move(message));
    if (kind == "cancelled") return Status::cancelled(std::move(message));
    return Status::internal(std::move(message));
}

double positive(const json & object, const char * field) {
    const auto it = object.find(field);
    return it != object.end() && it->is_number() && it->get<double>() > 0 ? it->get<double>() : 0;
}

std::vector<std::string> common_arguments(const std::filesystem::path & r1tune, const char * kind,
                                          const std::string & model, int threads, int prompt_tokens, int decode_tokens) {
    return {r1tune.string(), "bench", "--worker", kind, "-m", model, "-t", std::to_string(threads),
            "--prompt-tokens", std::to_string(prompt_tokens), "--decode-tokens", std::to_string(decode_tokens)};
}

} // namespace

// Runs a worker command; a child that died before printing its line is an internal error.
Status run_worker_command(const std::vector<std::string> & command, process::ChildResult & result) {
    if (Status s = process::run_child({command}, result); !s) return s;
    if (result.out.empty()) return Status::internal("r1tune's measuring process " + result.failure());
    return Status::ok();
}

// The child's line as JSON, or the child's own error as a status.
Status read_worker_line(std::string_view line, nlohmann::json & out) {
    out = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (out.is_discarded() || !out.is_object()) {
        return Status::internal("r1tune's measuring process printed no result");
    }
    if (const auto error = out.find("error"); error != out.end()) {
        if (!error->is_object()) return Status::internal("r1tune's measuring process failed");
        return status_of(error->value("kind", "internal"), error->value("message", "r1tune's measuring process failed"));
    }
    return Status::ok();
}

std::string worker_error_line(const Status & status) {
    return json{{"error", {{"kind", kind_name(status.kind())}, {"message", status.message()}}}}.dump();
}

Status run_single_worker(const SingleRequest & request, std::string & line) {
    std::unique_ptr<pipeline::Runtime> runtime;
    SingleMeasurement measurement;
    Status status = pipeline::Runtime::load({request.model_path}, runtime);
    if (status) status = measure_engine_single(runtime->model(), request, measurement);
    if (!status) {
        line = worker_error_line(status);
        return status;
    }
    line = json{{"prompt_tokens_per_second", measurement.prompt_tokens_per_second},
                {"decode_tokens_per_second", measurement.decode_tokens_per_second},
                {"first_token_ms", measurement.first_token_ms},
                {"model", runtime->model().description()}}
               .dump();
    return Status::ok();
}

Status run_batched_worker(const BatchedRequest & request, std::string & line) {
    std::unique_ptr<pipeline::Runtime> runtime;
    std::vector<BatchedPoint> points;
    Status status = pipeline::Runtime::load({request.model_path}, runtime);
    if (status) status = measure_engine_batched(runtime->model(), request, points);
    if (!status) {
        line = worker_error_line(status);
        return status;
    }
    json list = json::array();
    for (const auto & p : points) list.push_back({{"sequences", p.sequences}, {"decode_tokens_per_second", p.decode_tokens_per_second}});
    line = json{{"batched", list}}.dump();
    return Status::ok();
}

std::filesystem::path this_binary_dir() {
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink(kThisBinary, error);
    return error ? std::filesystem::current_path(error) : self.parent_path();
}

std::vector<std::string> single_worker_command(const std::filesystem::path & r1tune, const SingleRequest & request) {
    auto command = common_arguments(r1tune, "single", request.model_path, request.threads, request.prompt_tokens,
                                    request.decode_tokens);
    if (!request.cpus.empty()) command.insert(command.end(), {"--cpus", cpu::format_cpu_list(request.cpus)});
    return command;
}

std::vector<std::string> batched_worker_command(const std::filesystem::path & r1tune, const BatchedRequest & request) {
    auto command = common_arguments(r1tune, "batched", request.model_path, request.threads, request.prompt_tokens,
                                    request.decode_tokens);
    command.insert(command.end(), {"--batch", comma_list(request.sequence_counts)});
    return command;
}

Status parse_single_worker_line(std::string_view line, SingleMeasurement & out) {
    json object;
    if (Status s = read_worker_line(line, object); !s) return s;
    SingleMeasurement measurement;
    measurement.prompt_tokens_per_second = positive(object, "prompt_tokens_per_second");
    measurement.decode_tokens_per_second = positive(object, "decode_tokens_per_second");
    measurement.first_token_ms = positive(object, "first_token_ms");
    if (measurement.prompt_tokens_per_second == 0 || measurement.decode_tokens_per_second == 0 ||
        measurement.first_token_ms == 0) {
        return Status::internal("r1tune's measuring process printed a result without positive speeds and times");
    }
    measurement.model_description = object.value("model", "");
    out = measurement;
    return Status::ok();
}

Status parse_batched_worker_line(std::string_view line, std::vector<BatchedPoint> & out) {
    json object;
    if (Status s = read_worker_line(line, object); !s) return s;
    const auto list = object.find("batched");
    if (list == object.end() || !list->is_array()) {
        return Status::internal("r1tune's measuring process printed no batched result");
    }
    std::vector<BatchedPoint> points;
    for (const auto & item : *list) {
        const double speed = item.is_object() ? positive(item, "decode_tokens_per_second") : 0;
        if (speed == 0 || !item.contains("sequences") || !item["sequences"].is_number_integer()) {
            return Status::internal("r1tune's measuring process printed a batched result without a positive speed");
        }
        points.push_back({item["sequences"].get<int>(), speed});
    }
    out = std::move(points);
    return Status::ok();
}

Status run_engine_single(const std::filesystem::path & r1tune, const SingleRequest & request, SingleMeasurement & out) {
    process::ChildResult result;
    if (Status s = run_worker_command(single_worker_command(r1tune, request), result); !s) return s;
    if (Status s = parse_single_worker_line(result.out, out); !s) return s;
    out.peak_rss_bytes = result.peak_rss_bytes;
    return Status::ok();
}

Status run_engine_batched(const std::filesystem::path & r1tune, const BatchedRequest & request,
                          std::vector<BatchedPoint> & out) {
    process::ChildResult result;
    if (Status s = run_worker_command(batched_worker_command(r1tune, request), result); !s) return s;
    return parse_batched_worker_line(result.out, out);
}

} // namespace r1tune::bench

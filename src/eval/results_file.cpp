#include "eval/results_file.h"

#include <sstream>

namespace r1tune::eval {

namespace {

constexpr int kFormatVersion = 1;

template <typename T>
Status field(const nlohmann::json & doc, const char * name, T & out) {
    const auto it = doc.find(name);
    if (it == doc.end()) return Status::input(std::string("missing field \"") + name + "\"");
    try {
        out = it->get<T>();
    } catch (const nlohmann::json::exception &) {
        return Status::input(std::string("field \"") + name + "\" has the wrong type");
    }
    return Status::ok();
}

} // namespace

nlohmann::json to_json(const ItemResult & r) {
    return {{"config", r.config},
            {"id", r.item_id},
            {"answer", r.answer},
            {"answered", r.answered},
            {"correct", r.correct},
            {"verification", r.verification},
            {"attempts", r.attempts},
            {"thinking_tokens", r.thinking_tokens},
            {"generated_tokens", r.generated_tokens},
            {"latency_ms", r.latency_ms}};
}

Status item_result_from_json(const nlohmann::json & doc, ItemResult & out) {
    if (!doc.is_object()) return Status::input("not a JSON object");
    out = ItemResult{};
    if (Status s = field(doc, "config", out.config); !s) return s;
    if (Status s = field(doc, "id", out.item_id); !s) return s;
    if (Status s = field(doc, "answer", out.answer); !s) return s;
    if (Status s = field(doc, "answered", out.answered); !s) return s;
    if (Status s = field(doc, "correct", out.correct); !s) return s;
    if (Status s = field(doc, "verification", out.verification); !s) return s;
    if (Status s = field(doc, "attempts", out.attempts); !s) return s;
    if (Status s = field(doc, "thinking_tokens", out.thinking_tokens); !s) return s;
    if (Status s = field(doc, "generated_tokens", out.generated_tokens); !s) return s;
    return field(doc, "latency_ms", out.latency_ms);
}

Status ResultsFile::open(const std::filesystem::path & path, const nlohmann::json & run, ResultsFile & out,
                         std::vector<ItemResult> & existing) {
    existing.clear();
    out.path_ = path;
    const std::string name = path.string();
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (exists) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return Status::io("cannot read the results file " + name);
        std::stringstream buffer;
        buffer << in.rdbuf();
        std::string text = buffer.str();
        // A line without its newline was cut off mid-write: that item runs again.
        const std::size_t complete = text.rfind('\n');
        const std::size_t keep = complete == std::string::npos ? 0 : complete + 1;
        if (keep < text.size()) {
            text.resize(keep);
            std::filesystem::resize_file(path, keep, ec);
            if (ec) return Status::io("cannot cut the unfinished last line of " + name + ": " + ec.message());
        }
        std::istringstream lines(text);
        std::string line;
        int number = 0;
        while (std::getline(lines, line)) {
            ++number;
            const std::string where = name + " line " + std::to_string(number) + ": ";
            nlohmann::json doc = nlohmann::json::parse(line, nullptr, false);
            if (doc.is_discarded()) return Status::input(where + "not JSON");
            if (number == 1) {
                if (!doc.is_object() || !doc.contains("r1tune_eval")) {
                    return Status::input(name + " is not an r1tune eval results file; give another --results file");
                }
                if (doc["r1tune_eval"] != kFormatVersion) {
                    return Status::input(name + " was written by another version of r1tune eval; give another --results file");
                }
                if (doc.value("run", nlohmann::json()) != run) {
                    return Status::input(name + " holds the results of another run (a different model, items or "
                                                "settings); give a new --results file, or delete this one to start over");
                }
                continue;
            }
            ItemResult result;
            if (Status s = item_result_from_json(doc, result); !s) return Status::input(where + s.message());
            existing.push_back(std::move(result));
        }
        if (number == 0) std::filesystem::remove(path, ec); // only a cut-off header: start afresh
    }
    const bool fresh = !std::filesystem::exists(path, ec);
    out.out_.open(path, std::ios::binary | std::ios::app);
    if (!out.out_) return Status::io("cannot write the results file " + name);
    if (fresh) {
        out.out_ << nlohmann::json{{"r1tune_eval", kFormatVersion}, {"run", run}}.dump() << '\n';
        out.out_.flush();
        if (!out.out_) return Status::io("cannot write the results file " + name + " (disk full?)");
    }
    return Status::ok();
}

Status ResultsFile::append(const ItemResult & result) {
    out_ << to_json(result).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    out_.flush();
    if (!out_) return Status::io("cannot write to the results file " + path_.string() + " (disk full?)");
    return Status::ok();
}

std::set<std::pair<std::string, std::string>> finished_items(const std::vector<ItemResult> & results) {
    std::set<std::pair<std::string, std::string>> done;
    for (const ItemResult & r : results) done.emplace(r.config, r.item_id);
    return done;
}

} // namespace r1tune::eval

#include "eval/results_file.h"

#include <algorithm>
#include <sstream>

namespace r1tune::eval {

namespace {

// 2: rows carry "error"; 3: rows carry "verdicts" and "response", and "consistent" is a verification.
constexpr int kFormatVersion = 3;

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
    nlohmann::json row = {{"config", r.config},
            {"id", r.item_id},
            {"answer", r.answer},
            {"answered", r.answered},
            {"correct", r.correct},
            {"verification", r.verification},
            {"attempts", r.attempts},
            {"thinking_tokens", r.thinking_tokens},
            {"generated_tokens", r.generated_tokens},
            {"programs_run", r.programs_run},
            {"latency_ms", r.latency_ms},
            {"share_ms", r.share_ms},
            {"error", r.error},
            {"verdicts", r.verdicts},
            {"response", r.response}};
    if (!r.notebook.empty()) row["notebook"] = r.notebook;
    return row;
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
    // Rows written before code execution existed have no count: nothing ran for them.
    if (doc.contains("programs_run")) {
        if (Status s = field(doc, "programs_run", out.programs_run); !s) return s;
    }
    if (Status s = field(doc, "latency_ms", out.latency_ms); !s) return s;
    // Rows written before shares were recorded count their whole latency: exact for a run of one
    // item at a time, too much for one that answered several at once (--parallel).
    out.share_ms = out.latency_ms;
    if (doc.contains("share_ms")) {
        if (Status s = field(doc, "share_ms", out.share_ms); !s) return s;
    }
    if (Status s = field(doc, "error", out.error); !s) return s;
    if (Status s = field(doc, "verdicts", out.verdicts); !s) return s;
    // Rows of configurations without the notebook lever have no entries shown.
    if (doc.contains("notebook")) {
        if (Status s = field(doc, "notebook", out.notebook); !s) return s;
    }
    return field(doc, "response", out.response);
}

namespace {

// Whether the text starts with our header's opening, even cut off: only such a file is ever
// changed; anything else is the user's and is refused untouched.
bool starts_as_results(const std::string & text) {
    static const std::string opening = "{\"r1tune_eval\"";
    return text.compare(0, std::min(text.size(), opening.size()), opening, 0, std::min(text.size(), opening.size())) == 0;
}

} // namespace

namespace {

// What a results file holds, read without changing it: `fresh` when there is nothing to keep (no
// file, an empty one, a header cut off, or a header without rows of another run), and `keep`,
// the bytes up to the last complete line (a last line without its newline was cut off mid-write
// and its item runs again).
// `run`: the run the file must be of; null takes any run's. `found` (if given) gets the file's
// own description of its run.
Status read_results(const std::filesystem::path & path, const nlohmann::json * run, nlohmann::json * found, bool & fresh,
                    std::size_t & keep, std::vector<ItemResult> & existing) {
    existing.clear();
    const std::string name = path.string();
    const std::string not_ours = name + " is not an r1tune eval results file";
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    fresh = !std::filesystem::exists(status);
    keep = 0;
    if (fresh) return Status::ok();
    if (!std::filesystem::is_regular_file(status)) return Status::usage(not_ours);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::io("cannot read the results file " + name);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if (!starts_as_results(text)) return Status::input(not_ours);
    const std::size_t header_end = text.find('\n');
    if (header_end == std::string::npos) {
        fresh = true; // an empty file, or a header cut off mid-write: nothing to keep
        return Status::ok();
    }
    const nlohmann::json header = nlohmann::json::parse(text.substr(0, header_end), nullptr, false);
    if (header.is_discarded() || !header.is_object()) return Status::input(not_ours);
    if (header.value("r1tune_eval", 0) != kFormatVersion) {
        return Status::input(name + " was written by another version of r1tune eval");
    }
    if (found != nullptr) *found = header.value("run", nlohmann::json());
    const bool same_run = run == nullptr || header.value("run", nlohmann::json()) == *run;
    const bool has_rows = header_end + 1 < text.size();
    // A header without results (a run that failed before its first item) holds nothing
    // to lose: a new run takes the file over.
    if (!same_run && has_rows) {
        return Status::input(name + " holds the results of another run (a different model, items or "
                                    "settings); give a new --results file, or delete this one to start over");
    }
    fresh = !same_run;
    if (fresh) return Status::ok();
    keep = text.rfind('\n') + 1;
    text.resize(keep);
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line); // the header
    for (int number = 2; std::getline(lines, line); ++number) {
        const std::string where = name + " line " + std::to_string(number) + ": ";
        const nlohmann::json doc = nlohmann::json::parse(line, nullptr, false);
        if (doc.is_discarded()) return Status::input(where + "not JSON");
        ItemResult result;
        if (Status s = item_result_from_json(doc, result); !s) return Status::input(where + s.message());
        existing.push_back(std::move(result));
    }
    return Status::ok();
}

} // namespace

Status ResultsFile::read(const std::filesystem::path & path, const nlohmann::json & run,
                         std::vector<ItemResult> & existing) {
    bool fresh = false;
    std::size_t keep = 0;
    return read_results(path, &run, nullptr, fresh, keep, existing);
}

Status ResultsFile::read_any(const std::filesystem::path & path, nlohmann::json & run, std::vector<ItemResult> & results) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Status::input("there is no results file " + path.string());
    bool fresh = false;
    std::size_t keep = 0;
    return read_results(path, nullptr, &run, fresh, keep, results);
}

Status ResultsFile::open(const std::filesystem::path & path, const nlohmann::json & run, ResultsFile & out,
                         std::vector<ItemResult> & existing) {
    out.path_ = path;
    const std::string name = path.string();
    bool fresh = false;
    std::size_t keep = 0;
    if (Status s = read_results(path, &run, nullptr, fresh, keep, existing); !s) return s;
    std::error_code ec;
    if (!fresh && keep < std::filesystem::file_size(path, ec)) {
        std::filesystem::resize_file(path, keep, ec);
        if (ec) return Status::io("cannot cut the unfinished last line of " + name + ": " + ec.message());
    }
    out.out_.open(path, std::ios::binary | (fresh ? std::ios::trunc : std::ios::app));
    if (!out.out_) return Status::io("cannot write the results file " + name);
    if (fresh) {
        out.out_ << nlohmann::json{{"r1tune_eval", kFormatVersion}, {"run", run}}.dump() << '\n';
        out.out_.flush();
        if (!out.out_) return Status::io("cannot write the results file " + name + " (disk full?)");
    }
    return Status::ok();
}

Status ResultsFile::append(const ItemResult & result) {
    // One write of the whole line, so that a reader never sees a row without its newline for
    // longer than the write itself.
    const std::string line = to_json(result).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
    out_.write(line.data(), static_cast<std::streamsize>(line.size()));
    out_.flush();
    if (!out_) return Status::io("cannot write to the results file " + path_.string() + " (disk full?)");
    return Status::ok();
}

std::set<std::pair<std::string, std::string>> finished_items(const std::vector<ItemResult> & results) {
    std::set<std::pair<std::string, std::string>> done;
    for (const ItemResult & r : results) done.emplace(r.config, r.item_id);
    return done;
}

std::size_t keep_rows_of_run(std::vector<ItemResult> & results, const std::set<std::string> & configs,
                             const std::set<std::string> & item_ids) {
    std::set<std::pair<std::string, std::string>> seen;
    const std::size_t before = results.size();
    std::erase_if(results, [&](const ItemResult & r) {
        return !configs.contains(r.config) || !item_ids.contains(r.item_id) || !seen.emplace(r.config, r.item_id).second;
    });
    return before - results.size();
}

} // namespace r1tune::eval

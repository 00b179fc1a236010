#include "eval/dataset.h"

#include <nlohmann/json.hpp>

#include <set>

#include "text/utf8.h"
#include "util/fnv1a.h"

namespace r1tune::eval {

namespace {

using nlohmann::json;

std::string trimmed(const std::string & s) {
    const std::size_t first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// A text field, or a number written as one (GSM8K-like files sometimes store 72, not "72").
Status text_field(const json & object, const char * name, bool required, std::optional<std::string> & out) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        if (required) return Status::input(std::string("has no \"") + name + "\"");
        return Status::ok();
    }
    if (it->is_string()) out = it->get<std::string>();
    else if (it->is_number()) out = it->dump();
    else return Status::input(std::string("\"") + name + "\" must be a string");
    if (required && trimmed(*out).empty()) return Status::input(std::string("\"") + name + "\" is empty");
    return Status::ok();
}

// GSM8K's solutions carry the calculator's notes, "48/2 = <<48/2=24>>24": the reader wants
// "48/2 = 24". Only a note of that shape goes (a calculation, "=", its value, on one line), so
// `cout << x >> y` in a code solution stays.
std::string without_calculator_notes(const std::string & solution) {
    std::string out;
    std::size_t at = 0;
    for (std::size_t open = solution.find("<<"); open != std::string::npos; open = solution.find("<<", open + 2)) {
        const std::size_t close = solution.find(">>", open + 2);
        if (close == std::string::npos) break;
        const std::string inside = solution.substr(open + 2, close - open - 2);
        if (inside.find('=') == std::string::npos || inside.find_first_of("<>\n") != std::string::npos) continue;
        out += solution.substr(at, open - at);
        at = close + 2;
        open = close;
    }
    return out + solution.substr(at);
}

Status parse_item(const std::string & line, int line_number, EvalItem & item) {
    if (!text::is_valid_utf8(line)) return Status::input("is not valid UTF-8");
    const json object = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded()) return Status::input("is not valid JSON");
    if (!object.is_object()) return Status::input("is not a JSON object");
    std::optional<std::string> id, question, answer;
    if (Status s = text_field(object, "id", false, id); !s) return s;
    if (Status s = text_field(object, "question", true, question); !s) return s;
    if (Status s = text_field(object, "answer", true, answer); !s) return s;
    if (Status s = text_field(object, "constraints", false, item.constraints); !s) return s;
    if (Status s = text_field(object, "tests", false, item.tests); !s) return s;
    std::optional<std::string> solution;
    if (Status s = text_field(object, "solution", false, solution); !s) return s;
    item.id = id && !trimmed(*id).empty() ? *id : "line-" + std::to_string(line_number);
    item.question = *question;
    // A worked GSM8K solution carries its answer after "####"; a plain answer is used as is.
    item.answer = gsm8k_answer(*answer).value_or(trimmed(*answer));
    if (!solution && gsm8k_answer(*answer)) solution = answer->substr(0, answer->rfind("####"));
    if (solution && !trimmed(*solution).empty()) item.solution = without_calculator_notes(trimmed(*solution));
    return Status::ok();
}

} // namespace

std::uint64_t items_digest(const std::vector<EvalItem> & items) {
    Fnv1a digest;
    for (const EvalItem & item : items) {
        for (const std::string & field : {item.id, item.question, item.answer, item.constraints.value_or(""),
                                          item.tests.value_or("")}) {
            digest.add(field);
            digest.add("\n");
        }
    }
    return digest.value();
}

std::optional<std::string> gsm8k_answer(const std::string & solution) {
    const std::size_t marker = solution.rfind("####");
    if (marker == std::string::npos) return std::nullopt;
    std::string answer = trimmed(solution.substr(marker + 4));
    if (answer.empty()) return std::nullopt;
    return answer;
}

Status read_dataset(std::istream & in, const std::string & origin, BadLines bad_lines, std::vector<EvalItem> & out,
                    DatasetReport & report) {
    out.clear();
    report = DatasetReport{};
    std::set<std::string> ids;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (trimmed(line).empty()) continue;
        EvalItem item;
        Status s = parse_item(line, number, item);
        if (s && !ids.insert(item.id).second) s = Status::input("repeats the id \"" + item.id + "\"");
        if (!s) {
            const std::string where = origin + " line " + std::to_string(number) + " " + s.message();
            if (bad_lines == BadLines::kRefuse) return Status::input(where + " (--skip-bad-lines leaves such lines out)");
            report.skipped.push_back(where);
            continue;
        }
        out.push_back(std::move(item));
    }
    if (in.bad()) return Status::io("could not read " + origin);
    if (out.empty()) return Status::input(origin + " holds no items");
    return Status::ok();
}

} // namespace r1tune::eval

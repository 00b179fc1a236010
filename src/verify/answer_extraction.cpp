#include "verify/answer_extraction.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "verify/answer_cleaner.h"
#include "text/ascii_text.h"
#include "verify/extraction_text.h"
#include "verify/quantity_reader.h"

namespace r1tune::verify {

namespace {

using namespace extraction;
using text::character_at;

// ---------------------------------------------------------------------------------------------
// Statements

struct Statement {
    std::size_t begin = 0, end = 0;
    bool paragraph_start = false; // a blank line before it
    bool verification = false;
    std::vector<std::size_t> candidates; // indices into Scan::candidates
};

bool is_no_solution(std::string_view text) {
    if (contains_any(text, {"无解", "不存在", "没有这样的", "没有满足", "没有符合", "找不到", "无满足", "没有解",
                            "∅"})) {
        return true;
    }
    const std::string l = text::lower_ascii(text);
    return contains_any(l, {"no solution", "no such", "no valid", "no integer solution", "no real solution",
                            "does not exist", "do not exist", "doesn't exist", "don't exist", "cannot exist",
                            "no possible"});
}

bool has_conclusion_word(std::string_view text) {
    if (contains_any(text, {"所以", "因此", "因而", "于是", "综上", "总之", "故", "最终", "最后"})) return true;
    const std::string l = text::lower_ascii(text);
    for (std::string_view word : {"therefore", "thus", "hence", "so ", "so,", "in total", "altogether"}) {
        const std::size_t at = l.find(word);
        if (at != kNone && (at == 0 || !is_alpha(l[at - 1]))) return true;
    }
    return false;
}

bool starts_verification(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && (is_space(text[i]) || text[i] == '#' || text[i] == '-' || text[i] == '>' ||
                               text[i] == '*' || text[i] == '(' || (text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
        ++i;
    }
    if (match_any(text, i, {"验证", "检验", "检查", "验算", "代入", "代回"}) != 0) return true;
    for (std::string_view word : {"check", "verif", "let's verify", "let me verify", "let's check", "let me check",
                                  "double-check", "double check", "sanity check"}) {
        if (starts_with_at_nocase(text, i, word)) return true;
    }
    return false;
}

struct Scan {
    Clean clean;
    std::vector<Candidate> candidates;
    std::vector<Statement> statements;
};

std::vector<Statement> split_statements(std::string_view s) {
    std::vector<Statement> out;
    std::size_t begin = 0;
    int newlines = 0;
    auto close = [&](std::size_t end, std::size_t next) {
        Statement st;
        st.begin = begin;
        st.end = end;
        st.paragraph_start = newlines > 1 || out.empty();
        if (skip_spaces(s, begin, end) < end) {
            out.push_back(st);
            newlines = 0;
        }
        begin = next;
    };
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '\n') {
            close(i, i + 1);
            ++newlines;
            ++i;
            continue;
        }
        if (const std::size_t n = match_any(s, i, {"。", "！", "？", "!", "?"}); n != 0) {
            close(i + n, i + n);
            i += n;
            continue;
        }
        if (s[i] == '.' && (i + 1 == s.size() || is_space(s[i + 1]) || s[i + 1] == '\n')) {
            close(i + 1, i + 1);
            ++i;
            continue;
        }
        i += character_at(s, i).length;
    }
    close(s.size(), s.size());
    return out;
}

// What extraction knows of the question: its quantities (an answer that merely restates one
// yields to other candidates) and its text (the names it uses).
struct QuestionFacts {
    std::vector<Quantity> quantities;
    std::string_view text;

    // 头=35 restates "35个头" (and so do 头数=35, 总头数=35 and an unnamed 35); 鸡=35 is a
    // claim of the answer's own.
    bool restates(const Quantity & q) const {
        return std::any_of(quantities.begin(), quantities.end(), [&](const Quantity & given) {
            if (given.value != q.value) return false;
            if (q.name.empty() || given.name.empty()) return true;
            return given.name.find(q.name) != std::string::npos || q.name.find(given.name) != std::string::npos;
        });
    }
};

Scan scan(std::string_view source, const QuestionFacts & question) {
    Scan out;
    out.clean = clean_answer(source);
    const std::string_view s = out.clean.text;
    out.statements = split_statements(s);
    bool in_verification = false;
    for (Statement & st : out.statements) {
        const std::size_t first = out.candidates.size();
        read_candidates(s, question.text, st.begin, st.end, out.candidates);
        for (std::size_t k = first; k < out.candidates.size(); ++k) st.candidates.push_back(k);
        // A heading such as "**验证：**" makes the rest of its paragraph verification too.
        if (st.paragraph_start) in_verification = false;
        const std::string_view text = s.substr(st.begin, st.end - st.begin);
        st.verification = in_verification || starts_verification(text);
        if (starts_verification(text) && st.candidates.empty()) in_verification = true;
    }
    for (Candidate & c : out.candidates) {
        c.restates = question.restates(c.quantity);
    }
    return out;
}

// Text between two candidates that only separates items of one list: "，", " and ", "、", "和".
bool is_list_gap(std::string_view gap) {
    for (std::size_t i = 0; i < gap.size();) {
        if (is_space(gap[i]) || gap[i] == ',' || gap[i] == ';' || gap[i] == '&' || gap[i] == '\n' || gap[i] == '-') {
            ++i; // newlines and bullets too: answers list their quantities one per line
            continue;
        }
        if (const std::size_t n = match_any(gap, i, {"，", "、", "；", "和", "与", "及", "以及", "跟", "•"}); n != 0) {
            i += n;
            continue;
        }
        if (starts_with_at_nocase(gap, i, "and") && (i + 3 == gap.size() || !is_alpha(gap[i + 3]))) {
            i += 3;
            continue;
        }
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Rules

class Rules {
public:
    Rules(const Scan & scan, std::string_view source) : scan_(scan), s_(scan.clean.text), source_(source) {}

    std::optional<ExtractedAnswer> run() const {
        if (auto boxed = from_boxes()) return boxed;
        if (auto marked = from_markers()) return marked;
        if (auto concluded = from_conclusion()) return concluded;
        return from_last_number();
    }

private:
    // Picks the answer among `pool`: values new to the question over restated ones, answers
    // over totals beside them, then one list of them (the first or the last).
    std::vector<const Candidate *> choose(std::vector<const Candidate *> pool, bool last_list,
                                          bool drop_restated = true) const {
        std::erase_if(pool, [](const Candidate * c) { return c->step || c->weak || c->operand; });
        if (drop_restated && std::any_of(pool.begin(), pool.end(), [](const Candidate * c) { return !c->restates; })) {
            std::erase_if(pool, [](const Candidate * c) { return c->restates; });
        }
        if (std::any_of(pool.begin(), pool.end(), [](const Candidate * c) { return !c->total; })) {
            std::erase_if(pool, [](const Candidate * c) { return c->total; });
        }
        const std::vector<const Candidate *> & set = pool;
        if (set.empty()) return {};
        std::vector<std::vector<const Candidate *>> lists{{set.front()}};
        for (std::size_t k = 1; k < set.size(); ++k) {
            const Candidate * previous = lists.back().back();
            const bool joined = set[k]->begin >= previous->end &&
                                joins(lists.back(), *set[k], s_.substr(previous->end, set[k]->begin - previous->end));
            if (joined) lists.back().push_back(set[k]);
            else lists.push_back({set[k]});
        }
        std::vector<const Candidate *> list = last_list ? lists.back() : lists.front();
        // "24÷2=12，兔有12只": a result the list then names is one quantity, the named one.
        std::erase_if(list, [&](const Candidate * c) {
            return !c->named && std::any_of(list.begin(), list.end(), [&](const Candidate * d) {
                return d->named && d->quantity.value == c->quantity.value;
            });
        });
        return list;
    }

    // Whether `next` continues `list` across `gap`: a plain separator always; for quantities
    // of new names, a longer phrase with a connective too ("23 and the number of rabbits is
    // 12"), unless it concludes ("35个头，所以鸡23只" starts a new list).
    static bool joins(const std::vector<const Candidate *> & list, const Candidate & next, std::string_view gap) {
        if (is_list_gap(gap)) return true;
        if (!next.named || next.quantity.name.empty() || has_conclusion_word(gap)) return false;
        if (std::any_of(gap.begin(), gap.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
        const bool named_apart = std::all_of(list.begin(), list.end(), [&](const Candidate * c) {
            return !c->quantity.name.empty() && c->quantity.name != next.quantity.name;
        });
        const std::string l = text::lower_ascii(gap);
        return named_apart && gap.size() <= 40 && contains_any(l, {" and ", "，", ",", "、", "和", "；", ";"});
    }

    ExtractedAnswer answer(const std::vector<const Candidate *> & chosen, AnswerRule rule) const {
        ExtractedAnswer out;
        out.rule = rule;
        for (const Candidate * c : chosen) {
            Quantity q = c->quantity;
            const std::size_t from = scan_.clean.origin[c->begin];
            const std::size_t to = scan_.clean.origin[c->end - 1] + 1;
            q.offset = from;
            q.text = std::string(source_.substr(from, to - from));
            out.quantities.push_back(std::move(q));
        }
        return out;
    }

    static ExtractedAnswer no_solution(AnswerRule rule) {
        ExtractedAnswer out;
        out.no_solution = true;
        out.rule = rule;
        return out;
    }

    std::vector<const Candidate *> candidates_in(std::size_t begin, std::size_t end) const {
        std::vector<const Candidate *> out;
        for (const Candidate & c : scan_.candidates) {
            if (c.number_begin >= begin && c.number_begin < end) out.push_back(&c);
        }
        return out;
    }

    std::optional<ExtractedAnswer> from_boxes() const {
        const auto & boxes = scan_.clean.boxes;
        for (std::size_t k = boxes.size(); k-- > 0;) {
            const auto [begin, end] = boxes[k];
            const std::string_view content = s_.substr(begin, end - begin);
            if (skip_spaces(content, 0, content.size()) == content.size()) continue; // \boxed{}
            const std::string l = text::lower_ascii(content);
            if (is_no_solution(content) || l == "none" || content == "无") return no_solution(AnswerRule::kBoxed);
            // Every box on the line of the last one: "\boxed{23} chickens and \boxed{12} rabbits".
            std::size_t line_begin = begin, line_end = end;
            while (line_begin > 0 && s_[line_begin - 1] != '\n') --line_begin;
            while (line_end < s_.size() && s_[line_end] != '\n') ++line_end;
            std::vector<const Candidate *> inside;
            bool readable = true;
            for (const auto & [b, e] : boxes) {
                if (b < line_begin || e > line_end) continue;
                const std::string_view box = s_.substr(b, e - b);
                if (contains_any(box, {"√", "π", "∞", "±", "\\", "^", "≤", "≥", "<", ">"})) readable = false;
                const auto found = candidates_in(b, e);
                if (found.empty() && skip_spaces(box, 0, box.size()) < box.size()) readable = false;
                for (const Candidate * c : found) {
                    if (c->operand) readable = false;
                    if (!c->step) inside.push_back(c);
                }
            }
            // The model boxed these itself, so a boxed value that restates the question stays.
            auto chosen = choose(inside, true, false);
            // A box is the model's own final word: one it wrote but that holds no rational
            // number (2\sqrt{3}, B) ends the search rather than hand it to a weaker rule.
            if (!readable || chosen.empty()) return ExtractedAnswer{{}, false, AnswerRule::kBoxed, false};
            return answer(chosen, AnswerRule::kBoxed);
        }
        return std::nullopt;
    }

    // Where the text after an answer marker starts, or kNone when `at` holds no marker.
    std::size_t marker_end(std::size_t at) const {
        const auto after_connector = [&](std::size_t i, bool required) -> std::size_t {
            i = skip_spaces(s_, i, s_.size());
            if (const std::size_t n = match_any(s_, i, {"：", ":", "是", "为", "=", "应该是", "应为", "就是", "如下", "即"});
                n != 0) {
                return i + n;
            }
            for (std::string_view verb : {"is ", "would be ", "should be ", "will be "}) {
                if (starts_with_at_nocase(s_, i, verb)) return i + verb.size();
            }
            return required ? kNone : i;
        };
        if (const std::size_t n = match_any(s_, at, {"最终答案", "最后答案", "最终结果"}); n != 0) return after_connector(at + n, false);
        if (const std::size_t n = match_any(s_, at, {"答：", "答:", "结论：", "结论:"}); n != 0) return at + n;
        if (const std::size_t n = match_any(s_, at, {"答案", "答 案"}); n != 0) return after_connector(at + n, true);
        if (starts_with_at_nocase(s_, at, "final answer")) return after_connector(at + 12, false);
        if (starts_with_at_nocase(s_, at, "answer") && (at == 0 || !is_alpha(s_[at - 1]))) {
            return after_connector(at + 6, true);
        }
        return kNone;
    }

    std::optional<ExtractedAnswer> from_markers() const {
        std::vector<std::pair<std::size_t, std::size_t>> spans; // marker start, text start
        for (std::size_t i = 0; i < s_.size(); i += character_at(s_, i).length) {
            const std::size_t after = marker_end(i);
            if (after != kNone) spans.emplace_back(i, after);
        }
        for (std::size_t k = spans.size(); k-- > 0;) {
            const std::size_t begin = spans[k].second;
            std::size_t end = statement_end(begin);
            // A marker that ends its line ("**Final Answer**", "答案：") heads the lines below it.
            if (skip_spaces(s_, begin, end) == end || only_punctuation(begin, end)) {
                end = paragraph_end(end);
            }
            const std::string_view span = s_.substr(begin, end - begin);
            auto chosen = choose(candidates_in(begin, end), false);
            if (is_no_solution(span) && std::none_of(chosen.begin(), chosen.end(), [](const Candidate * c) { return c->named; })) {
                return no_solution(AnswerRule::kMarker);
            }
            if (!chosen.empty()) return answer(chosen, AnswerRule::kMarker);
        }
        return std::nullopt;
    }

    bool only_punctuation(std::size_t begin, std::size_t end) const {
        for (std::size_t i = begin; i < end; ++i) {
            const char c = s_[i];
            if (!(is_space(c) || c == ':' || c == '*' || c == '#' || c == '.')) return false;
        }
        return true;
    }

    std::size_t statement_end(std::size_t i) const {
        for (const Statement & st : scan_.statements) {
            if (i <= st.end) return st.end;
        }
        return s_.size();
    }

    // The end of the paragraph that starts at or after `i`.
    std::size_t paragraph_end(std::size_t i) const {
        const auto & statements = scan_.statements;
        for (std::size_t k = 0; k < statements.size(); ++k) {
            if (statements[k].begin < i) continue;
            std::size_t end = statements[k].end;
            for (std::size_t m = k + 1; m < statements.size() && !statements[m].paragraph_start; ++m) {
                end = statements[m].end;
            }
            return end;
        }
        return s_.size();
    }

    std::vector<const Candidate *> of(const Statement & st) const {
        std::vector<const Candidate *> out;
        for (std::size_t k : st.candidates) out.push_back(&scan_.candidates[k]);
        return out;
    }

    // Rules 3 and 4: the last statement that concludes, with an assignment, a named quantity,
    // or the statement that there is no solution.
    std::optional<ExtractedAnswer> from_conclusion() const {
        // First pass: a statement that only restates the question ("总共35个头，94只脚") does not
        // conclude; the second pass takes one when nothing else does.
        for (bool skip_restating : {true, false}) {
            if (auto found = conclusion(skip_restating)) return found;
        }
        return std::nullopt;
    }

    std::optional<ExtractedAnswer> conclusion(bool skip_restating) const {
        const auto & statements = scan_.statements;
        for (std::size_t k = statements.size(); k-- > 0;) {
            const Statement & st = statements[k];
            if (st.verification) continue;
            auto chosen = choose(of(st), true);
            const bool concludes = std::any_of(chosen.begin(), chosen.end(), [](const Candidate * c) { return c->named || c->assigned; });
            const std::string_view text = s_.substr(st.begin, st.end - st.begin);
            const bool assigns = concludes && std::any_of(chosen.begin(), chosen.end(), [](const Candidate * c) { return c->assigned; });
            if (is_no_solution(text) && !assigns) return no_solution(AnswerRule::kNoSolution);
            if (skip_restating && std::all_of(chosen.begin(), chosen.end(), [](const Candidate * c) { return c->restates; })) {
                continue;
            }
            if (!concludes) {
                // "所以结果是 23。": an unnamed number that a statement concludes with still ends
                // the search, before intermediate named quantities further up are taken for it.
                const bool fresh = std::none_of(chosen.begin(), chosen.end(), [](const Candidate * c) { return c->restates; });
                if (!chosen.empty() && fresh && has_conclusion_word(text)) return answer(chosen, AnswerRule::kLastNumber);
                continue;
            }
            // "鸡有23只。\n兔有12只。": named quantities in the statements just before join the list.
            for (std::size_t m = k; m-- > 0;) {
                const Statement & previous = statements[m];
                if (statements[m + 1].paragraph_start || previous.verification) break;
                auto more = choose(of(previous), true);
                const bool adds = !more.empty() && std::all_of(more.begin(), more.end(), [&](const Candidate * c) {
                    return c->named && std::none_of(chosen.begin(), chosen.end(), [&](const Candidate * d) {
                        return d->quantity.name == c->quantity.name;
                    });
                });
                if (!adds) break;
                chosen.insert(chosen.begin(), more.begin(), more.end());
            }
            const bool assigned = std::any_of(chosen.begin(), chosen.end(), [](const Candidate * c) { return c->assigned; });
            return answer(chosen, assigned ? AnswerRule::kAssignment : AnswerRule::kNamedQuantity);
        }
        return std::nullopt;
    }

    // Rule 5: the last number, passing over step numbers, operands, verification and restated
    // question values while anything else is left.
    std::optional<ExtractedAnswer> from_last_number() const {
        std::vector<const Candidate *> all;
        std::vector<bool> verifying;
        for (const Statement & st : scan_.statements) {
            for (std::size_t k : st.candidates) {
                const Candidate & c = scan_.candidates[k];
                if (c.step || c.weak) continue;
                all.push_back(&c);
                verifying.push_back(st.verification);
            }
        }
        for (int strictness = 3; strictness >= 0; --strictness) {
            for (std::size_t k = all.size(); k-- > 0;) {
                const Candidate * c = all[k];
                if (strictness >= 1 && verifying[k]) continue;
                if (strictness >= 2 && c->operand) continue;
                if (strictness >= 3 && c->restates) continue;
                return answer({c}, AnswerRule::kLastNumber);
            }
        }
        return std::nullopt;
    }

    const Scan & scan_;
    std::string_view s_;
    std::string_view source_;
};

QuestionFacts question_facts(std::string_view question) {
    QuestionFacts out;
    out.text = question;
    if (question.empty()) return out;
    const Scan q = scan(question, {});
    for (const Candidate & c : q.candidates) {
        if (!c.weak) out.quantities.push_back(c.quantity);
    }
    return out;
}

std::optional<ExtractedAnswer> extract_from(std::string_view text, const QuestionFacts & question) {
    const Scan scanned = scan(text, question);
    return Rules(scanned, text).run();
}

} // namespace

std::string_view to_string(AnswerRule rule) {
    switch (rule) {
    case AnswerRule::kNone: return "none";
    case AnswerRule::kBoxed: return "boxed";
    case AnswerRule::kMarker: return "marker";
    case AnswerRule::kAssignment: return "assignment";
    case AnswerRule::kNamedQuantity: return "named_quantity";
    case AnswerRule::kNoSolution: return "no_solution";
    case AnswerRule::kLastNumber: return "last_number";
    }
    return "none";
}

ExtractedAnswer extract_answer(std::string_view answer, std::string_view thinking, std::string_view question) {
    const QuestionFacts facts = question_facts(question);
    if (auto found = extract_from(answer, facts); found && (!found->empty() || found->rule == AnswerRule::kBoxed)) {
        return *found;
    }
    if (auto found = extract_from(thinking, facts); found && !found->empty()) {
        found->from_thinking = true;
        return *found;
    }
    return {};
}

} // namespace r1tune::verify

#include "verify/arithmetic_check.h"

#include "verify/expression.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "text/characters.h"

namespace r1tune::verify {

namespace {

using text::character_at;
using text::is_cjk_ideograph;
using text::Language;
using text::previous_character;
using Kind = Expression::Kind;

// ---- Characters ---------------------------------------------------------------------------

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_full_width_digit(std::uint32_t cp) { return cp >= 0xFF10 && cp <= 0xFF19; }

bool is_space_at(std::string_view s, std::size_t i, std::size_t * length) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
        *length = 1;
        return true;
    }
    const auto [cp, n] = character_at(s, i);
    *length = n;
    return cp == 0xA0 || cp == 0x3000 || cp == 0x2009 || cp == 0x202F;
}

std::size_t skip_spaces(std::string_view s, std::size_t i) {
    for (std::size_t n; i < s.size() && is_space_at(s, i, &n);) i += n;
    return i;
}

std::size_t skip_spaces_back(std::string_view s, std::size_t i) {
    while (i > 0) {
        const std::size_t p = previous_character(s, i);
        std::size_t n;
        if (!is_space_at(s, p, &n)) break;
        i = p;
    }
    return i;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char & c : out) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N> & words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

// ---- From LaTeX-ish prose to plain math -----------------------------------------------------

// The text with LaTeX turned into the plain notation the expression parser reads, and for every
// byte the offset in the original text it came from.
struct Normalized {
    std::string text;
    std::vector<std::size_t> origin; // one per byte of `text`, plus one for its end
};

class Normalizer {
public:
    explicit Normalizer(std::string_view source) : source_(source) {}

    Normalized run() {
        bool line_start = true;
        while (i_ < source_.size()) {
            if (line_start) {
                line_start = false;
                if (skip_bullet()) continue;
            }
            const char c = source_[i_];
            line_start = c == '\n';
            if (c == '`') { skip_code(); continue; }
            if (c == '\\') { command(); continue; }
            if (c == '{') { open_brace(); continue; }
            if (c == '}') { close_brace(); continue; }
            if (c == '$' || c == '~') { emit(" ", 1); continue; }
            if (c == '&') { emit("", 1); continue; }  // alignment in aligned environments
            if (replace_arrow() || replace("**", " ") || replace("^{\\circ}", "°") || replace("^\\circ", "°")) continue;
            emit(std::string_view(&source_[i_], 1), 1);
        }
        out_.origin.push_back(source_.size());
        return std::move(out_);
    }

private:
    enum class Brace { kGroup, kTransparent, kNumerator, kDenominator };

    void emit(std::string_view text, std::size_t consumed) {
        for (char ch : text) {
            out_.text += ch;
            out_.origin.push_back(i_);
        }
        i_ += consumed;
    }

    bool replace(std::string_view from, std::string_view to) {
        if (source_.substr(i_, from.size()) != from) return false;
        emit(to, from.size());
        return true;
    }

    bool replace_arrow() {
        for (std::string_view arrow : {"<=>", "==>", "-->", "=>", "->", "⟹", "⇒", "⟶", "⇔", "⟺"})
            if (replace(arrow, "→")) return true;
        return false;
    }

    // Markdown bullets ("- ", "* ", "+ ") would read as signs.
    bool skip_bullet() {
        std::size_t j = i_;
        while (j < source_.size() && (source_[j] == ' ' || source_[j] == '\t')) ++j;
        if (j + 1 < source_.size() && (source_[j] == '-' || source_[j] == '*' || source_[j] == '+') && source_[j + 1] == ' ') {
            emit(" ", j + 2 - i_);
            return true;
        }
        return false;
    }

    // Code is not arithmetic prose ("i = i + 1"): fenced blocks and inline spans are dropped.
    void skip_code() {
        if (source_.substr(i_, 3) == "```") {
            const std::size_t close = source_.find("```", i_ + 3);
            emit("\n", (close == std::string_view::npos ? source_.size() : close + 3) - i_);
            return;
        }
        const std::size_t close = source_.find_first_of("`\n", i_ + 1);
        const bool closed = close != std::string_view::npos && source_[close] == '`';
        emit(" ", closed ? close + 1 - i_ : 1);
    }

    void open_brace() {
        const Pending pending = pending_;
        pending_ = Pending::kNone;
        if (pending == Pending::kEnvironment) {
            // An environment name: \begin{aligned} says nothing about the math.
            const std::size_t close = source_.find('}', i_);
            emit(" ", (close == std::string_view::npos ? source_.size() : close + 1) - i_);
            return;
        }
        Brace kind = Brace::kGroup;
        if (pending == Pending::kNumerator) kind = Brace::kNumerator;
        else if (pending == Pending::kDenominator) kind = Brace::kDenominator;
        else if (pending == Pending::kTransparent) kind = Brace::kTransparent;
        braces_.push_back(kind);
        emit(kind == Brace::kTransparent ? " " : "(", 1);
    }

    void close_brace() {
        if (braces_.empty()) { emit(" ", 1); return; }
        const Brace kind = braces_.back();
        braces_.pop_back();
        switch (kind) {
        case Brace::kNumerator:
            emit(")/", 1);
            pending_ = Pending::kDenominator;
            break;
        case Brace::kDenominator: emit("))", 1); break;
        case Brace::kTransparent: emit(" ", 1); break;
        default: emit(")", 1); break;
        }
    }

    void command() {
        const std::size_t start = i_;
        std::size_t j = i_ + 1;
        while (j < source_.size() && is_letter(source_[j])) ++j;
        if (j == i_ + 1) { // a one-character command: \\ \[ \( \, \{ \%
            const char c = i_ + 1 < source_.size() ? source_[i_ + 1] : ' ';
            const std::size_t n = i_ + 1 < source_.size() ? 2 : 1;
            if (c == '\\') emit("\n", n);
            else if (c == '{') emit("(", n);
            else if (c == '}') emit(")", n);
            else if (c == '%') emit("%", n);
            else if (c == '[' || c == ']' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' || c == '!' || c == ' ') emit(" ", n);
            else emit("\\", 1); // unknown: a backslash, which no claim may touch
            return;
        }
        const std::string_view name = source_.substr(i_ + 1, j - i_ - 1);
        const std::size_t n = j - start;
        static constexpr auto kSymbols = std::to_array<std::pair<std::string_view, std::string_view>>({
            {"times", "×"}, {"div", "÷"}, {"cdot", "·"}, {"ast", "*"}, {"neq", "≠"}, {"ne", "≠"},
            {"leq", "≤"}, {"le", "≤"}, {"geq", "≥"}, {"ge", "≥"}, {"approx", "≈"}, {"Rightarrow", "→"},
            {"implies", "→"}, {"rightarrow", "→"}, {"to", "→"}, {"Longrightarrow", "→"},
            {"longrightarrow", "→"}, {"iff", "→"}, {"quad", " "}, {"qquad", " "}, {"cdots", "…"},
            {"ldots", "…"}, {"dots", "…"}, {"circ", "°"},
        });
        for (const auto & [command_name, replacement] : kSymbols) {
            if (name == command_name) { emit(replacement, n); return; }
        }
        static constexpr auto kDelimiterSizes = std::to_array<std::string_view>({
            "left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr"});
        static constexpr auto kTransparent = std::to_array<std::string_view>({
            "text", "mathrm", "textbf", "mathbf", "textit", "mathit", "operatorname", "boxed", "mbox", "textrm", "bm"});
        if (name == "frac" || name == "dfrac" || name == "tfrac") {
            if (source_.substr(skip_spaces(source_, j), 1) != "{") { emit("\\", n); return; }
            emit("(", n);
            pending_ = Pending::kNumerator;
        } else if (name == "sqrt") {
            if (source_.substr(j, 1) == "[") emit("\\", n); // an n-th root: not read
            else emit("√", n);
        } else if (is_one_of(name, kDelimiterSizes)) {
            emit("", n + (source_.substr(j, 1) == "." ? 1 : 0)); // \left. is an invisible delimiter
        } else if (is_one_of(name, kTransparent)) {
            emit(" ", n);
            pending_ = Pending::kTransparent;
        } else if (name == "begin" || name == "end") {
            emit(" ", n);
            pending_ = Pending::kEnvironment;
        } else if (name == "displaystyle") {
            emit(" ", n);
        } else {
            emit("\\", n); // \pi, \sin, \log …: a backslash, which no claim may touch
        }
    }

    enum class Pending { kNone, kNumerator, kDenominator, kTransparent, kEnvironment };

    std::string_view source_;
    std::size_t i_ = 0;
    Normalized out_;
    std::vector<Brace> braces_;
    Pending pending_ = Pending::kNone;
};

// ---- Where a claim may start and end ------------------------------------------------------

// English words after which a calculation starts. Anything else (of, times, x, log, choose,
// than, from…) may be an operator the parser cannot read, so the claim would be cut.
constexpr auto kLeadWords = std::to_array<std::string_view>({
    "so", "thus", "hence", "therefore", "then", "we", "get", "got", "gives", "give", "giving", "have",
    "has", "had", "is", "are", "was", "were", "be", "it", "its", "that", "this", "which", "and",
    "because", "since", "as", "now", "check", "checking", "verify", "verifying", "compute",
    "computing", "calculate", "calculating", "becomes", "become", "yields", "leaves", "makes",
    "means", "first", "next", "finally", "also", "again", "total", "yes", "ok", "okay", "let",
    "set", "when", "for"});

// Chinese endings of the text before a calculation that make it part of something larger:
// "2乘以3=6", "百分之20×50", "负3+5", "大约 10/3=3.3", "如果 2+3=6".
constexpr auto kLeadCjkBlocked = std::to_array<std::string_view>({
    "乘以", "除以", "乘", "除", "加上", "加", "减去", "减", "的", "倍", "和", "差", "积", "商", "方",
    "根号", "余", "模", "之", "负", "正", "约", "近似", "如果", "假如", "假设", "若", "是否", "并非",
    "不是", "比", "对", "乘上", "再", "个", "第"});

// Words after a value that show it is not the whole value, or not asserted.
constexpr auto kTrailWordsBlocked = std::to_array<std::string_view>({
    "x", "times", "of", "by", "plus", "minus", "over", "divided", "multiplied", "mod", "modulo",
    "squared", "cubed", "to", "percent", "point", "thousand", "million", "billion", "hundred",
    "remainder", "r", "rem", "with", "approximately", "approx", "roughly", "about", "nearly",
    "almost", "isn", "wasn", "not", "wrong", "incorrect", "no", "e", "or"});

constexpr auto kTrailCjkBlocked = std::to_array<std::string_view>({
    "万", "亿", "千", "百", "十", "倍", "分", "点", "余", "次", "的", "乘", "除", "加", "减", "平方",
    "立方", "左右", "多", "吗", "不", "错", "约", "个半", "又", "？"});

// Markers of a model taking a claim back right after making it ("= 98. Wait, 46+48 = 94").
constexpr auto kRetractions = std::to_array<std::string_view>({
    "wait", "no,", "no.", "not ", "wrong", "mistake", "incorrect", "actually", "oops", "correction",
    "recalculat", "recomput", "let me re", "不对", "错", "不是", "重新", "应该是", "应为", "更正", "纠正", "其实"});

std::string ascii_word_before(std::string_view line, std::size_t end) {
    std::size_t b = end;
    while (b > 0 && is_letter(line[b - 1])) --b;
    return lower(line.substr(b, end - b));
}

std::string ascii_word_at(std::string_view line, std::size_t begin) {
    std::size_t e = begin;
    while (e < line.size() && is_letter(line[e])) ++e;
    return lower(line.substr(begin, e - begin));
}

// Whether the text before `start` lets a claim begin there. `previous_end` is where the last
// claim on the line ended: "2×23=46，4×12=48" is two claims, "12, 3+4 = 7" is a cut list.
bool lead_is_clean(std::string_view line, std::size_t start, std::size_t previous_end) {
    const std::size_t j = skip_spaces_back(line, start);
    if (j == 0) return true;
    const std::size_t p = previous_character(line, j);
    const char c = line[p];
    if (is_letter(c)) return is_one_of(ascii_word_before(line, j), kLeadWords);
    if (static_cast<unsigned char>(c) < 0x80) {
        const std::size_t before = skip_spaces_back(line, p);
        const char b = before > 0 ? line[previous_character(line, before)] : ' ';
        switch (c) {
        case ',':
            return !(is_digit(b) || is_letter(b) || b == ')') || before == previous_end;
        case ':': return !(p > 0 && is_digit(line[p - 1]) && start == p + 1); // 3:4 is a ratio, 3:45 a time
        case '=':
            // "鸡的脚数 = 2×23 = 46": a label the parser does not read ends at the '=', so the
            // calculation after it is whole.
            return before > 0 && (is_letter(b) || is_cjk_ideograph(character_at(line, previous_character(line, before)).code_point));
        case ')': {
            // Only a list number "(1)" or "1)" may stand before a claim.
            std::size_t k = p;
            while (k > 0 && is_digit(line[k - 1])) --k;
            return k < p && (k == 0 || line[k - 1] == '(' || line[k - 1] == ' ');
        }
        case '.': case ';': case '(': case '[': case '"': case '\'': case '!': case '?': case '#': return true;
        default: return false;
        }
    }
    const char32_t cp = character_at(line, p).code_point;
    if (is_cjk_ideograph(cp)) {
        const std::string_view before = line.substr(0, j);
        return std::none_of(kLeadCjkBlocked.begin(), kLeadCjkBlocked.end(), [&](std::string_view w) { return ends_with(before, w); });
    }
    if (cp == 0xFF1A) return !(p > 0 && (is_digit(line[p - 1]) || is_full_width_digit(character_at(line, previous_character(line, p)).code_point)));
    static constexpr auto kPunctuation = std::to_array<std::uint32_t>({
        0xFF0C, 0x3002, 0xFF1B, 0x3001, 0xFF08, 0x3010, 0x300C, 0x201C, 0xFF01, 0xFF1F, 0x2192, 0x2018, 0x300A, 0x2014});
    return std::find(kPunctuation.begin(), kPunctuation.end(), cp) != kPunctuation.end();
}

// Whether the text after `end` lets a claim's last value end there.
bool trail_is_clean(std::string_view line, std::size_t end) {
    const std::size_t j = skip_spaces(line, end);
    if (j >= line.size()) return true;
    const char c = line[j];
    if (is_letter(c)) {
        const std::string first = ascii_word_at(line, j);
        if (is_one_of(first, kTrailWordsBlocked)) return false;
        if (first == "is" || first == "was") {
            const std::string second = ascii_word_at(line, skip_spaces(line, j + first.size()));
            return second != "wrong" && second != "not" && second != "incorrect" && second != "false";
        }
        return true;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
        const char next = j + 1 < line.size() ? line[j + 1] : ' ';
        switch (c) {
        case '(': {
            // "= 46 (chickens)" is a remark; "= 2 (3+4)" may be a product written with a space.
            const std::size_t k = skip_spaces(line, j + 1);
            return k < line.size() && (is_letter(line[k]) || is_cjk_ideograph(character_at(line, k).code_point));
        }
        case '.': return next != '.';
        case ':': return !(j == end && is_digit(next));
        case ',': case ';': case ')': case ']': case '"': case '\'': case '#': case '&': return true;
        default: return false;
        }
    }
    const std::string_view rest = line.substr(j);
    if (starts_with(rest, "（")) {
        const std::size_t k = skip_spaces(line, j + 3);
        return k < line.size() && (is_letter(line[k]) || is_cjk_ideograph(character_at(line, k).code_point));
    }
    if (std::any_of(kTrailCjkBlocked.begin(), kTrailCjkBlocked.end(), [&](std::string_view w) { return starts_with(rest, w); }))
        return false;
    const auto [cp, length] = character_at(line, j);
    if (is_cjk_ideograph(cp)) return true;
    if (cp == 0xFF1A) return !(j + length < line.size() && is_digit(line[j + length]));
    static constexpr auto kPunctuation = std::to_array<std::uint32_t>({
        0xFF0C, 0x3002, 0xFF1B, 0x3001, 0xFF09, 0x3011, 0x300D, 0x201D, 0xFF01, 0x2192, 0xB0, 0x2019, 0x300B, 0x2713, 0x2714});
    return std::find(kPunctuation.begin(), kPunctuation.end(), cp) != kPunctuation.end();
}

// A claim in a question ("Is 2+3 = 6?") is not asserted.
bool ends_in_question(std::string_view line, std::size_t end) {
    for (std::size_t i = end; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '?') return true;
        if (c == '!' || (c == '.' && !(i > 0 && is_digit(line[i - 1]) && i + 1 < line.size() && is_digit(line[i + 1]))))
            return false;
        const std::string_view rest = line.substr(i);
        if (starts_with(rest, "？")) return true;
        if (starts_with(rest, "。") || starts_with(rest, "！")) return false;
    }
    return false;
}

bool retracted_after(std::string_view text, std::size_t end) {
    const std::string window = lower(text.substr(end, 160));
    return std::any_of(kRetractions.begin(), kRetractions.end(),
                       [&](std::string_view marker) { return window.find(marker) != std::string::npos; });
}

// Connectors between two forms of one equation: "2x+3=7, 2x=4, x=2", "3b+1=12 → b=11/3",
// "2x = 4. So x = 2", "移项得 2x=4". No digits may stand between them.
constexpr auto kStepWords = std::to_array<std::string_view>({
    "so", "thus", "hence", "therefore", "then", "we", "get", "gives", "give", "which", "means", "and",
    "i", "e", "simplifies", "to"});
constexpr auto kStepCjk = std::to_array<std::string_view>({
    "所以", "因此", "即", "得到", "解得", "化简得", "化简", "整理得", "整理", "移项得", "移项", "合并得",
    "合并同类项得", "于是", "从而", "故", "则", "也就是说", "也就是", "那么", "可得", "得", "有", "就是"});
constexpr auto kStepMarks = std::to_array<std::string_view>({",", "，", ".", "。", ":", "：", "→", ";", "；", "、"});

bool is_step_gap(std::string_view gap) {
    int newlines = 0;
    for (std::size_t i = 0; i < gap.size();) {
        std::size_t n;
        if (gap[i] == '\n') {
            if (++newlines > 1) return false;
            ++i;
            continue;
        }
        if (is_space_at(gap, i, &n)) { i += n; continue; }
        if (is_letter(gap[i])) {
            const std::string word = ascii_word_at(gap, i);
            if (!is_one_of(word, kStepWords)) return false;
            i += word.size();
            continue;
        }
        const std::string_view rest = gap.substr(i);
        std::size_t matched = 0;
        for (std::string_view w : kStepMarks) if (!matched && starts_with(rest, w)) matched = w.size();
        for (std::string_view w : kStepCjk) if (!matched && starts_with(rest, w)) matched = w.size();
        if (!matched) return false;
        i += matched;
    }
    return true;
}

// ---- Checking -----------------------------------------------------------------------------

// Odd rational points at which two sides are compared as functions of their variables.
const std::array<Rational, 6> & test_points() {
    static const std::array<Rational, 6> points = {Rational(7, 3), Rational(-5, 11), Rational(13, 7),
                                                   Rational(29, 5), Rational(-31, 13), Rational(17, 19)};
    return points;
}

// left − right at each test point; nothing when either side is undefined at one of them.
std::optional<std::vector<Rational>> differences(const Expression & left, const Expression & right,
                                                 const std::vector<std::string> & names) {
    std::vector<Rational> out;
    const auto & points = test_points();
    for (std::size_t i = 0; i < points.size(); ++i) {
        Bindings at;
        for (std::size_t j = 0; j < names.size(); ++j) at[names[j]] = points[(i + j) % points.size()] + static_cast<long>(j);
        const Evaluation l = evaluate(left, at);
        const Evaluation r = evaluate(right, at);
        if (!l.ok() || !r.ok()) return std::nullopt;
        out.push_back(l.value - r.value);
    }
    return out;
}

bool is_literal(const Expression & e) {
    return e.kind == Kind::kNumber || (e.kind == Kind::kNegate && e.operands[0].kind == Kind::kNumber);
}

// An equation in one variable, kept to compare with the next form of it.
struct Equation {
    std::string variable;
    std::vector<Rational> difference; // left − right at the test points
    std::optional<Rational> solution; // when linear
    bool solved = false;              // "x = 5"
    std::size_t begin = 0, end = 0;   // in the normalized text
    std::string text;
};

struct Finding {
    std::size_t begin = 0; // in the normalized text
    std::string evidence;
    std::string sentence_zh;
    std::string sentence_en;
};

class Checker {
public:
    Checker(std::string_view original, Normalized normalized, Language language)
        : original_(original), norm_(std::move(normalized)), language_(language) {}

    Verdict run() {
        const std::string_view text = norm_.text;
        for (std::size_t line_begin = 0; line_begin <= text.size() && !finding_;) {
            std::size_t line_end = text.find('\n', line_begin);
            if (line_end == std::string_view::npos) line_end = text.size();
            scan_line(line_begin, text.substr(line_begin, line_end - line_begin));
            line_begin = line_end + 1;
        }
        Verdict v;
        v.verifier = "arithmetic";
        const bool zh = language_ == Language::kChinese;
        if (finding_) {
            v.outcome = Outcome::kFail;
            v.offset = norm_.origin[finding_->begin];
            v.evidence = finding_->evidence;
            const std::size_t line = 1 + static_cast<std::size_t>(std::count(original_.begin(), original_.begin() + v.offset, '\n'));
            v.sentence = zh ? "第" + std::to_string(line) + "行" + finding_->sentence_zh : finding_->sentence_en;
        } else if (checked_ > 0) {
            v.outcome = Outcome::kPass;
            v.sentence = zh ? "核对了 " + std::to_string(checked_) + " 处计算，全部正确。"
                            : "All " + std::to_string(checked_) + " checked calculations are right.";
        } else {
            v.outcome = Outcome::kUnknown;
            v.sentence = zh ? "文中没有可以核对的计算。" : "The text has no calculation that can be checked.";
        }
        return v;
    }

private:
    std::string show(std::size_t begin, std::size_t end) const {
        std::string out;
        bool space = false;
        for (char c : norm_.text.substr(begin, end - begin)) {
            if (c == ' ' || c == '\t') { space = !out.empty(); continue; }
            if (space) out += ' ';
            space = false;
            out += c;
        }
        return out;
    }

    // Where a parse of the line may start: the first character of a token that can open an
    // expression, not the middle of a word or a number.
    static bool can_start(std::string_view line, std::size_t i) {
        if (i > 0) {
            const char p = line[i - 1];
            if (is_letter(p) || is_digit(p) || p == '.' || p == '_' || p == '\\') return false;
            if (is_full_width_digit(character_at(line, previous_character(line, i)).code_point)) return false;
        }
        const char c = line[i];
        if (is_letter(c) || is_digit(c) || c == '(') return true;
        const auto [cp, n] = character_at(line, i);
        if (is_full_width_digit(cp) || cp == 0xFF08 || cp == 0x221A) return true;
        const bool sign = c == '-' || c == '+' || cp == 0x2212 || cp == 0xFF0D || cp == 0xFF0B;
        // A sign followed by a space is a dash in prose ("chickens - 2×23 = 46").
        return sign && i + n < line.size() && line[i + n] != ' ';
    }

    static constexpr std::size_t kWindow = 2048;

    void scan_line(std::size_t line_begin, std::string_view line) {
        ParseOptions options;
        options.cjk_names = false;
        options.logic = false;
        options.prefix = true;
        std::size_t previous_end = std::string_view::npos;
        for (std::size_t i = 0; i < line.size() && !finding_;) {
            if (!can_start(line, i)) {
                i += character_at(line, i).length;
                continue;
            }
            // No claim is longer than a window; bounding the parse keeps a long line linear.
            const std::string_view window = line.substr(i, kWindow);
            const bool cut = window.size() < line.size() - i;
            ParseResult parsed = parse_expression(window, options);
            if (!parsed.expression || parsed.expression->kind != Kind::kCompare) {
                // A start inside an expression without a comparison would only read a piece of
                // it, so the scan resumes after it; this keeps long formulas linear.
                i += std::max(character_at(line, i).length, parsed.expression ? parsed.length : 0);
                continue;
            }
            const Expression & chain = *parsed.expression;
            const std::size_t start = i + chain.begin;
            const std::size_t end = i + chain.end;
            const bool reaches_cut = cut && skip_spaces(window, chain.end) == window.size();
            check_chain(line_begin, line, i, chain, lead_is_clean(line, start, previous_end),
                        !reaches_cut && trail_is_clean(line, end) && !ends_in_question(line, end));
            previous_end = end;
            i = end;
        }
    }

    struct Link {
        const Expression & left;
        const Expression & right;
        Comparison comparison;
        std::size_t begin; // in the normalized text
        std::size_t end;
    };

    // A date (2024-01-01) or a code (007) has numbers with leading zeros; arithmetic does not.
    static bool has_leading_zero_number(std::string_view s) {
        for (std::size_t i = 0; i + 1 < s.size(); ++i)
            if (s[i] == '0' && is_digit(s[i + 1]) && (i == 0 || !(is_digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',')))
                return true;
        return false;
    }

    void check_chain(std::size_t line_begin, std::string_view line, std::size_t base, const Expression & chain,
                     bool lead_clean, bool trail_clean) {
        if (has_leading_zero_number(line.substr(base + chain.begin, chain.end - chain.begin))) return;
        const std::size_t last = chain.comparisons.size() - 1;
        for (std::size_t k = 0; k <= last && !finding_; ++k) {
            if ((k == 0 && !lead_clean) || (k == last && !trail_clean)) {
                equation_.reset(); // a cut claim breaks a sequence of equation steps
                continue;
            }
            const Expression & left = chain.operands[k];
            const Expression & right = chain.operands[k + 1];
            Link link{left, right, chain.comparisons[k], line_begin + base + left.begin, line_begin + base + right.end};
            std::vector<std::string> names = variables_of(left);
            for (const std::string & name : variables_of(right))
                if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
            if (names.empty()) check_numbers(link);
            else check_variables(link, names, line_begin + base);
        }
    }

    void fail(const Link & link, std::string evidence, std::string zh, std::string en) {
        if (retracted_after(norm_.text, link.end)) return;
        finding_ = Finding{link.begin, std::move(evidence), std::move(zh), std::move(en)};
    }

    void check_numbers(const Link & link) {
        if (is_literal(link.left) && is_literal(link.right)) return; // "98 ≠ 94", "12 = 12": nothing computed
        const std::size_t offset = link.begin - link.left.begin;
        if (adds_percent(link.left, offset) || adds_percent(link.right, offset)) return;
        const Evaluation l = evaluate(link.left);
        const Evaluation r = evaluate(link.right);
        if (!l.ok() || !r.ok()) return;
        const std::string lt = show(link.begin, offset + link.left.end);
        const std::string rt = show(offset + link.right.begin, link.end);
        const std::string op = show(offset + link.left.end, offset + link.right.begin);
        if (link.comparison != Comparison::kEqual) {
            Expression pair{Kind::kCompare, {}, {}, {link.left, link.right}, {link.comparison}};
            if (evaluate(pair).value != 0) { ++checked_; return; }
            const std::string sides = is_literal(link.right) ? to_display(l.value)
                                                             : to_display(l.value) + ", " + to_display(r.value);
            fail(link, lt + " " + op + " " + rt + " (the sides are " + sides + ")",
                 "的比较 " + lt + op + rt + " 不成立：左边是 " + to_display(l.value) +
                     (is_literal(link.right) ? "" : "，右边是 " + to_display(r.value)) + "。",
                 "The comparison " + lt + " " + op + " " + rt + " is false: the left side is " + to_display(l.value) +
                     (is_literal(link.right) ? "" : " and the right side is " + to_display(r.value)) + ".");
            return;
        }
        if (l.value == r.value) { ++checked_; return; }
        if (is_rounding(link, l.value, r.value, offset)) return;
        std::string value_en, value_zh;
        if (is_literal(link.right) || is_literal(link.left)) {
            const Rational & computed = is_literal(link.right) ? l.value : r.value;
            value_en = "it is " + to_display(computed);
            value_zh = "应为 " + to_display(computed);
        } else {
            value_en = "the left side is " + to_display(l.value) + ", the right side " + to_display(r.value);
            value_zh = "左边是 " + to_display(l.value) + "，右边是 " + to_display(r.value);
        }
        fail(link, lt + " = " + rt + " (" + value_en + ")", "的计算 " + lt + "=" + rt + " 有误：" + value_zh + "。",
             "The step " + lt + " = " + rt + " is wrong: " + value_en + ".");
    }

    bool is_percent_literal(const Expression & e, std::size_t offset) const {
        if (e.kind != Kind::kNumber) return false;
        const std::string_view t = std::string_view(norm_.text).substr(offset + e.begin, e.end - e.begin);
        return ends_with(t, "%") || ends_with(t, "％");
    }

    // "100 - 20% = 80" means 100 less a fifth in shops and in models' prose, 99.8 to the parser.
    bool adds_percent(const Expression & e, std::size_t offset) const {
        if ((e.kind == Kind::kAdd || e.kind == Kind::kSubtract) &&
            is_percent_literal(e.operands[0], offset) != is_percent_literal(e.operands[1], offset))
            return true;
        return std::any_of(e.operands.begin(), e.operands.end(), [&](const Expression & o) { return adds_percent(o, offset); });
    }

    // "10/3 = 3.33" and "100 ÷ 3 = 33" are roundings, not mistakes a verifier should call.
    bool is_rounding(const Link & link, const Rational & l, const Rational & r, std::size_t offset) const {
        for (const auto & [literal, exact] : {std::pair{&link.right, &l}, std::pair{&link.left, &r}}) {
            if (!is_literal(*literal)) continue;
            const Rational & written = literal == &link.right ? r : l;
            const std::string digits = show(offset + literal->begin, offset + literal->end);
            const std::size_t point = digits.find_first_of(".．");
            if (point != std::string::npos) {
                std::size_t places = 0;
                for (std::size_t i = point + 1; i < digits.size(); ++i) places += is_digit(digits[i]) ? 1 : 0;
                mpz_class unit;
                mpz_ui_pow_ui(unit.get_mpz_t(), 10, places);
                if (abs(*exact - written) <= Rational(1) / Rational(unit)) return true;
            } else if (written.get_den() == 1 && exact->get_den() != 1) {
                mpz_class floor;
                mpz_fdiv_q(floor.get_mpz_t(), exact->get_num().get_mpz_t(), exact->get_den().get_mpz_t());
                if (written == Rational(floor) || written == Rational(floor + 1)) return true;
            }
        }
        return false;
    }

    void check_variables(const Link & link, const std::vector<std::string> & names, std::size_t offset) {
        if (link.comparison != Comparison::kEqual) return;
        for (const std::string & name : names)
            if (name.size() != 1) return; // "cm", "legs", "Total": units and words, not unknowns
        if (adds_percent(link.left, offset) || adds_percent(link.right, offset)) return;
        const auto d = differences(link.left, link.right, names);
        if (!d) return;
        const std::string lt = show(link.begin, offset + link.left.end);
        const std::string rt = show(offset + link.right.begin, link.end);
        const bool constant = std::all_of(d->begin(), d->end(), [&](const Rational & x) { return x == d->front(); });
        if (constant && d->front() == 0) { // an identity: (b+2)+b+(b−1) = 3b+1
            ++checked_;
            return;
        }
        const bool both_sides_vary = !variables_of(link.left).empty() && !variables_of(link.right).empty();
        if (constant && both_sides_vary) {
            // Whatever the variables are, the sides differ: wrong as an identity and as an equation.
            std::string list;
            for (const std::string & name : names) list += (list.empty() ? "" : ", ") + name;
            const std::string diff = to_display(d->front());
            fail(link, lt + " = " + rt + " (left minus right is " + diff + " for every " + list + ")",
                 "的等式 " + lt + "=" + rt + " 有误：无论 " + list + " 取何值，左边减右边都等于 " + diff + "。",
                 "The step " + lt + " = " + rt + " is wrong: the left side minus the right side is " + diff +
                     " whatever " + list + " is.");
            return;
        }
        if (names.size() != 1) {
            equation_.reset();
            return;
        }
        Equation e;
        e.variable = names.front();
        e.difference = *d;
        e.solved = (link.left.kind == Kind::kVariable && variables_of(link.right).empty()) ||
                   (link.right.kind == Kind::kVariable && variables_of(link.left).empty());
        e.begin = link.begin;
        e.end = link.end;
        e.text = lt + " = " + rt;
        e.solution = linear_root(e.difference);
        step(link, std::move(e));
    }

    // The root of a linear function known at the test points, or nothing when it is not linear.
    static std::optional<Rational> linear_root(const std::vector<Rational> & d) {
        const auto & x = test_points();
        const Rational slope = (d[1] - d[0]) / (x[1] - x[0]);
        if (slope == 0) return std::nullopt;
        for (std::size_t i = 2; i < d.size(); ++i)
            if (d[i] != d[0] + slope * (x[i] - x[0])) return std::nullopt;
        return Rational(x[0] - d[0] / slope);
    }

    // One more form of the equation in a sequence of steps. Steps are compared only when
    // nothing but connectors stands between them, and never from a hypothesis: after "x = 3"
    // a model may write what follows from it, and two solved forms in one sequence ("t=1:
    // 3t+1=4, t=2: 3t+1=7") are trials, not steps.
    void step(const Link & link, Equation e) {
        const bool linked = equation_ && equation_->variable == e.variable &&
                            is_step_gap(std::string_view(norm_.text).substr(equation_->end, e.begin - equation_->end));
        if (!linked) {
            solved_in_sequence_ = e.solved ? 1 : 0;
            trials_ = false;
            equation_ = std::move(e);
            return;
        }
        if (e.solved && ++solved_in_sequence_ > 1) trials_ = true;
        const Equation previous = *equation_;
        equation_ = e;
        if (trials_ || previous.solved) return;
        if (previous.solution && e.solution) {
            if (*previous.solution == *e.solution) { ++checked_; return; }
            const std::string before = e.variable + " = " + to_display(*previous.solution);
            const std::string after = e.variable + " = " + to_display(*e.solution);
            fail(link, previous.text + " → " + e.text + " (" + before + " before, " + after + " after)",
                 "从 " + previous.text + " 到 " + e.text + " 的变形有误：前者得 " + before + "，后者得 " + after + "。",
                 "The step from " + previous.text + " to " + e.text + " is wrong: the first gives " + before +
                     ", the second " + after + ".");
            return;
        }
        // Not both linear: a nonzero constant multiple is a sound step; anything else is skipped,
        // since squaring or dividing by the variable legitimately changes the solutions.
        if (previous.difference[0] == 0) return;
        const Rational factor = e.difference[0] / previous.difference[0];
        if (factor == 0) return;
        for (std::size_t i = 0; i < e.difference.size(); ++i)
            if (e.difference[i] != factor * previous.difference[i]) return;
        ++checked_;
    }

    std::string_view original_;
    Normalized norm_;
    Language language_;
    std::optional<Finding> finding_;
    int checked_ = 0;
    std::optional<Equation> equation_; // the last equation seen, for the next step
    int solved_in_sequence_ = 0;
    bool trials_ = false;
};

} // namespace

Verdict check_arithmetic(std::string_view text, Language language) {
    return Checker(text, Normalizer(text).run(), language).run();
}

} // namespace r1tune::verify

#include "verify/answer_extraction.h"

#include "verify/chinese_numerals.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <utility>

#include "text/characters.h"

namespace r1tune::verify {

namespace {

using text::character_at;
using text::is_cjk_ideograph;
using text::previous_character;

constexpr std::size_t kNone = std::string::npos;

// ---------------------------------------------------------------------------------------------
// Characters

bool starts_with_at(std::string_view s, std::size_t i, std::string_view prefix) {
    return i <= s.size() && s.substr(i, prefix.size()) == prefix;
}

bool starts_with_at_nocase(std::string_view s, std::size_t i, std::string_view prefix) {
    if (i + prefix.size() > s.size()) return false;
    for (std::size_t k = 0; k < prefix.size(); ++k) {
        if (std::tolower(static_cast<unsigned char>(s[i + k])) != prefix[k]) return false;
    }
    return true;
}

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool is_digit_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return false;
    if (s[i] >= '0' && s[i] <= '9') return true;
    return starts_with_at(s, i, "\xEF\xBC") && i + 2 < s.size() &&
           static_cast<unsigned char>(s[i + 2]) >= 0x90 && static_cast<unsigned char>(s[i + 2]) <= 0x99;
}

// A CJK ideograph that is not part of a numeral: the stuff of Chinese names and units.
bool is_name_char(std::string_view s, std::size_t i) {
    return i < s.size() && is_cjk_ideograph(character_at(s, i).code_point) && !starts_chinese_numeral(s.substr(i));
}

template <typename Options>
std::size_t match_any(std::string_view s, std::size_t i, const Options & options) {
    std::size_t best = 0;
    for (std::string_view option : options) {
        if (option.size() > best && starts_with_at(s, i, option)) best = option.size();
    }
    return best;
}

std::size_t match_any(std::string_view s, std::size_t i, std::initializer_list<std::string_view> options) {
    return match_any<std::initializer_list<std::string_view>>(s, i, options);
}

// The longest of `options` ending exactly at `i` (and starting at or after `floor`).
std::size_t match_any_before(std::string_view s, std::size_t floor, std::size_t i,
                             std::initializer_list<std::string_view> options) {
    std::size_t best = 0;
    for (std::string_view option : options) {
        if (option.size() > best && option.size() <= i - floor && s.substr(i - option.size(), option.size()) == option) {
            best = option.size();
        }
    }
    return best;
}

std::size_t skip_spaces(std::string_view s, std::size_t i, std::size_t end) {
    while (i < end && is_space(s[i])) ++i;
    return i;
}

std::size_t skip_spaces_back(std::string_view s, std::size_t floor, std::size_t i) {
    while (i > floor && is_space(s[i - 1])) --i;
    return i;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char & c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool contains_any(std::string_view s, std::initializer_list<std::string_view> needles) {
    return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) { return s.find(n) != kNone; });
}

// ---------------------------------------------------------------------------------------------
// Cleaning: LaTeX and Markdown become plain text, every byte remembering where it came from, so
// one set of scanners reads "\dfrac{3}{4}", "**23**" and "$12" alike.

struct Clean {
    std::string text;
    std::vector<std::size_t> origin; // source offset of each byte of `text`
    std::vector<std::pair<std::size_t, std::size_t>> boxes; // contents of \boxed{…}, in `text`
};

class Cleaner {
public:
    explicit Cleaner(std::string_view source) : src_(source) {}

    Clean run() {
        clean(0, src_.size());
        return std::move(out_);
    }

private:
    void emit(std::string_view bytes, std::size_t origin) {
        for (char c : bytes) {
            out_.text += c;
            out_.origin.push_back(origin);
        }
    }

    void copy(std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) emit(src_.substr(i, 1), i);
    }

    // The index of the '}' closing the '{' at `open`, or `end` when it is never closed.
    std::size_t group_end(std::size_t open, std::size_t end) const {
        int depth = 0;
        for (std::size_t i = open; i < end; ++i) {
            if (src_[i] == '\\') { ++i; continue; }
            if (src_[i] == '{') ++depth;
            if (src_[i] == '}' && --depth == 0) return i;
        }
        return end;
    }

    // A group holding a plain number, so \frac of it can be written a/b.
    bool plain_number(std::size_t from, std::size_t to) const {
        std::string_view body = src_.substr(from, to - from);
        while (!body.empty() && is_space(body.front())) body.remove_prefix(1);
        while (!body.empty() && is_space(body.back())) body.remove_suffix(1);
        if (!body.empty() && body.front() == '-') body.remove_prefix(1);
        return !body.empty() && std::all_of(body.begin(), body.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == '.' || c == ',';
        });
    }

    // A '$' directly before a digit with no '$' later on its line is a currency sign, not math.
    bool currency_dollar(std::size_t i, std::size_t end) const {
        if (i + 1 >= end || !(src_[i + 1] >= '0' && src_[i + 1] <= '9')) return false;
        for (std::size_t j = i + 1; j < end && src_[j] != '\n'; ++j) {
            if (src_[j] == '$') return false;
        }
        return true;
    }

    void command(std::size_t & i, std::size_t end) {
        std::size_t j = i + 1;
        while (j < end && is_alpha(src_[j])) ++j;
        if (j == i + 1) { // a symbol: \, \; \% \$ \( \[ \\ …
            const char c = i + 1 < end ? src_[i + 1] : ' ';
            if (c == '%' || c == '$') emit(std::string_view(&c, 1), i);
            else if (c == '\\') emit("\n", i);
            else emit(" ", i);
            i += 2;
            return;
        }
        const std::string_view name = src_.substr(i + 1, j - i - 1);
        std::size_t brace = skip_spaces(src_, j, end);
        const bool has_group = brace < end && src_[brace] == '{';
        static constexpr std::array<std::string_view, 12> kTransparent = {
            "text", "textbf", "textrm", "textit", "mathrm", "mathbf", "mathit", "mbox", "emph",
            "operatorname", "bm", "displaystyle"};
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kSymbols = {{
            {"times", "×"}, {"cdot", "·"}, {"div", "÷"}, {"pm", "±"}, {"ne", "≠"}, {"neq", "≠"},
            {"approx", "≈"}, {"le", "≤"}, {"leq", "≤"}, {"ge", "≥"}, {"geq", "≥"}, {"sqrt", "√"},
            {"pi", "π"}, {"infty", "∞"}, {"emptyset", "∅"}, {"varnothing", "∅"}, {"quad", " "},
            {"qquad", " "}, {"left", ""}, {"right", ""}}};
        if ((name == "boxed" || name == "fbox") && has_group) {
            const std::size_t close = group_end(brace, end);
            const std::size_t begin = out_.text.size();
            clean(brace + 1, close);
            out_.boxes.emplace_back(begin, out_.text.size());
            i = std::min(close + 1, end);
            return;
        }
        if (std::find(kTransparent.begin(), kTransparent.end(), name) != kTransparent.end()) {
            if (!has_group) { i = j; return; }
            const std::size_t close = group_end(brace, end);
            clean(brace + 1, close);
            i = std::min(close + 1, end);
            return;
        }
        if ((name == "frac" || name == "dfrac" || name == "tfrac" || name == "cfrac") && has_group) {
            const std::size_t num_close = group_end(brace, end);
            const std::size_t den_open = skip_spaces(src_, num_close + 1, end);
            if (den_open < end && src_[den_open] == '{') {
                const std::size_t den_close = group_end(den_open, end);
                if (plain_number(brace + 1, num_close) && plain_number(den_open + 1, den_close)) {
                    clean(brace + 1, num_close);
                    emit("/", num_close);
                    clean(den_open + 1, den_close);
                    i = std::min(den_close + 1, end);
                    return;
                }
            }
        }
        if (name == "circ" || name == "degree") {
            if (!out_.text.empty() && out_.text.back() == '^') {
                out_.text.pop_back();
                out_.origin.pop_back();
            }
            emit("°", i);
            i = j;
            return;
        }
        for (const auto & [symbol, replacement] : kSymbols) {
            if (name == symbol) {
                emit(replacement, i);
                i = j;
                return;
            }
        }
        copy(i, j); // unknown: kept, so a box holding it reads as no rational number
        i = j;
    }

    void clean(std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end;) {
            const char c = src_[i];
            if (c == '\\') {
                command(i, end);
            } else if (c == '$') {
                if (currency_dollar(i, end)) emit("$", i);
                ++i;
            } else if (c == '*' && i + 1 < end && src_[i + 1] == '*') {
                i += 2; // Markdown bold
            } else if (c == '{' || c == '}') {
                ++i;
            } else {
                const std::size_t n = character_at(src_, i).length;
                copy(i, i + n);
                i += n;
            }
        }
    }

    std::string_view src_;
    Clean out_;
};

// ---------------------------------------------------------------------------------------------
// Numbers and units

struct Number {
    Rational value;
    std::size_t begin = 0, end = 0; // in the clean text, currency sign included
    bool percent = false;
    bool chinese = false;
    std::size_t chinese_characters = 0;
    std::string currency; // "$", "¥" written before the digits
};

bool is_operator_at(std::string_view s, std::size_t i) {
    return match_any(s, i, {"+", "-", "−", "－", "×", "*", "·", "÷", "/", "^", "＋"}) != 0;
}

bool is_operator_before(std::string_view s, std::size_t floor, std::size_t i) {
    return match_any_before(s, floor, i, {"+", "-", "−", "－", "×", "*", "·", "÷", "/", "^", "＋"}) != 0;
}

// What may stand before an operator for it to be an operator, not a sign or a bullet.
bool ends_operand(std::string_view s, std::size_t floor, std::size_t i) {
    if (i <= floor) return false;
    const char c = s[i - 1];
    if (is_alnum(c) || c == ')' || c == '%') return true;
    return match_any_before(s, floor, i, {"）", "²", "³", "０", "１", "２", "３", "４", "５", "６", "７", "８", "９"}) != 0;
}

// A minus that belongs to the number after it: "x = -3", "温度是-3度", "is -3"; not "35-12".
bool is_sign_at(std::string_view s, std::size_t floor, std::size_t i, std::size_t & length) {
    length = match_any(s, i, {"-", "−", "－"});
    if (length == 0 || !is_digit_at(s, i + length)) return false;
    if (i == floor) return true;
    const std::size_t before = skip_spaces_back(s, floor, i);
    if (!ends_operand(s, floor, before)) return true;
    return before < i && is_alpha(s[before - 1]); // "is -3": a word, a space, then the sign
}

std::optional<Number> read_arabic(std::string_view s, std::size_t i, std::size_t end) {
    auto literal = parse_number(s.substr(i, end - i));
    if (!literal) return std::nullopt;
    Number n;
    n.value = literal->value;
    n.percent = literal->percent;
    n.end = i + literal->length;
    // A fraction a/b of integers, but not a date such as 1/2/2024.
    if (!literal->percent && !literal->decimal && n.end + 1 < end && s[n.end] == '/' && is_digit_at(s, n.end + 1)) {
        auto den = parse_number(s.substr(n.end + 1, end - n.end - 1));
        const std::size_t den_end = den ? n.end + 1 + den->length : 0;
        if (den && !den->percent && !den->decimal && den->value != 0 && (den_end >= end || s[den_end] != '/')) {
            n.value /= den->value;
            n.end = den_end;
        }
    }
    // 3万, 2.5亿: Arabic digits with a Chinese multiplier.
    if (!n.percent) {
        static constexpr std::array<std::pair<std::string_view, unsigned>, 3> kMultipliers = {
            {{"万亿", 12}, {"亿", 8}, {"万", 4}}};
        for (const auto & [word, power] : kMultipliers) {
            if (starts_with_at(s, n.end, word)) {
                mpz_class scale;
                mpz_ui_pow_ui(scale.get_mpz_t(), 10, power);
                n.value *= scale;
                n.end += word.size();
                break;
            }
        }
    }
    return n;
}

std::optional<Number> read_number(std::string_view s, std::size_t floor, std::size_t i, std::size_t end) {
    std::size_t j = i;
    std::string currency;
    if (const std::size_t n = match_any(s, j, {"$", "¥", "￥", "€", "£"}); n != 0) {
        currency = s.substr(j, n);
        j += n;
    }
    std::size_t sign = 0;
    if (is_digit_at(s, j) || is_sign_at(s, floor, j, sign)) {
        auto number = read_arabic(s, j, end);
        if (!number) return std::nullopt;
        number->begin = i;
        number->currency = currency;
        return number;
    }
    if (!currency.empty()) return std::nullopt;
    if (const std::size_t neg = match_any(s, j, {"负", "負"}); neg != 0 && is_digit_at(s, j + neg)) {
        auto number = read_arabic(s, j + neg, end);
        if (!number) return std::nullopt;
        number->value = -number->value;
        number->begin = i;
        return number;
    }
    auto chinese = parse_chinese_number(s.substr(j, end - j));
    if (!chinese) return std::nullopt;
    Number n;
    n.value = chinese->value;
    n.percent = chinese->percent;
    n.begin = i;
    n.end = j + chinese->length;
    n.chinese = true;
    n.chinese_characters = chinese->characters;
    return n;
}

// Measure words: a name may follow them (23只鸡, 35个头).
constexpr std::string_view kMeasureWords[] = {
    "只", "个", "頭", "头", "条", "人", "名", "位", "本", "辆", "件", "支", "棵", "瓶", "箱", "盒", "袋",
    "包", "杯", "碗", "根", "张", "片", "颗", "粒", "朵", "匹", "枚", "份", "双", "对", "台", "把", "艘",
    "架", "座", "栋", "户", "家", "道", "题", "篇", "组", "串", "堆", "筐", "盆", "套", "块"};
// Units after which no name follows.
constexpr std::string_view kChineseUnits[] = {
    "元", "块钱", "岁", "天", "小时", "分钟", "秒钟", "秒", "年", "个月", "周", "星期", "米", "厘米",
    "毫米", "分米", "千米", "公里", "平方米", "平方厘米", "平方分米", "平方千米", "平方公里", "立方米",
    "立方厘米", "立方分米", "克", "千克", "公斤", "吨", "斤", "升", "毫升", "度", "倍", "亩", "公顷",
    "圈", "步", "次", "种", "页", "里"};
// ASCII units end at a word boundary ("5 m", not the m of "5 more").
constexpr std::string_view kAsciiUnits[] = {
    "km/h", "m/s", "km", "cm", "mm", "m", "kg", "mg", "g", "ml", "mL", "L", "h", "hr", "hrs", "min", "s",
    "sec", "mph", "ft", "lb", "lbs", "oz", "hours", "hour", "minutes", "minute", "seconds", "second",
    "days", "day", "weeks", "week", "months", "month", "years", "year", "dollars", "dollar", "cents",
    "cent", "yuan", "meters", "meter", "metres", "metre", "kilometers", "kilometres", "centimeters",
    "miles", "mile", "feet", "foot", "inches", "inch", "pounds", "kilograms", "grams", "liters",
    "litres", "degrees", "degree", "units", "square"};
constexpr std::string_view kSymbolUnits[] = {
    "cm²", "m²", "km²", "mm²", "cm³", "m³", "°C", "°F", "°", "℃"};

struct Unit {
    std::string text;
    std::size_t end = 0;
    bool measure = false;
    bool percent = false; // the word "percent"
};

std::optional<Unit> read_unit(std::string_view s, std::size_t i, std::size_t end) {
    for (std::size_t at : {i, skip_spaces(s, i, end)}) {
        if (const std::size_t n = match_any(s, at, kSymbolUnits); n != 0) return Unit{std::string(s.substr(at, n)), at + n};
        if (const std::size_t n = match_any(s, at, kMeasureWords); n != 0) return Unit{std::string(s.substr(at, n)), at + n, true};
        if (const std::size_t n = match_any(s, at, kChineseUnits); n != 0) return Unit{std::string(s.substr(at, n)), at + n};
        for (std::string_view word : {std::string_view("percent"), std::string_view("per cent")}) {
            if (starts_with_at_nocase(s, at, word) && (at + word.size() >= end || !is_alpha(s[at + word.size()]))) {
                return Unit{"", at + word.size(), false, true};
            }
        }
        std::size_t best = 0;
        for (std::string_view unit : kAsciiUnits) {
            const std::size_t after = at + unit.size();
            if (unit.size() > best && starts_with_at(s, at, unit) && (after >= end || !is_alpha(s[after]))) best = unit.size();
        }
        if (best != 0) {
            std::size_t after = at + best;
            if (s.substr(at, best) == "square") return std::nullopt; // "square meters" would need two words
            if (starts_with_at(s, after, "²") || starts_with_at(s, after, "³")) after += 2;
            return Unit{std::string(s.substr(at, after - at)), after};
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Names

// Words that are never the name of an answer's quantity.
bool is_stop_name(std::string_view name) {
    static constexpr std::array<std::string_view, 64> kStop = {
        "答案", "结果", "最终答案", "结论", "数", "个数", "数字", "总数", "总共", "一共", "共", "合计", "值",
        "第", "约", "大约", "案", "只有", "还有", "剩下", "部分", "方法", "情况", "步", "解", "得", "即", "今年", "现在",
        "answer", "there", "it", "this", "that", "which", "what", "total", "sum", "result", "value",
        "number", "solution", "count", "amount", "they", "these", "those", "here", "step", "and", "or",
        "is", "are", "was", "were", "the", "of", "to", "in", "on", "at", "by", "for", "with"};
    return std::find(kStop.begin(), kStop.end(), name) != kStop.end();
}

// English words that follow a number without naming what it counts.
bool is_stop_word_after(std::string_view word) {
    static constexpr std::array<std::string_view, 44> kStop = {
        "and", "or", "is", "are", "was", "were", "be", "the", "a", "an", "of", "to", "in", "on", "at",
        "by", "for", "with", "from", "times", "more", "less", "than", "plus", "minus", "each", "per",
        "so", "then", "which", "that", "this", "it", "as", "if", "but", "total", "altogether", "left",
        "remaining", "because", "since", "divided", "multiplied"};
    return std::find(kStop.begin(), kStop.end(), word) != kStop.end();
}

// Lower case, and "chickens"/"berries" as "chicken"/"berry", so both sides of a comparison agree.
std::string normalize_english(std::string_view word) {
    std::string out = lower(word);
    if (out.size() > 3 && out.ends_with("ies")) out.replace(out.size() - 3, 3, "y");
    else if (out.size() > 3 && out.back() == 's' && !out.ends_with("ss") && !out.ends_with("us")) out.pop_back();
    return out;
}

// Trims a run of ideographs to the name at its end: 所以鸡 → 鸡, 笼子里的鸡 → 鸡.
std::string_view cut_chinese_name(std::string_view run) {
    static constexpr std::string_view kCuts[] = {
        "所以", "因此", "因而", "于是", "那么", "综上", "总之", "可得", "解得", "求得", "得到", "可知",
        "其中", "以及", "即", "则", "故", "得", "和", "与", "及", "跟", "或", "的", "里", "中", "是", "有",
        "为", "共", "答", "设", "而", "且", "答案", "结果", "需要", "这个", "那个", "这", "那", "该", "其",
        "它", "他", "她", "我", "你", "们", "了", "约", "用", "就", "等于", "还", "都", "也", "少", "多",
        "剩", "比", "差", "每", "再", "又", "各", "分别", "全"};
    std::size_t cut = 0;
    for (std::string_view word : kCuts) {
        for (std::size_t at = run.find(word); at != kNone; at = run.find(word, at + 1)) {
            cut = std::max(cut, at + word.size());
        }
    }
    run.remove_prefix(cut);
    // A name is a word, not a clause: four characters at most.
    if (run.size() > 12) return {};
    return run;
}

// The ideographs ending at `i` (not before `floor`).
std::size_t chinese_run_start(std::string_view s, std::size_t floor, std::size_t i) {
    while (i > floor) {
        const std::size_t p = previous_character(s, i);
        if (p < floor || !is_name_char(s, p)) break;
        i = p;
    }
    return i;
}

struct Name {
    std::string text;
    std::size_t begin = 0;
};

// An identifier ending at `i`: an ASCII word (x, c, chickens) or a Chinese name.
std::optional<Name> identifier_before(std::string_view s, std::size_t floor, std::size_t i) {
    std::size_t b = i;
    while (b > floor && (is_alnum(s[b - 1]) || s[b - 1] == '_')) --b;
    while (b < i && !is_alpha(s[b])) ++b; // identifiers start with a letter: "2x" is not one
    if (b < i) {
        if (b > floor && (is_alnum(s[b - 1]) || s[b - 1] == '_')) return std::nullopt;
        return Name{normalize_english(s.substr(b, i - b)), b};
    }
    const std::size_t start = chinese_run_start(s, floor, i);
    if (start == i) return std::nullopt;
    const std::string_view name = cut_chinese_name(s.substr(start, i - start));
    if (name.empty()) return std::nullopt;
    return Name{std::string(name), i - name.size()};
}

// ---------------------------------------------------------------------------------------------
// Candidates: every number in the text, with what its context says about it.

struct Candidate {
    Quantity quantity;
    std::size_t begin = 0, end = 0; // clean span: name through unit or trailing name
    std::size_t number_begin = 0, number_end = 0;
    bool named = false;
    bool assigned = false;  // NAME = value
    bool operand = false;   // part of a calculation: 23×2, the 12 of 35 - 12
    bool step = false;      // a step or list number
    bool weak = false;      // a lone 一, or a single Chinese digit without a unit
    bool restates = false;  // the question holds the same value
    bool total = false;     // introduced as a total (共35只, in total): a summary beside the answer
};

bool is_boundary_before(std::string_view s, std::size_t floor, std::size_t b) {
    if (b <= floor) return true;
    const std::size_t p = previous_character(s, b);
    const char c = s[p];
    if (is_space(c) || c == '\n' || c == ',' || c == ';' || c == ':' || c == '(' || c == '$') return true;
    if (static_cast<unsigned char>(c) >= 0x80) return true; // CJK text or punctuation
    return false;
}

class CandidateReader {
public:
    // `question` lets a Chinese name stand right after a bare number when the question uses it.
    CandidateReader(std::string_view text, std::string_view question) : s_(text), question_(question) {}

    // Reads every candidate in [begin, end); names never reach back before `begin`.
    void read(std::size_t begin, std::size_t end, std::vector<Candidate> & out) {
        statement_ = begin;
        std::size_t floor = begin;
        for (std::size_t i = begin; i < end;) {
            if (can_start(floor, i)) {
                if (auto number = read_number(s_, statement_, i, end)) {
                    Candidate c = describe(*number, floor, end);
                    floor = c.end;
                    i = std::max(c.end, number->end);
                    out.push_back(std::move(c));
                    continue;
                }
            }
            if (starts_chinese_numeral(s_.substr(i))) { // an unreadable run such as 万一 or 三四
                while (i < end && starts_chinese_numeral(s_.substr(i))) i += character_at(s_, i).length;
                continue;
            }
            if (is_digit_at(s_, i) || is_alnum(s_[i])) { // digits inside an identifier: x1, H2O
                while (i < end && (is_alnum(s_[i]) || s_[i] == '_' || is_digit_at(s_, i))) i += character_at(s_, i).length;
                continue;
            }
            i += character_at(s_, i).length;
        }
    }

private:
    bool can_start(std::size_t floor, std::size_t i) const {
        if (i > floor) {
            const char before = s_[i - 1];
            if (is_alnum(before) || before == '_' || before == '^' || before == '.') return false;
        }
        std::size_t sign = 0;
        return is_digit_at(s_, i) || is_sign_at(s_, statement_, i, sign) ||
               match_any(s_, i, {"$", "¥", "￥", "€", "£"}) != 0 || starts_chinese_numeral(s_.substr(i));
    }

    // A list marker ("1.", "2)", "(3)", "4、" opening a line) or "Step 1", 第1步, 步骤1.
    bool is_step(const Number & n, std::size_t floor) const {
        std::size_t line = n.begin;
        while (line > 0 && s_[line - 1] != '\n') --line;
        bool line_start = true;
        for (std::size_t k = line; k < n.begin; ++k) {
            const char c = s_[k];
            if (!(is_space(c) || c == '#' || c == '*' || c == '>' || c == '-' || c == '(')) {
                line_start = starts_with_at(s_, k, "（") && k + 3 == n.begin;
                break;
            }
        }
        if (line_start && match_any(s_, n.end, {".", ")", "）", "、"}) != 0) {
            std::size_t rest = n.end + match_any(s_, n.end, {".", ")", "）", "、"});
            rest = skip_spaces(s_, rest, s_.size());
            if (rest < s_.size() && s_[rest] != '\n') return true;
        }
        const std::size_t before = skip_spaces_back(s_, floor, n.begin);
        if (before >= floor + 4 && starts_with_at_nocase(s_, before - 4, "step")) return true;
        if (match_any_before(s_, floor, before, {"步骤"}) != 0) return true;
        return match_any_before(s_, floor, n.begin, {"第"}) != 0 && match_any(s_, n.end, {"步"}) != 0;
    }

    // Assigned when a chain of '='s ending before `eq` starts at a bare identifier:
    // x = 5, x = 35 - 12 = 23; not 2x + 4y = 94.
    // Otherwise `chain_start` receives where the calculation before the '='s begins, for a name
    // written before it: 兔有24÷2=12只.
    std::optional<Name> assignment_name(std::size_t floor, std::size_t eq, std::size_t & chain_start) const {
        chain_start = kNone;
        for (;;) {
            const std::size_t lhs_end = skip_spaces_back(s_, floor, eq);
            if (auto name = identifier_before(s_, floor, lhs_end)) {
                const std::size_t before = skip_spaces_back(s_, floor, name->begin);
                const bool operand_before = before > floor && (is_operator_before(s_, floor, before) ||
                                                               match_any_before(s_, floor, before, {"=", "＝"}) != 0);
                if (!operand_before && is_boundary_before(s_, floor, name->begin)) return name;
                if (!operand_before) return std::nullopt;
            }
            std::size_t k = lhs_end;
            while (k > floor) {
                const std::size_t p = previous_character(s_, k);
                if (match_any(s_, p, {"=", "＝"}) != 0) break;
                const char c = s_[p];
                if (!(is_alnum(c) || is_space(c) || c == '.' || c == '(' || c == ')' || c == '$' || is_operator_at(s_, p) ||
                      is_digit_at(s_, p))) {
                    chain_start = skip_spaces(s_, k, eq);
                    return std::nullopt;
                }
                k = p;
            }
            if (k <= floor) {
                chain_start = skip_spaces(s_, floor, eq);
                return std::nullopt;
            }
            eq = previous_character(s_, k);
        }
    }

    // A name before the number, through a connector: 鸡有23只, 鸡的数量是23, chickens: 23,
    // the number of rabbits is 12; or directly: 鸡23只.
    std::optional<Name> name_before(std::size_t floor, std::size_t number_begin) const {
        std::size_t i = skip_spaces_back(s_, floor, number_begin);
        bool connector = false;
        if (const std::size_t n = match_any_before(s_, floor, i, {
                "的数量是", "的数量为", "的个数是", "的个数为", "的只数是", "的只数为", "数量是", "数量为",
                "只数是", "只数为", "一共有", "共有", "有", "是", "为", "等于", "：", ":"});
            n != 0) {
            i = skip_spaces_back(s_, floor, i - n);
            connector = true;
        } else {
            // English: "rabbits is 12", "chickens are 23".
            std::size_t w = i;
            while (w > floor && is_alpha(s_[w - 1])) --w;
            const std::string verb = lower(s_.substr(w, i - w));
            if (verb == "is" || verb == "are" || verb == "was" || verb == "were" || verb == "equals") {
                i = skip_spaces_back(s_, floor, w);
                connector = true;
            }
        }
        if (!connector && i != number_begin) return std::nullopt; // "鸡 23" is not a name; "鸡23只" is
        auto name = identifier_before(s_, floor, i);
        if (!name || is_stop_name(name->text)) return std::nullopt;
        return name;
    }

    // Words that follow a number as an amount, not as what it counts (23多, 5个以上, 几只): nearly
    // every question asks 多少 or 几, so the question's use of them proves nothing.
    static bool is_quantifier(std::string_view name) {
        for (std::string_view word : {"多", "少", "几", "余", "些", "点", "左", "右", "以", "来", "上", "下", "倍", "次", "多少"}) {
            if (name.starts_with(word)) return true;
        }
        return false;
    }

    // The Chinese name starting at `i` (after spaces): up to three ideographs, ending before a
    // word that joins or qualifies (和, 有, 的, …).
    std::optional<std::pair<std::string, std::size_t>> chinese_name_at(std::size_t i, std::size_t end) const {
        i = skip_spaces(s_, i, end);
        std::size_t j = i;
        while (j < end && is_name_char(s_, j) && j - i < 9) {
            if (match_any(s_, j, {"和", "与", "及", "跟", "有", "是", "的", "共", "各", "也", "还", "都",
                                  "了", "在", "就", "才", "呢", "吗", "啊", "而", "或", "分", "可", "每"}) != 0) {
                break;
            }
            j += character_at(s_, j).length;
        }
        if (j > i) return std::make_pair(std::string(s_.substr(i, j - i)), j);
        return std::nullopt;
    }

    // A name after the number: 23只鸡, 35个头, 23 chickens; and 23 鸡 (no measure word, as in
    // \boxed{23 \text{ 鸡，12 只兔}}) when the question names 鸡, so that 23多 or 23再 never name
    // a number.
    std::optional<std::pair<std::string, std::size_t>> name_after(std::size_t i, std::size_t end,
                                                                  bool after_measure, bool chinese) const {
        if (after_measure) return chinese_name_at(i, end);
        if (auto name = chinese_name_at(i, end); name && !question_.empty() && !is_quantifier(name->first) &&
                                                 question_.find(name->first) != std::string_view::npos) {
            return name;
        }
        if (chinese) return std::nullopt;
        const std::size_t j = skip_spaces(s_, i, end);
        std::size_t w = j;
        while (w < end && is_alpha(s_[w])) ++w;
        if (w == j || w - j > 20) return std::nullopt;
        const std::string word = lower(s_.substr(j, w - j));
        if (is_stop_word_after(word)) return std::nullopt;
        return std::make_pair(normalize_english(word), w);
    }

    Candidate describe(const Number & n, std::size_t floor, std::size_t end) const {
        Candidate c;
        c.quantity.value = n.value;
        c.quantity.percent = n.percent;
        c.quantity.unit = n.currency;
        c.begin = c.number_begin = n.begin;
        c.end = c.number_end = n.end;
        bool measure = false;
        if (n.currency.empty() && !n.percent) {
            if (auto unit = read_unit(s_, n.end, end)) {
                if (unit->percent) {
                    c.quantity.value /= 100;
                    c.quantity.percent = true;
                } else {
                    c.quantity.unit = unit->text;
                    measure = unit->measure;
                }
                c.end = unit->end;
            }
        }
        c.step = is_step(n, floor);
        const std::size_t lead = skip_spaces_back(s_, floor, n.begin);
        const std::size_t lead_connector = match_any_before(s_, floor, lead, {"有", "是", "为", "：", ":", "计"});
        const std::size_t total_end = skip_spaces_back(s_, floor, lead - lead_connector);
        c.total = match_any_before(s_, floor, total_end, {"共", "合计", "总计", "总共"}) != 0 ||
                  (total_end >= floor + 5 && starts_with_at_nocase(s_, total_end - 5, "total"));
        c.weak = n.chinese && n.chinese_characters == 1 && (n.value == 1 || c.quantity.unit.empty());
        // 三位数, 两位小数: how many digits a kind of number has, not a value.
        if (match_any(s_, n.end, {"位数", "位小数", "位的"}) != 0) c.weak = true;

        // Operands: what follows is an operator or '=' (23 + 12 = 35), or an operator with an
        // operand before it comes first (the 12 of 35 - 12), or a letter follows (2x).
        const std::size_t next = skip_spaces(s_, c.end, end);
        c.operand = next < end && (is_operator_at(s_, next) || match_any(s_, next, {"=", "＝", "<", ">", "≤", "≥", "≠", "≈"}) != 0);
        if (c.end < end && is_alpha(s_[c.end]) && c.end == n.end) c.operand = true;
        // Calculations and '=' chains reach back past earlier numbers to the statement's start.
        const std::size_t prev = skip_spaces_back(s_, statement_, n.begin);
        if (prev > statement_ && is_operator_before(s_, statement_, prev)) {
            const std::size_t op = previous_character(s_, prev);
            if (ends_operand(s_, statement_, skip_spaces_back(s_, statement_, op))) c.operand = true;
        }

        const std::size_t eq = match_any_before(s_, statement_, prev, {"=", "＝"});
        if (eq != 0) {
            std::size_t chain_start = kNone;
            if (auto name = assignment_name(statement_, prev - eq, chain_start)) {
                c.assigned = true;
                c.begin = name->begin;
                if (!is_stop_name(name->text)) {
                    c.quantity.name = name->text;
                    c.named = true;
                }
            } else if (chain_start != kNone) {
                if (auto before = name_before(statement_, chain_start)) {
                    c.quantity.name = before->text;
                    c.begin = before->begin;
                    c.named = true;
                }
            }
        } else if (auto name = name_before(floor, n.begin)) {
            c.quantity.name = name->text;
            c.begin = name->begin;
            c.named = true;
        }
        if (!c.named && !c.assigned && !c.operand && eq == 0) { // the result of "… = 94" names nothing
            if (auto name = name_after(c.end, end, measure, n.chinese || !c.quantity.unit.empty())) {
                if (!is_stop_name(name->first)) {
                    c.quantity.name = name->first;
                    c.end = name->second;
                    c.named = true;
                }
            }
        }
        return c;
    }

    std::string_view s_;
    std::string_view question_;
    std::size_t statement_ = 0; // start of the statement being read
};

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
    const std::string l = lower(text);
    return contains_any(l, {"no solution", "no such", "no valid", "no integer solution", "no real solution",
                            "does not exist", "do not exist", "doesn't exist", "don't exist", "cannot exist",
                            "no possible"});
}

bool has_conclusion_word(std::string_view text) {
    if (contains_any(text, {"所以", "因此", "因而", "于是", "综上", "总之", "故", "最终", "最后"})) return true;
    const std::string l = lower(text);
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
    out.clean = Cleaner(source).run();
    const std::string_view s = out.clean.text;
    out.statements = split_statements(s);
    CandidateReader reader(s, question.text);
    bool in_verification = false;
    for (Statement & st : out.statements) {
        const std::size_t first = out.candidates.size();
        reader.read(st.begin, st.end, out.candidates);
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
        const std::string l = lower(gap);
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
            const std::string l = lower(content);
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

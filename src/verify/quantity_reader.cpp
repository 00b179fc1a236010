#include "verify/quantity_reader.h"

#include <array>
#include <optional>
#include <utility>

#include "text/ascii_text.h"
#include "verify/extraction_text.h"
#include "verify/number.h"

namespace r1tune::verify::extraction {

namespace {

using text::character_at;
using text::previous_character;

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
    std::string out = text::lower_ascii(word);
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
            const std::string verb = text::lower_ascii(s_.substr(w, i - w));
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
        const std::string word = text::lower_ascii(s_.substr(j, w - j));
        if (is_stop_word_after(word)) return std::nullopt;
        return std::make_pair(normalize_english(word), w);
    }

    Candidate describe(const Number & n, std::size_t floor, std::size_t end) const {
        Candidate c;
        c.quantity.value = n.value;
        c.quantity.percent = n.percent;
        c.quantity.unit = n.currency;
        c.begin = c.number_begin = n.begin;
        c.end = n.end;
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

} // namespace

void read_candidates(std::string_view text, std::string_view question, std::size_t begin, std::size_t end,
                     std::vector<Candidate> & out) {
    CandidateReader(text, question).read(begin, end, out);
}

} // namespace r1tune::verify::extraction

#include "verify/claim_bounds.h"

#include <array>
#include <string>

#include "text/ascii_text.h"
#include "verify/claim_text.h"

namespace r1tune::verify::arithmetic {

namespace {

using text::character_at;
using text::previous_character;
using text::is_cjk_ideograph;

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
    return text::lower_ascii(line.substr(b, end - b));
}

std::string ascii_word_at(std::string_view line, std::size_t begin) {
    std::size_t e = begin;
    while (e < line.size() && is_letter(line[e])) ++e;
    return text::lower_ascii(line.substr(begin, e - begin));
}

} // namespace

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
        if (std::any_of(kLeadCjkBlocked.begin(), kLeadCjkBlocked.end(), [&](std::string_view w) { return ends_with(before, w); }))
            return false;
        // "大人 2人 × 30元 + 小孩 3人 × 15元 = 105元": a label after an operator is inside a calculation.
        std::size_t k = j;
        while (k > 0) {
            const std::size_t q = previous_character(line, k);
            std::size_t n;
            if (!is_cjk_ideograph(character_at(line, q).code_point) && !is_space_at(line, q, &n)) break;
            k = q;
        }
        if (k == 0) return true;
        const std::string_view operators[] = {"+", "-", "*", "/", "×", "÷", "·", "−", "＋", "－"};
        return std::none_of(std::begin(operators), std::end(operators), [&](std::string_view o) { return ends_with(line.substr(0, k), o); });
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
        case ',': return !(j == end && is_digit(next)); // "1250,000": a number grouped oddly, read only in part
        case ';': case ')': case ']': case '"': case '\'': case '#': case '&': return true;
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
    const std::string window = text::lower_ascii(text.substr(end, 160));
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

} // namespace r1tune::verify::arithmetic

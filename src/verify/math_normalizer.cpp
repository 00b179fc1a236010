#include "verify/math_normalizer.h"

#include <array>
#include <optional>

#include "verify/claim_text.h"

namespace r1tune::verify::arithmetic {

namespace {

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
            if ((c & 0xC0) == 0xC0 && take_chinese_unit()) continue; // the first byte of a character
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
            if (ch != ' ' && ch != '\t' && ch != '\n') {
                last_visible_ = out_.text.size() - 1;
                unit_since_visible_ = false;
            }
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
            else if (c == '$') take_dollar_sign(n); // "\$20 + \$5 = \$25" is checked
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
        static constexpr auto kUnitHolders = std::to_array<std::string_view>({"text", "mathrm", "textrm", "mbox"});
        static constexpr auto kOtherTransparent = std::to_array<std::string_view>({
            "textbf", "mathbf", "textit", "mathit", "operatorname", "boxed", "bm"});
        if (name == "frac" || name == "dfrac" || name == "tfrac") {
            if (source_.substr(skip_spaces(source_, j), 1) != "{") { emit("\\", n); return; }
            // "2\frac{1}{2}" is a mixed number, 2 + 1/2, which the parser would read as 2 × 1/2.
            if (ends_in_a_whole_number()) emit("\\", 0);
            emit("(", n);
            pending_ = Pending::kNumerator;
        } else if (name == "sqrt") {
            if (source_.substr(j, 1) == "[") emit("\\", n); // an n-th root: not read
            else emit("√", n);
        } else if (is_one_of(name, kDelimiterSizes)) {
            emit("", n + (source_.substr(j, 1) == "." ? 1 : 0)); // \left. is an invisible delimiter
        } else if (is_one_of(name, kUnitHolders) || is_one_of(name, kOtherTransparent)) {
            if (is_one_of(name, kUnitHolders) && take_unit(j)) return;
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

    // "18 \text{ dollars/hour}", "192 \, \text{ft}^2": a unit after a number leaves the text, which
    // the claim's parse would stop at, and is kept aside for comparing the claim's sides
    // (verify/units.h); "25 \text{ percent}" is a percent sign. A phrase that is no unit ("times
    // as many", "divided by") stays, and stops the claim.
    bool take_unit(std::size_t after_name) {
        if (!follows_a_quantity()) return false;
        const std::size_t open = skip_spaces(source_, after_name);
        if (source_.substr(open, 1) != "{") return false;
        const std::size_t close = source_.find_first_of("{}", open + 1);
        if (close == std::string_view::npos || source_[close] != '}') return false;
        std::size_t end = close + 1;
        int power = 1;
        static constexpr auto kPowers = std::to_array<std::pair<std::string_view, int>>({
            {"^2", 2}, {"^{2}", 2}, {"²", 2}, {"^3", 3}, {"^{3}", 3}, {"³", 3}});
        for (const auto & [written, value] : kPowers) {
            if (source_.substr(end, written.size()) == written) {
                power = value;
                end += written.size();
                break;
            }
        }
        if (before_a_parenthesis(end)) return false;
        const std::string_view phrase = source_.substr(open + 1, close - open - 1);
        if (is_percent_word(phrase)) { // right after the number, as "20%" is written
            out_.text.resize(*last_visible_ + 1);
            out_.origin.resize(out_.text.size());
            emit("%", end - i_);
            return true;
        }
        const auto unit = read_unit(phrase, power);
        return unit && take(*unit, end - i_);
    }

    // "60元 - 10元 = 50元", "7元/盒 × 8盒": a Chinese unit or measure word after a number, the same way.
    bool take_chinese_unit() {
        if (!follows_a_quantity()) return false;
        const auto unit = read_chinese_unit(source_.substr(i_));
        return unit && !before_a_parenthesis(i_ + unit->length) && take(unit->dimension, unit->length);
    }

    // Sets a unit (empty: a label) aside; whether it did. A quantity in two units ("1元5角", "2
    // \text{ hours } 30 \text{ minutes}") is marked with a backslash, which no claim may touch:
    // its numbers are not two terms. A measure word before a number ("3本 12.5 × 3") stays text.
    bool take(const Dimension & unit, std::size_t consumed) {
        const std::size_t next = skip_spaces(source_, i_ + consumed);
        const bool number_follows = next < source_.size() && (is_digit(source_[next]) ||
                                    is_full_width_digit(text::character_at(source_, next).code_point));
        if (number_follows && !has_a_convertible_unit(unit)) return false;
        if (number_follows) {
            emit("\\", consumed);
            return true;
        }
        if (!unit.empty()) out_.units.push_back({out_.text.size(), unit});
        emit(" ", consumed);
        unit_since_visible_ = true;
        return true;
    }

    // "\$20": dollars, written before the number; a dollar sign elsewhere is nothing.
    void take_dollar_sign(std::size_t consumed) {
        if (i_ + consumed < source_.size() && is_digit(source_[i_ + consumed]))
            out_.units.push_back({out_.text.size(), {{"dollar", 1}}, true});
        emit(" ", consumed);
    }

    // Whether the text so far ends in digits that are no exponent or index ("10^2\frac{1}{2}").
    bool ends_in_a_whole_number() const {
        std::size_t k = out_.text.size();
        while (k > 0 && is_digit(out_.text[k - 1])) --k;
        return k < out_.text.size() && (k == 0 || (out_.text[k - 1] != '^' && out_.text[k - 1] != '_'));
    }

    // Whether the text so far ends in a number or a parenthesis, with no unit after it yet ("5个人"
    // has one unit, 个), which a unit may follow.
    bool follows_a_quantity() const {
        if (!last_visible_ || unit_since_visible_) return false;
        const std::size_t last = text::previous_character(out_.text, *last_visible_ + 1);
        return is_digit(out_.text[last]) || out_.text[last] == ')' ||
               is_full_width_digit(text::character_at(out_.text, last).code_point);
    }

    // Whether a parenthesis follows a phrase ending at `end`: "\text{ apples} (3 + 2)" is no
    // quantity with its unit, nor is "(6 + 4) \text{ divided by } (1 + 1)".
    bool before_a_parenthesis(std::size_t end) const {
        const std::string_view rest = source_.substr(skip_spaces(source_, end));
        return starts_with(rest, "(") || starts_with(rest, "\\left") || starts_with(rest, "（");
    }

    enum class Pending { kNone, kNumerator, kDenominator, kTransparent, kEnvironment };

    std::string_view source_;
    std::size_t i_ = 0;
    Normalized out_;
    std::vector<Brace> braces_;
    Pending pending_ = Pending::kNone;
    std::optional<std::size_t> last_visible_; // the last byte of `out_.text` that is not a space
    bool unit_since_visible_ = false;         // a unit was taken after it
};

} // namespace

Normalized normalize_math(std::string_view source) { return Normalizer(source).run(); }

} // namespace r1tune::verify::arithmetic

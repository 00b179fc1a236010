#include "verify/math_normalizer.h"

#include <array>

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
            if (static_cast<unsigned char>(c) >= 0x80 && take_chinese_unit()) continue;
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
            else if (c == '$') emit(" ", n); // a dollar sign, as plain '$' is: "\$20 + \$5 = \$25" is checked
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
        } else if (is_one_of(name, kUnitHolders) && take_unit(j)) {
            return;
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

    // "18 \text{ dollars/hour}", "192 \, \text{ft}^2": a unit after a number leaves the text, which
    // the claim's parse would stop at, and is kept aside for comparing the claim's sides
    // (verify/units.h). A phrase that is no unit ("times as many") stays, and stops the claim.
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
        const auto unit = read_unit(source_.substr(open + 1, close - open - 1), power);
        if (!unit) return false;
        if (!unit->empty()) out_.units.push_back({out_.text.size(), *unit});
        emit(" ", end - i_);
        return true;
    }

    // "60元 - 10元 = 50元", "7元/盒 × 8盒": a Chinese unit or measure word after a number, the same way.
    bool take_chinese_unit() {
        if (!follows_a_quantity()) return false;
        const auto unit = read_chinese_unit(source_.substr(i_));
        if (!unit) return false;
        out_.units.push_back({out_.text.size(), unit->dimension});
        emit(" ", unit->length);
        return true;
    }

    // Whether the text so far ends in a number or a parenthesis, which a unit may follow.
    bool follows_a_quantity() const {
        const std::size_t end = skip_spaces_back(out_.text, out_.text.size());
        if (end == 0) return false;
        const std::size_t last = text::previous_character(out_.text, end);
        return is_digit(out_.text[last]) || out_.text[last] == ')' ||
               is_full_width_digit(text::character_at(out_.text, last).code_point);
    }

    enum class Pending { kNone, kNumerator, kDenominator, kTransparent, kEnvironment };

    std::string_view source_;
    std::size_t i_ = 0;
    Normalized out_;
    std::vector<Brace> braces_;
    Pending pending_ = Pending::kNone;
};

} // namespace

Normalized normalize_math(std::string_view source) { return Normalizer(source).run(); }

} // namespace r1tune::verify::arithmetic

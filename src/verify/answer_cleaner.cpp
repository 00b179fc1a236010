#include "verify/answer_cleaner.h"

#include <algorithm>
#include <array>

#include "verify/extraction_text.h"

namespace r1tune::verify::extraction {

namespace {

using text::character_at;

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

    // "\boxed{18}-second head start": a hyphen right after a box and before a word joins them into
    // one; a box is not the left side of a subtraction. Read as a space, it leaves the box's
    // number whole.
    bool hyphen_after_box(std::size_t i, std::size_t end) const {
        if (out_.boxes.empty() || i + 1 >= end || !is_alpha(src_[i + 1])) return false;
        const std::size_t closed = out_.boxes.back().second;
        return std::all_of(out_.text.begin() + static_cast<std::ptrdiff_t>(closed), out_.text.end(), [](char ch) { return is_space(ch); });
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
            } else if (c == '-' && hyphen_after_box(i, end)) {
                emit(" ", i);
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

} // namespace

Clean clean_answer(std::string_view source) { return Cleaner(source).run(); }

} // namespace r1tune::verify::extraction

#include "verify/arithmetic_check.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "verify/claim_bounds.h"
#include "verify/expression.h"
#include "verify/claim_text.h"
#include "verify/math_normalizer.h"
#include "verify/units.h"

namespace r1tune::verify {

namespace {

using text::character_at;
using text::previous_character;
using namespace arithmetic;
using text::Language;
using Kind = Expression::Kind;

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
            if (space && c != ')') out += ' '; // "((2190 )/(2))": the space a unit left
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
        const Expression & chain; // the whole claim the link is part of
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
            // "the first 100 = 100 × 2/5 = 40": a label's number, then the calculation it names.
            if (k == 0 && k < last && ends_a_label(line, base + chain.begin) && names_a_calculation(left, right)) continue;
            const UnitMatch units = compare_units(left, right, line_begin + base, norm_.text, norm_.units);
            if (units == UnitMatch::kIncomparable) continue;
            // "2 hours = 2 × 60 = 120 minutes", "2 rows + 2 rows = 4 rows × 15 squares/row = 60": a
            // quantity, then a calculation from it in another unit, written on in one claim.
            if (units == UnitMatch::kDifferent && computes_from(right, left)) continue;
            Link link{left, right, chain.comparisons[k], line_begin + base + left.begin, line_begin + base + right.end, chain};
            std::vector<std::string> names = variables_of(left);
            for (const std::string & name : variables_of(right))
                if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
            if (names.empty()) check_numbers(link);
            else check_variables(link, names, line_begin + base);
        }
    }

    // Whether a word stands right before `start`, as at the end of a label ("Hits in the first 100",
    // "前100"); it may as well be a connective ("so 20"), so names_a_calculation decides.
    static bool ends_a_label(std::string_view line, std::size_t start) {
        const std::size_t j = skip_spaces_back(line, start);
        if (j == 0) return false;
        const std::size_t p = previous_character(line, j);
        return is_letter(line[p]) || text::is_cjk_ideograph(character_at(line, p).code_point);
    }

    // Whether `left` is a number that `right` computes with, in a claim that goes on to a result:
    // "the first 100 = 100 × 2/5 = 40" labels a calculation, as nobody claims 100 = 40. A claim
    // that stops there ("so 20 = 20 + 8", "2 = 2 × 2"), or an equation step ("13 = 2x + 13"), is
    // checked.
    static bool names_a_calculation(const Expression & left, const Expression & right) {
        return left.kind == Kind::kNumber && !is_literal(right) && variables_of(right).empty() &&
               uses_number(right, left.number);
    }

    // Whether `right` is a calculation that writes the value of `left` as one of its numbers.
    static bool computes_from(const Expression & right, const Expression & left) {
        if (is_literal(right)) return false;
        const Evaluation value = evaluate(left);
        return value.ok() && uses_number(right, value.value);
    }

    static bool uses_number(const Expression & e, const Rational & value) {
        return any_number(e, [&](const Expression & n) { return n.number == value; });
    }

    // Whether a number written in `e` meets `test`.
    template <typename Test>
    static bool any_number(const Expression & e, const Test & test) {
        if (e.kind == Kind::kNumber) return test(e);
        return std::any_of(e.operands.begin(), e.operands.end(), [&](const Expression & o) { return any_number(o, test); });
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
        if (is_forgivable(link, l.value, r.value, offset)) return;
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

    // What a verifier should not call a mistake, though the sides differ: a rounding ("10/3 =
    // 3.33", "100 ÷ 3 = 33"), a fraction of the claim written short on the way to its result
    // ("12 × 5/6 = 12 × 0.8333 = 10"), and a percentage written after its "× 100" ("(600 / 4200)
    // × 100 = 14.29%").
    bool is_forgivable(const Link & link, const Rational & l, const Rational & r, std::size_t offset) const {
        return holds_with_fractions(link, link.left, link.right, r, offset) ||
               holds_with_fractions(link, link.right, link.left, l, offset) ||
               is_rounded_side(link.right, r, link.left, l, offset) || is_rounded_side(link.left, l, link.right, r, offset) ||
               holds_with_fraction_divisors(link, offset);
    }

    // "240 ÷ 3/5 = 400": whether the claim holds with a fraction written after ÷ read as the
    // divisor, as schoolbooks mean it, where the grammar reads (240 ÷ 3)/5.
    bool holds_with_fraction_divisors(const Link & link, std::size_t offset) const {
        Expression left = link.left, right = link.right;
        const bool left_read = read_fraction_divisors(left, offset);
        if (!read_fraction_divisors(right, offset) && !left_read) return false;
        const Evaluation l = evaluate(left), r = evaluate(right);
        return l.ok() && r.ok() && l.value == r.value;
    }

    // Replaces each (a ÷ b)/c written "a ÷ b/c", b and c touching the slash, by a ÷ (b/c); whether any was.
    bool read_fraction_divisors(Expression & e, std::size_t offset) const {
        bool any = false;
        for (Expression & operand : e.operands) any = read_fraction_divisors(operand, offset) || any;
        if (e.kind != Kind::kDivide || e.operands[0].kind != Kind::kDivide) return any;
        const Expression & quotient = e.operands[0];
        const Expression & b = quotient.operands[1];
        const Expression & c = e.operands[1];
        if (b.kind != Kind::kNumber || c.kind != Kind::kNumber || c.number == 0 || c.begin != b.end + 1 ||
            norm_.text[offset + b.end] != '/')
            return any;
        const std::string_view sign = std::string_view(norm_.text).substr(offset + quotient.operands[0].end,
                                                                          b.begin - quotient.operands[0].end);
        if (sign.find("÷") == std::string_view::npos) return any;
        Expression fraction = b;
        fraction.number = b.number / c.number;
        fraction.end = c.end;
        e.operands = {quotient.operands[0], fraction};
        return true;
    }

    // Whether the number `side` writes (read as `written`) is the `exact` value of `other` rounded,
    // or `other`'s percentage written after its own "× 100".
    bool is_rounded_side(const Expression & side, const Rational & written, const Expression & other, const Rational & exact,
                         std::size_t offset) const {
        if (!is_literal(side)) return false;
        if (rounds(side, written, exact, writes_a_rounded_decimal(other, offset), offset)) return true;
        return is_percent_literal(side, offset) && multiplies_by_100(other) && rounds(side, written, exact / 100, false, offset);
    }

    // Whether `literal`, read as `written`, may be `exact` rounded to the places it is written
    // with: to the nearest or cut, or within a unit of its last place when `exact` was computed
    // from decimals that were rounded themselves (0.3333 × 200 = 66.67). A whole number may also
    // be the one above a fraction (34 buses for 100 ÷ 3).
    bool rounds(const Expression & literal, const Rational & written, const Rational & exact, bool from_decimals,
                std::size_t offset) const {
        if (const auto unit = last_place(literal, offset))
            return from_decimals ? abs(exact - written) <= *unit : is_rounded_or_cut(written, exact, *unit);
        if (written.get_den() != 1 || exact.get_den() == 1) return false;
        mpz_class floor;
        mpz_fdiv_q(floor.get_mpz_t(), exact.get_num().get_mpz_t(), exact.get_den().get_mpz_t());
        return written == Rational(floor) || written == Rational(floor + 1);
    }

    // Whether `written` is `exact` rounded to the nearest multiple of `unit`, or cut towards zero.
    static bool is_rounded_or_cut(const Rational & written, const Rational & exact, const Rational & unit) {
        if (abs(exact - written) * 2 <= unit) return true;
        const Rational units = abs(exact) / unit;
        mpz_class whole;
        mpz_tdiv_q(whole.get_mpz_t(), units.get_num().get_mpz_t(), units.get_den().get_mpz_t());
        return abs(written) == Rational(whole) * unit && (written >= 0) == (exact >= 0);
    }

    // The digits a number is written with after its decimal point ("0.8333" 4, "14.29%" 2), or
    // nothing when it has no point.
    std::optional<std::size_t> decimal_places(const Expression & number, std::size_t offset) const {
        const std::string digits = show(offset + number.begin, offset + number.end);
        std::size_t point = digits.find('.'), mark = 1;
        if (point == std::string::npos) {
            point = digits.find("．");
            mark = std::string_view("．").size();
        }
        if (point == std::string::npos) return std::nullopt;
        std::size_t places = 0;
        for (std::size_t i = point + mark; i < digits.size() && is_digit(digits[i]); ++i) ++places;
        return places;
    }

    // The value of one unit in the last place a number is written with, on its own scale: 0.0001
    // for "0.8333", 0.0001 for "14.29%", 0.01 for "14%". Nothing for a number without a decimal
    // point or a percent sign.
    std::optional<Rational> last_place(const Expression & literal, std::size_t offset) const {
        const Expression & number = literal.kind == Kind::kNegate ? literal.operands[0] : literal;
        const auto places = decimal_places(number, offset);
        const bool percent = is_percent_literal(number, offset);
        if (!places && !percent) return std::nullopt;
        mpz_class power;
        mpz_ui_pow_ui(power.get_mpz_t(), 10, places.value_or(0) + (percent ? 2 : 0));
        return Rational(1) / Rational(power);
    }

    // Whether `e` writes a decimal of three places or more, as a model writes one it rounded
    // (0.3333, 0.667); 0.5 and 0.15 are exact.
    bool writes_a_rounded_decimal(const Expression & e, std::size_t offset) const {
        return any_number(e, [&](const Expression & n) { return decimal_places(n, offset).value_or(0) >= 3; });
    }

    // Whether `e` is a product with 100 as a factor of its own.
    static bool multiplies_by_100(const Expression & e) {
        return e.kind == Kind::kMultiply &&
               std::any_of(e.operands.begin(), e.operands.end(), [](const Expression & o) { return o.kind == Kind::kNumber && o.number == 100; });
    }

    // "12 × 5/6 = 12 × 0.8333 = 10": whether `side`, its decimals read as the fractions the
    // claim's other terms write and the decimals round or cut, equals `other` (or `other` is the
    // claim's result), and the result is that value, rounded or not. When the result follows
    // from the decimal instead ("90 × 2/3 = 90 × 0.667 = 60.03"), the short decimal was a
    // mistake; and a term that writes a fraction and a decimal near it side by side ("60 × 1/3 +
    // 60 × 0.33") has two quantities, so its fraction is no reading of that decimal.
    bool holds_with_fractions(const Link & link, const Expression & side, const Expression & other, const Rational & other_value,
                              std::size_t offset) const {
        std::vector<Rational> fractions;
        for (const Expression & term : link.chain.operands) {
            if (&term == &side) continue;
            std::vector<Rational> written;
            fractions_in(term, written);
            for (const Rational & f : written) {
                Expression probe = term;
                if (!read_cut_fractions(probe, {f}, offset)) fractions.push_back(f);
            }
        }
        Expression read = side;
        if (fractions.empty() || !read_cut_fractions(read, fractions, offset)) return false;
        const Evaluation value = evaluate(read);
        const Expression & result = link.chain.operands.back();
        if (!value.ok() || (value.value != other_value && &other != &result) || !is_literal(result)) return false;
        const Evaluation written = evaluate(result);
        return written.ok() && (written.value == value.value || rounds(result, written.value, value.value, false, offset));
    }

    // Every quotient of two written numbers in `e`: 5/6, \frac{2}{15}, and the 2/3 of "200 × 2/3",
    // which the grammar reads as (200 × 2)/3.
    static void fractions_in(const Expression & e, std::vector<Rational> & out) {
        if (e.kind == Kind::kDivide && e.operands[1].kind == Kind::kNumber && e.operands[1].number != 0) {
            const Expression & top = e.operands[0];
            const Expression & numerator = top.kind == Kind::kMultiply ? top.operands.back() : top;
            if (numerator.kind == Kind::kNumber) out.push_back(numerator.number / e.operands[1].number);
        }
        for (const Expression & o : e.operands) fractions_in(o, out);
    }

    // Replaces each decimal in `e` that one of `fractions` rounds or cuts to by that fraction;
    // whether any was. Every operand is visited (no short circuit), also after a replacement.
    bool read_cut_fractions(Expression & e, const std::vector<Rational> & fractions, std::size_t offset) const {
        if (e.kind != Kind::kNumber) {
            bool any = false;
            for (Expression & operand : e.operands) any = read_cut_fractions(operand, fractions, offset) || any;
            return any;
        }
        // A decimal of one place is a rate or a measure (0.3, 1.5), never a fraction written short.
        if (e.number.get_den() == 1 || is_percent_literal(e, offset) || decimal_places(e, offset).value_or(0) < 2) return false;
        const auto unit = last_place(e, offset);
        for (const Rational & f : fractions) {
            if (f != e.number && is_rounded_or_cut(e.number, f, *unit)) {
                e.number = f;
                return true;
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
    return Checker(text, normalize_math(text), language).run();
}

} // namespace r1tune::verify

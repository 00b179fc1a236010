#include "verify/units.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "verify/claim_text.h"

namespace r1tune::verify::arithmetic {

namespace {

using Kind = Expression::Kind;

// Words that make a phrase prose or an operation, not a unit: "3 \text{ times as many as } 4",
// "(6 + 4) \text{ divided by } (1 + 1)".
constexpr auto kProseWords = std::to_array<std::string_view>({
    "and", "or", "the", "a", "an", "is", "are", "was", "were", "be", "to", "for", "from", "with", "in", "on", "at",
    "as", "than", "times", "more", "less", "many", "much", "total", "left", "if", "so", "then", "this", "that", "it",
    "which", "when", "after", "before", "gives", "makes", "equals", "plus", "minus", "divided", "multiplied", "by",
    "over", "into", "percent", "pct", "am", "pm", "squared", "cubed", "doubled", "tripled", "halved", "factorial",
    "score"});

// Short, irregular and compound names of units, by the names the tables below use.
constexpr auto kAliases = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"hr", "hour"}, {"h", "hour"}, {"min", "minute"}, {"sec", "second"}, {"s", "second"}, {"yr", "year"},
    {"wk", "week"}, {"ft", "foot"}, {"feet", "foot"}, {"yd", "yard"}, {"mi", "mile"}, {"km", "kilometer"},
    {"m", "meter"}, {"cm", "centimeter"}, {"mm", "millimeter"}, {"kilometre", "kilometer"}, {"metre", "meter"},
    {"kg", "kilogram"}, {"g", "gram"}, {"lb", "pound"}, {"oz", "ounce"}, {"l", "liter"}, {"litre", "liter"},
    {"ml", "milliliter"}, {"mg", "milligram"}, {"gal", "gallon"}, {"qt", "quart"}, {"pt", "pint"},
    {"tsp", "teaspoon"}, {"tbsp", "tablespoon"}, {"d", "day"}, {"k", "thousand"}, {"kb", "kilobyte"}, {"mb", "megabyte"}, {"gb", "gigabyte"},
    {"tb", "terabyte"}, {"w", "watt"}, {"kw", "kilowatt"}, {"people", "person"}, {"children", "child"},
    {"men", "man"}, {"women", "woman"}, {"teeth", "tooth"}});

// Rates written as one word: "60 \text{ mph}" is miles per hour.
constexpr auto kRateWords = std::to_array<std::pair<std::string_view, std::array<std::string_view, 2>>>({
    {"mph", {"mile", "hour"}}, {"kph", {"kilometer", "hour"}}, {"kmh", {"kilometer", "hour"}}, {"mpg", {"mile", "gallon"}}});

// Units of one kind convert into each other by factors a claim may leave out.
constexpr auto kKinds = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"second", "time"}, {"minute", "time"}, {"hour", "time"}, {"day", "time"}, {"week", "time"}, {"month", "time"},
    {"year", "time"}, {"decade", "time"}, {"century", "time"}, {"millimeter", "length"}, {"centimeter", "length"}, {"meter", "length"},
    {"kilometer", "length"}, {"inch", "length"}, {"foot", "length"}, {"yard", "length"}, {"mile", "length"},
    {"gram", "mass"}, {"kilogram", "mass"}, {"pound", "mass"}, {"ounce", "mass"}, {"ton", "mass"}, {"milligram", "mass"}, {"liang", "mass"},
    {"dollar", "money"}, {"cent", "money"}, {"penny", "money"}, {"nickel", "money"}, {"dime", "money"},
    {"quarter", "money"}, {"yuan", "money"}, {"jiao", "money"}, {"decimeter", "length"}, {"jin", "mass"},
    {"milliliter", "volume"}, {"liter", "volume"}, {"gallon", "volume"},
    {"quart", "volume"}, {"pint", "volume"}, {"cup", "volume"}, {"teaspoon", "volume"}, {"tablespoon", "volume"},
    {"byte", "data"}, {"kilobyte", "data"}, {"megabyte", "data"}, {"gigabyte", "data"}, {"terabyte", "data"},
    {"watt", "power"}, {"kilowatt", "power"}});

// Counts in words: "3 \text{ dozen} \times 2 = 72 \text{ eggs}" hides a 12.
constexpr auto kScales = std::to_array<std::string_view>({"dozen", "pair", "hundred", "thousand", "million", "billion"});

// Chinese units and measure words after a number ("60元", "7元/盒", "120 \text{千米/小时}"), each
// with the one name its English counterpart has, so that kinds and rates read alike. Longer
// names first: 千米 before 米, 分钟 before 分. 分 (a minute, a fen, a point) is left out.
struct ChineseUnit {
    std::string_view written;
    std::string_view name;
    int exponent = 1;
};
constexpr auto kChineseUnits = std::to_array<ChineseUnit>({
    {"平方千米", "kilometer", 2}, {"平方厘米", "centimeter", 2}, {"平方分米", "decimeter", 2},
    {"平方毫米", "millimeter", 2}, {"平方米", "meter", 2}, {"立方米", "meter", 3}, {"立方厘米", "centimeter", 3},
    {"立方分米", "decimeter", 3}, {"千米", "kilometer"}, {"公里", "kilometer"},
    {"厘米", "centimeter"}, {"毫米", "millimeter"}, {"分米", "decimeter"}, {"米", "meter"}, {"千克", "kilogram"},
    {"公斤", "kilogram"}, {"克", "gram"}, {"吨", "ton"}, {"斤", "jin"}, {"毫升", "milliliter"}, {"升", "liter"},
    {"小时", "hour"}, {"分钟", "minute"}, {"秒钟", "second"}, {"秒", "second"}, {"星期", "week"}, {"个月", "month"},
    {"元", "yuan"}, {"角", "jiao"}, {"毛", "jiao"}, {"两", "liang"}, {"打", "dozen"}, {"天", "day"}, {"周", "week"}, {"年", "year"}, {"时", "hour"}, {"岁", "岁"},
    {"个", "个"}, {"只", "只"}, {"本", "本"}, {"人", "人"}, {"名", "名"}, {"位", "位"}, {"辆", "辆"}, {"张", "张"},
    {"支", "支"}, {"枝", "枝"}, {"块", "块"}, {"条", "条"}, {"棵", "棵"}, {"头", "头"}, {"件", "件"}, {"盒", "盒"},
    {"箱", "箱"}, {"袋", "袋"}, {"瓶", "瓶"}, {"杯", "杯"}, {"包", "包"}, {"页", "页"}, {"次", "次"}, {"道", "道"},
    {"朵", "朵"}, {"把", "把"}, {"根", "根"}, {"双", "pair"}, {"套", "套"}, {"台", "台"}, {"间", "间"}, {"颗", "颗"},
    {"份", "份"}, {"题", "题"}, {"层", "层"}, {"组", "组"}, {"筐", "筐"}, {"桶", "桶"}, {"捆", "捆"}, {"束", "束"}});

// The name the tables use for a short or irregular one ("hr", "feet"); nothing for another word.
std::optional<std::string_view> alias_of(std::string_view word) {
    for (const auto & [alias, name] : kAliases)
        if (word == alias) return name;
    return std::nullopt;
}

std::string singular(std::string word) {
    if (const auto name = alias_of(word)) return std::string(*name);
    const auto cut = [&](std::size_t n) { return word.substr(0, word.size() - n); };
    if (word.size() > 4 && ends_with(word, "ies")) return cut(3) + "y";
    if (word.size() > 3 && (ends_with(word, "ches") || ends_with(word, "shes") || ends_with(word, "sses") || ends_with(word, "xes")))
        return cut(2);
    if (word.size() > 2 && ends_with(word, "s") && !ends_with(word, "ss") && !ends_with(word, "us") && !ends_with(word, "is"))
        word = cut(1);
    if (const auto name = alias_of(word)) return std::string(*name); // "hrs", "mins", "lbs"
    return word;
}

std::string_view kind_of(std::string_view symbol) {
    const std::string_view first = symbol.substr(0, symbol.find(' ')); // "cup of flour" is a cup
    for (const auto & [name, kind] : kKinds)
        if (first == name) return kind;
    return {};
}

bool is_scale(std::string_view symbol) { return is_one_of(symbol.substr(0, symbol.find(' ')), kScales); }

Dimension raised(Dimension d, int power) {
    for (auto & [name, exponent] : d) exponent *= power;
    return d;
}

void multiply(Dimension & into, const Dimension & by, int sign) {
    for (const auto & [name, exponent] : by) {
        if ((into[name] += sign * exponent) == 0) into.erase(name);
    }
}

// One run of words between "/" and "per": "slices of pizza", "square feet", "ft^2".
struct Segment {
    std::vector<std::string> words;
    int exponent = 1;
};

bool add_segment(Dimension & out, const Segment & segment, int sign) {
    if (segment.words.empty()) return true;
    if (segment.words.size() > 3) return false; // a unit is a few words, not a clause
    if (segment.words.size() == 1) {
        for (const auto & [word, rate] : kRateWords) {
            if (segment.words.front() == word) {
                multiply(out, {{std::string(rate[0]), segment.exponent}, {std::string(rate[1]), -segment.exponent}}, sign);
                return true;
            }
        }
    }
    std::string symbol;
    for (const std::string & word : segment.words) symbol += (symbol.empty() ? "" : " ") + singular(word);
    multiply(out, {{symbol, segment.exponent}}, sign);
    return true;
}

} // namespace

bool has_a_convertible_unit(const Dimension & dimension) {
    return std::any_of(dimension.begin(), dimension.end(),
                       [](const auto & unit) { return !kind_of(unit.first).empty() || is_scale(unit.first); });
}

bool is_percent_word(std::string_view phrase) {
    std::string words;
    for (char c : phrase) {
        if (is_letter(c)) words += static_cast<char>(std::tolower(c));
        else if (c != ' ') return false;
    }
    return words == "percent" || words == "pct";
}

std::optional<ChineseUnitRead> read_chinese_unit(std::string_view text) {
    ChineseUnitRead out;
    std::size_t i = 0;
    for (int sign = 1;; sign = -1) {
        const auto unit = std::find_if(kChineseUnits.begin(), kChineseUnits.end(),
                                       [&](const ChineseUnit & u) { return starts_with(text.substr(i), u.written); });
        if (unit == kChineseUnits.end()) break;
        multiply(out.dimension, {{std::string(unit->name), unit->exponent}}, sign);
        i += unit->written.size();
        out.length = i;
        if (text.substr(i, 1) != "/") break; // "元/千克", "米/人/天": a rate
        ++i;
    }
    if (out.length == 0 || out.dimension.empty()) return std::nullopt; // "元/元" is no unit
    return out;
}

std::optional<Dimension> read_unit(std::string_view phrase, int power) {
    const std::size_t first = skip_spaces(phrase, 0);
    std::size_t last = phrase.size();
    while (last > first && (phrase[last - 1] == ' ' || phrase[last - 1] == '.')) --last;
    phrase = phrase.substr(first, last - first);
    if (phrase.empty()) return std::nullopt;
    if (static_cast<unsigned char>(phrase.front()) >= 0x80) { // "千米/小时", "人": a Chinese unit, whole
        const auto chinese = read_chinese_unit(phrase);
        if (!chinese || chinese->length != phrase.size()) return std::nullopt;
        return raised(chinese->dimension, power);
    }
    if (phrase.front() == '(' && phrase.back() == ')') { // "30 \text{ (shirt)}": a label, no unit
        const std::string_view inner = phrase.substr(1, phrase.size() - 2);
        const bool words = !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char c) { return is_letter(c) || c == ' '; });
        return words ? std::optional<Dimension>(Dimension{}) : std::nullopt;
    }
    Dimension out;
    Segment segment;
    int sign = 1, divisions = 0;
    const auto next_segment = [&] {
        const bool ok = add_segment(out, segment, sign);
        segment = Segment{};
        sign = -1;
        return ok && ++divisions <= 2;
    };
    for (std::size_t i = 0; i < phrase.size();) {
        const char c = phrase[i];
        if (c == ' ' || c == '~') { ++i; continue; } // "\mathrm{~km}"
        if (c == '/') {
            if (!next_segment()) return std::nullopt;
            ++i;
            continue;
        }
        if (c == '^' && !segment.words.empty() && i + 1 < phrase.size() && (phrase[i + 1] == '2' || phrase[i + 1] == '3')) {
            segment.exponent *= phrase[i + 1] - '0';
            i += 2;
            continue;
        }
        if (!is_letter(c)) return std::nullopt; // digits, punctuation, CJK: not a unit written in words
        std::size_t j = i;
        while (j < phrase.size() && (is_letter(phrase[j]) || phrase[j] == '-')) ++j;
        std::string word(phrase.substr(i, j - i));
        std::transform(word.begin(), word.end(), word.begin(), [](char ch) { return static_cast<char>(std::tolower(ch)); });
        i = j;
        if (is_one_of(word, kProseWords)) return std::nullopt;
        // One letter is a unit only as a known short name: "\mathrm{i}" is the imaginary unit.
        if (word.size() == 1 && !alias_of(word)) return std::nullopt;
        if (word == "per") {
            if (!next_segment()) return std::nullopt;
        } else if (word == "square" || word == "sq") {
            segment.exponent *= 2;
        } else if (word == "cubic") {
            segment.exponent *= 3;
        } else if (word != "each") { // "dollars each" is dollars
            segment.words.push_back(std::move(word));
        }
    }
    if (!add_segment(out, segment, sign)) return std::nullopt;
    if (out.empty()) return std::nullopt;
    return raised(out, power);
}

namespace {

struct SideUnit {
    Dimension dimension;
    bool unlike_terms = false;    // a sum of units that convert, or a unit under a power or a root
    bool different_things = false; // a sum of counts of different things: "2 adults + 3 children"
};

class UnitReader {
public:
    UnitReader(std::size_t offset, std::string_view text, const std::vector<WrittenUnit> & units)
        : offset_(offset), text_(text), units_(units) {}

    SideUnit read(const Expression & e) {
        SideUnit out;
        switch (e.kind) {
        case Kind::kNegate: out = read(e.operands[0]); break; // its unit is its operand's
        case Kind::kAdd:
        case Kind::kSubtract: {
            // Terms in one unit keep it ("18 dollars + 1/2 × 18 dollars": a bare number takes the
            // unit). Terms in different units add counts of things ("13 members + 3 coaches"), a
            // sum with no unit of its own, unless a unit converts: "2 hours + 30 minutes" may
            // leave out a factor.
            std::vector<Dimension> term_units;
            for (const Expression & operand : e.operands) {
                SideUnit term = read(operand);
                out.unlike_terms = out.unlike_terms || term.unlike_terms;
                out.different_things = out.different_things || term.different_things;
                if (!term.dimension.empty()) term_units.push_back(std::move(term.dimension));
            }
            const bool alike = std::all_of(term_units.begin(), term_units.end(), [&](const Dimension & d) { return d == term_units.front(); });
            if (alike && !term_units.empty()) out.dimension = term_units.front();
            if (!alike) {
                out.unlike_terms = out.unlike_terms || std::any_of(term_units.begin(), term_units.end(), has_a_convertible_unit);
                out.different_things = true;
            }
            break;
        }
        case Kind::kMultiply:
        case Kind::kDivide:
            for (std::size_t i = 0; i < e.operands.size(); ++i) {
                const SideUnit factor = read(e.operands[i]);
                out.unlike_terms = out.unlike_terms || factor.unlike_terms;
                out.different_things = out.different_things || factor.different_things;
                multiply(out.dimension, factor.dimension, e.kind == Kind::kDivide && i > 0 ? -1 : 1);
            }
            break;
        case Kind::kPower:
        case Kind::kSquareRoot:
            for (const Expression & operand : e.operands) {
                const SideUnit inner = read(operand);
                out.unlike_terms = out.unlike_terms || inner.unlike_terms || !inner.dimension.empty();
            }
            break;
        default: break;
        }
        // A unit belongs to the innermost node it follows: a number, or a group in parentheses
        // ("(3 + 24 + 1) \text{ people}"), never also to the product that ends with it. A number
        // in parentheses of its own, as a fraction's numerator ("\frac{7 \text{ hours}}{…}"), has
        // its unit inside them; a dollar sign stands before its number.
        if (e.kind == Kind::kNumber) add(out, unit_before(e));
        const bool operand_ends_here = !e.operands.empty() && e.operands.back().end == e.end;
        if (!operand_ends_here) {
            const Dimension * within = e.kind == Kind::kNumber ? unit_within(e) : nullptr;
            add(out, within != nullptr ? within : unit_after(e.end));
        }
        return out;
    }

    // The units written after the numbers read so far.
    const std::vector<const Dimension *> & written() const { return written_; }

private:
    void add(SideUnit & out, const Dimension * unit) {
        if (unit == nullptr) return;
        multiply(out.dimension, *unit, 1);
        written_.push_back(unit);
    }

    // The first unit at or after `at` (in the normalized text).
    std::vector<WrittenUnit>::const_iterator first_from(std::size_t at) const {
        return std::lower_bound(units_.begin(), units_.end(), at, [](const WrittenUnit & u, std::size_t p) { return u.at < p; });
    }

    // A unit written after `end` with only spaces between.
    const Dimension * unit_after(std::size_t end) const {
        const std::size_t at = offset_ + end;
        const auto it = first_from(at);
        if (it == units_.end() || it->before_number || skip_spaces(text_.substr(0, it->at), at) != it->at) return nullptr;
        return &it->dimension;
    }

    // A unit written after a number inside its own parentheses.
    const Dimension * unit_within(const Expression & number) const {
        const auto it = first_from(offset_ + number.begin + 1);
        return it != units_.end() && !it->before_number && it->at < offset_ + number.end ? &it->dimension : nullptr;
    }

    // A unit written before a number ("\$20"), with only spaces between, or inside its parentheses.
    const Dimension * unit_before(const Expression & number) const {
        const std::size_t begin = offset_ + number.begin;
        auto it = first_from(offset_ + number.end);
        if (it == units_.begin()) return nullptr;
        --it;
        const bool touches = it->at >= begin || skip_spaces(text_.substr(0, begin), it->at) == begin;
        return it->before_number && touches ? &it->dimension : nullptr;
    }

    std::size_t offset_;
    std::string_view text_;
    const std::vector<WrittenUnit> & units_;
    std::vector<const Dimension *> written_;
};

// Whether what tells the sides' units apart (`difference`: left over right) may be a factor the
// claim leaves out: a count in words (a dozen), or two units of one kind (hours and minutes) that
// no single written unit relates, as a rate does ("minutes per day" relates minutes and days;
// "\frac{7 \text{ hours}}{10 \text{ minutes per pizza}} = 7 \times 6" hides a 60).
bool may_hide_a_conversion(const Dimension & difference, const std::vector<const Dimension *> & written) {
    for (auto a = difference.begin(); a != difference.end(); ++a) {
        if (is_scale(a->first)) return true;
        const std::string_view kind = kind_of(a->first);
        if (kind.empty()) continue;
        for (auto b = std::next(a); b != difference.end(); ++b) {
            if (kind_of(b->first) != kind) continue;
            const bool a_rate = std::any_of(written.begin(), written.end(), [&](const Dimension * unit) {
                return unit->contains(a->first) && unit->contains(b->first);
            });
            if (!a_rate) return true;
        }
    }
    return false;
}

// Whether the sides' values are a usual conversion factor apart (10, 12, 60, 100, 1000 …).
bool differ_by_a_conversion_factor(const Expression & left, const Expression & right) {
    static const std::array<Rational, 14> kFactors = {10, 12, 16, 24, 36, 52, 60, 100, 365, 1000, 1440, 3600, 5280, 1000000};
    const Evaluation l = evaluate(left);
    const Evaluation r = evaluate(right);
    if (!l.ok() || !r.ok() || l.value == 0 || r.value == 0) return false;
    const Rational ratio = abs(l.value / r.value);
    return std::any_of(kFactors.begin(), kFactors.end(),
                       [&](const Rational & f) { return ratio == f || ratio * f == 1; });
}

} // namespace

UnitMatch compare_units(const Expression & left, const Expression & right, std::size_t offset, std::string_view text,
                        const std::vector<WrittenUnit> & units) {
    if (units.empty()) return UnitMatch::kNone;
    UnitReader reader(offset, text, units);
    const SideUnit l = reader.read(left);
    const SideUnit r = reader.read(right);
    if (reader.written().empty()) return UnitMatch::kNone;
    if (l.unlike_terms || r.unlike_terms) return UnitMatch::kIncomparable;
    if (l.dimension == r.dimension) return UnitMatch::kSame;
    // "2 adults + 3 children = 35 dollars", "3箱 + 2箱 = 60瓶": sides that count different things
    // leave out what each is worth.
    if ((l.different_things && !r.dimension.empty()) || (r.different_things && !l.dimension.empty())) return UnitMatch::kIncomparable;
    const bool disjoint = std::none_of(l.dimension.begin(), l.dimension.end(), [&](const auto & unit) { return r.dimension.contains(unit.first); });
    if (disjoint && !l.dimension.empty() && !r.dimension.empty()) return UnitMatch::kIncomparable;
    Dimension difference = l.dimension;
    multiply(difference, r.dimension, -1);
    if (may_hide_a_conversion(difference, reader.written())) return UnitMatch::kIncomparable;
    // "4 × 25 cents = $1", "3 × 20 minutes = 1": a unit on one side only, and the sides a usual
    // factor apart, is a conversion the other side left unwritten.
    if (has_a_convertible_unit(difference) && differ_by_a_conversion_factor(left, right)) return UnitMatch::kIncomparable;
    return UnitMatch::kDifferent;
}

} // namespace r1tune::verify::arithmetic

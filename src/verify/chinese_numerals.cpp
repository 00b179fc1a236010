#include "verify/chinese_numerals.h"

#include <array>
#include <utility>

namespace r1tune::verify {

namespace {

enum class Kind { kDigit, kUnit, kBigUnit };

struct Glyph {
    std::string_view text;
    Kind kind;
    int value; // a digit's value; a unit's multiplier (10, 100, 1000); a big unit's power of ten
};

constexpr std::array kGlyphs = {
    Glyph{"零", Kind::kDigit, 0}, Glyph{"〇", Kind::kDigit, 0},
    Glyph{"一", Kind::kDigit, 1}, Glyph{"壹", Kind::kDigit, 1},
    Glyph{"二", Kind::kDigit, 2}, Glyph{"两", Kind::kDigit, 2}, Glyph{"贰", Kind::kDigit, 2},
    Glyph{"兩", Kind::kDigit, 2}, Glyph{"貳", Kind::kDigit, 2},
    Glyph{"三", Kind::kDigit, 3}, Glyph{"叁", Kind::kDigit, 3}, Glyph{"參", Kind::kDigit, 3},
    Glyph{"四", Kind::kDigit, 4}, Glyph{"肆", Kind::kDigit, 4},
    Glyph{"五", Kind::kDigit, 5}, Glyph{"伍", Kind::kDigit, 5},
    Glyph{"六", Kind::kDigit, 6}, Glyph{"陆", Kind::kDigit, 6}, Glyph{"陸", Kind::kDigit, 6},
    Glyph{"七", Kind::kDigit, 7}, Glyph{"柒", Kind::kDigit, 7},
    Glyph{"八", Kind::kDigit, 8}, Glyph{"捌", Kind::kDigit, 8},
    Glyph{"九", Kind::kDigit, 9}, Glyph{"玖", Kind::kDigit, 9},
    Glyph{"十", Kind::kUnit, 10}, Glyph{"拾", Kind::kUnit, 10},
    Glyph{"百", Kind::kUnit, 100}, Glyph{"佰", Kind::kUnit, 100},
    Glyph{"千", Kind::kUnit, 1000}, Glyph{"仟", Kind::kUnit, 1000},
    Glyph{"万", Kind::kBigUnit, 4}, Glyph{"萬", Kind::kBigUnit, 4},
    Glyph{"亿", Kind::kBigUnit, 8}, Glyph{"億", Kind::kBigUnit, 8},
};

bool starts_with_at(std::string_view s, std::size_t i, std::string_view prefix) {
    return i <= s.size() && s.substr(i, prefix.size()) == prefix;
}

// Returns the length of whichever of `options` starts at `i`, or 0.
std::size_t match_any(std::string_view s, std::size_t i, std::initializer_list<std::string_view> options) {
    for (std::string_view option : options) {
        if (starts_with_at(s, i, option)) return option.size();
    }
    return 0;
}

const Glyph * glyph_at(std::string_view s, std::size_t i) {
    for (const Glyph & glyph : kGlyphs) {
        if (starts_with_at(s, i, glyph.text)) return &glyph;
    }
    return nullptr;
}

mpz_class power_of_ten(int exponent) {
    mpz_class out;
    mpz_ui_pow_ui(out.get_mpz_t(), 10, static_cast<unsigned long>(exponent));
    return out;
}

struct Part {
    Rational value;
    std::size_t end = 0;
    std::size_t characters = 0;
    bool integer = true;      // no 点 part
    bool dropped_unit = false; // 一百五: a trailing digit stood for the next lower unit
};

// A run of bare digits: one digit, or a positional string such as 二〇二四. Without a zero a run
// of two or more is a range (三四只: three or four), which has no single value.
std::optional<Part> read_digit_string(std::string_view s, std::size_t i) {
    Part out;
    std::string digits;
    bool has_zero = false;
    std::size_t j = i;
    for (const Glyph * g; (g = glyph_at(s, j)) && g->kind == Kind::kDigit; j += g->text.size()) {
        digits += static_cast<char>('0' + g->value);
        has_zero |= g->value == 0;
    }
    if (digits.empty() || (digits.size() > 1 && !has_zero)) return std::nullopt;
    out.value = Rational(mpz_class(digits, 10));
    out.end = j;
    out.characters = digits.size();
    return out;
}

// A numeral with units, read up to the first character that would make it malformed.
std::optional<Part> read_with_units(std::string_view s, std::size_t i) {
    mpz_class yi = 0, wan = 0, section = 0;
    int pending = -1;        // the digit read but not yet multiplied by a unit
    bool zero = false;       // a 零 since the last unit: 一百零五 is 105, not 150
    bool wan_used = false;   // 万 once per 亿 group
    int last_small = 10000;  // units within a group must fall: 千, then 百, then 十
    int last_unit_power = 0; // power of ten of the unit applied last
    std::size_t j = i, characters = 0;
    for (const Glyph * g; (g = glyph_at(s, j)) != nullptr; j += g->text.size(), ++characters) {
        if (g->kind == Kind::kDigit) {
            if (pending >= 0) break;
            if (g->value == 0) zero = true;
            else pending = g->value;
            continue;
        }
        if (g->kind == Kind::kUnit) {
            int digit = pending;
            if (digit < 0) {
                if (g->value != 10) break; // 十二 means one ten; a bare 百 or 千 is not a numeral
                digit = 1;
            }
            if (g->value >= last_small) break;
            section += digit * g->value;
            last_small = g->value;
            last_unit_power = g->value == 10 ? 1 : g->value == 100 ? 2 : 3;
        } else {
            const mpz_class group = section + (pending > 0 ? pending : 0);
            if (g->value == 4) {
                if (wan_used || group == 0) break;
                wan = group * 10000;
                wan_used = true;
            } else {
                if (group + wan == 0) break;
                yi = (yi + wan + group) * power_of_ten(8);
                wan = 0;
                wan_used = false;
            }
            section = 0;
            last_small = 10000;
            last_unit_power = g->value;
        }
        pending = -1;
        zero = false;
    }
    if (characters == 0) return std::nullopt;
    Part out;
    mpz_class last = pending > 0 ? mpz_class(pending) : mpz_class(0);
    if (pending > 0 && !zero && last_unit_power >= 2) {
        last *= power_of_ten(last_unit_power - 1);
        out.dropped_unit = true;
    }
    out.value = Rational(yi + wan + section + last);
    out.end = j;
    out.characters = characters;
    return out;
}

std::optional<Part> read_integer(std::string_view s, std::size_t i) {
    bool has_unit = false;
    for (std::size_t j = i; const Glyph * g = glyph_at(s, j); j += g->text.size()) {
        has_unit |= g->kind != Kind::kDigit;
    }
    return has_unit ? read_with_units(s, i) : read_digit_string(s, i);
}

// An integer, optionally followed by 点 and digits read one by one (三点一四).
std::optional<Part> read_decimal(std::string_view s, std::size_t i) {
    auto whole = read_integer(s, i);
    if (!whole || whole->dropped_unit) return whole;
    const std::size_t point = match_any(s, whole->end, {"点", "點"});
    if (point == 0) return whole;
    std::string digits;
    std::size_t j = whole->end + point;
    for (const Glyph * g; (g = glyph_at(s, j)) && g->kind == Kind::kDigit; j += g->text.size()) {
        digits += static_cast<char>('0' + g->value);
    }
    if (digits.empty()) return whole; // 三点钟: the 点 is not a decimal point
    Rational fraction(mpz_class(digits, 10), power_of_ten(static_cast<int>(digits.size())));
    fraction.canonicalize();
    whole->value += fraction;
    whole->end = j;
    whole->characters += 1 + digits.size();
    whole->integer = false;
    return whole;
}

// The numerator after 分之: Chinese (百分之三点五) or, as datasets also write, Arabic (百分之50).
std::optional<Part> read_numerator(std::string_view s, std::size_t i) {
    if (auto chinese = read_decimal(s, i)) return chinese;
    const std::string_view rest = s.substr(i);
    if (rest.empty() || rest[0] == '+' || rest[0] == '-') return std::nullopt;
    auto literal = parse_number(rest);
    if (!literal || literal->percent) return std::nullopt;
    Part out;
    out.value = literal->value;
    out.end = i + literal->length;
    out.characters = 1;
    return out;
}

// B/A once "A分之" has been read: `denominator` ends at `i`.
std::optional<ChineseNumber> read_fraction(std::string_view s, std::size_t i, const Rational & denominator,
                                           std::size_t characters) {
    auto numerator = read_numerator(s, i);
    if (!numerator || denominator == 0) return std::nullopt;
    ChineseNumber out;
    out.value = numerator->value / denominator;
    out.length = numerator->end;
    out.characters = characters + numerator->characters;
    out.percent = denominator == 100;
    return out;
}

std::optional<ChineseNumber> read_unsigned(std::string_view s, std::size_t i) {
    // 百分之, 千分之, 万分之: the denominator is a bare unit, which is no numeral on its own.
    static constexpr std::array<std::pair<std::string_view, int>, 3> kBareDenominators = {
        {{"百分之", 100}, {"千分之", 1000}, {"万分之", 10000}}};
    for (const auto & [prefix, denominator] : kBareDenominators) {
        if (starts_with_at(s, i, prefix)) return read_fraction(s, i + prefix.size(), denominator, 3);
    }
    auto whole = read_decimal(s, i);
    if (!whole) return std::nullopt;
    if (whole->integer && starts_with_at(s, whole->end, "分之")) {
        if (auto fraction = read_fraction(s, whole->end + 6, whole->value, whole->characters + 2)) return fraction;
    }
    if (whole->integer && starts_with_at(s, whole->end, "又")) {
        const std::size_t after = whole->end + 3;
        auto denominator = read_integer(s, after);
        if (denominator && starts_with_at(s, denominator->end, "分之")) {
            auto fraction = read_fraction(s, denominator->end + 6, denominator->value,
                                          whole->characters + denominator->characters + 3);
            if (fraction && !fraction->percent) {
                fraction->value += whole->value;
                return fraction;
            }
        }
    }
    ChineseNumber out;
    out.value = whole->value;
    out.length = whole->end;
    out.characters = whole->characters;
    return out;
}

} // namespace

std::optional<ChineseNumber> parse_chinese_number(std::string_view text) {
    const std::size_t sign = match_any(text, 0, {"负", "負"});
    auto out = read_unsigned(text, sign);
    if (!out) return std::nullopt;
    if (sign != 0) {
        out->value = -out->value;
        out->characters += 1;
    }
    return out;
}

bool starts_chinese_numeral(std::string_view text) {
    return glyph_at(text, 0) != nullptr || match_any(text, 0, {"负", "負"}) != 0;
}

} // namespace r1tune::verify

#include "verify/number.h"

#include <array>

namespace r1tune::verify {

namespace {

// Reads one ASCII or full-width digit at `i`; returns its value and advances `i`, or -1.
int read_digit(std::string_view s, std::size_t & i) {
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') return s[i++] - '0';
    // Full-width digits are U+FF10..U+FF19: EF BC 90..99.
    if (i + 3 <= s.size() && static_cast<unsigned char>(s[i]) == 0xEF &&
        static_cast<unsigned char>(s[i + 1]) == 0xBC) {
        const auto c = static_cast<unsigned char>(s[i + 2]);
        if (c >= 0x90 && c <= 0x99) {
            i += 3;
            return c - 0x90;
        }
    }
    return -1;
}

bool starts_with_at(std::string_view s, std::size_t i, std::string_view prefix) {
    return s.substr(i, prefix.size()) == prefix;
}

// Reads a run of digits into `out`; returns how many digits were read.
int read_digits(std::string_view s, std::size_t & i, std::string & out) {
    int n = 0;
    for (int d; (d = read_digit(s, i)) >= 0; ++n) out += static_cast<char>('0' + d);
    return n;
}

// A thousands separator at `i` is followed by exactly three digits and then no fourth.
bool thousands_group_at(std::string_view s, std::size_t i, std::size_t & after) {
    for (std::string_view sep : {std::string_view(","), std::string_view("，")}) {
        if (!starts_with_at(s, i, sep)) continue;
        std::size_t j = i + sep.size();
        std::string group;
        if (read_digits(s, j, group) == 3) {
            after = i + sep.size();
            return true;
        }
    }
    return false;
}

} // namespace

std::optional<NumberLiteral> parse_number(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    static constexpr std::array<std::pair<std::string_view, bool>, 4> kSigns = {
        {{"+", false}, {"-", true}, {"−", true}, {"－", true}}};
    for (const auto & [sign, is_negative] : kSigns) {
        if (starts_with_at(text, 0, sign)) {
            i = sign.size();
            negative = is_negative;
            break;
        }
    }
    std::string digits;
    const int leading = read_digits(text, i, digits);
    if (leading == 0) return std::nullopt;
    // Grouping is only read when the first group has one to three digits (12,345 but not 1234,567).
    for (std::size_t after; leading <= 3 && thousands_group_at(text, i, after);) {
        i = after;
        read_digits(text, i, digits);
    }
    NumberLiteral out;
    std::string fraction;
    for (std::string_view point : {std::string_view("."), std::string_view("．")}) {
        if (!starts_with_at(text, i, point)) continue;
        std::size_t j = i + point.size();
        if (read_digits(text, j, fraction) > 0) {
            i = j;
            out.decimal = true;
        }
        break;
    }
    mpz_class numerator(digits + fraction, 10);
    mpz_class denominator;
    mpz_ui_pow_ui(denominator.get_mpz_t(), 10, fraction.size());
    if (starts_with_at(text, i, "%") || starts_with_at(text, i, "％")) {
        i += text[i] == '%' ? 1 : 3;
        denominator *= 100;
        out.percent = true;
    }
    out.value = Rational(negative ? mpz_class(-numerator) : numerator, denominator);
    out.value.canonicalize();
    out.length = i;
    return out;
}

std::string to_canonical(const Rational & value) { return value.get_str(); }

std::string to_display(const Rational & value, int max_places) {
    mpz_class denominator = value.get_den();
    // A finite decimal exists when the denominator has no prime factors but 2 and 5.
    int twos = 0, fives = 0;
    while (mpz_divisible_ui_p(denominator.get_mpz_t(), 2)) { denominator /= 2; ++twos; }
    while (mpz_divisible_ui_p(denominator.get_mpz_t(), 5)) { denominator /= 5; ++fives; }
    const int places = std::max(twos, fives);
    if (denominator != 1 || places > max_places) return to_canonical(value);
    if (places == 0) return value.get_num().get_str();
    mpz_class scale;
    mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(places));
    mpz_class scaled = value.get_num() * scale / value.get_den();
    const bool negative = scaled < 0;
    std::string digits = mpz_class(abs(scaled)).get_str();
    if (digits.size() <= static_cast<std::size_t>(places)) digits.insert(0, places + 1 - digits.size(), '0');
    digits.insert(digits.size() - places, ".");
    return (negative ? "-" : "") + digits;
}

} // namespace r1tune::verify

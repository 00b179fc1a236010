#include "verify/expression.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "text/characters.h"

namespace r1tune::verify {

namespace {

using text::character_at;
using text::is_cjk_ideograph;

// ---- Characters ---------------------------------------------------------------------------

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Full-width digits start a number as well as ASCII ones.
bool starts_digit(std::string_view s, std::size_t i) {
    if (i < s.size() && is_ascii_digit(s[i])) return true;
    const auto [cp, length] = character_at(s, i);
    return length == 3 && cp >= 0xFF10 && cp <= 0xFF19;
}

// Spaces a model or a user puts between tokens, including no-break, thin and ideographic ones.
std::size_t space_length(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') return 1;
    const auto [cp, length] = character_at(s, i);
    return (cp == 0xA0 || cp == 0x3000 || cp == 0x2009 || cp == 0x202F || cp == 0x200B) ? length : 0;
}

// ---- Tokens ---------------------------------------------------------------------------------

enum class Tok {
    kEnd, kNumber, kName, kPlus, kMinus, kTimes, kDivide, kPower, kSuperscript, kRoot,
    kOpen, kClose, kCompare, kAnd, kOr, kUnknown,
};

struct Token {
    Tok kind = Tok::kEnd;
    std::size_t begin = 0;
    std::size_t end = 0;
    Rational number;       // kNumber; kSuperscript: the exponent
    std::string name;      // kName
    Comparison comparison = Comparison::kEqual;
};

struct Symbol {
    std::string_view text;
    Tok kind;
    Comparison comparison = Comparison::kEqual;
};

// Longer spellings first, so "<=" is not read as "<" then "=".
constexpr std::array kSymbols = {
    Symbol{"**", Tok::kPower},   Symbol{"==", Tok::kCompare, Comparison::kEqual},
    Symbol{"!=", Tok::kCompare, Comparison::kNotEqual},
    Symbol{"<=", Tok::kCompare, Comparison::kLessEqual},
    Symbol{">=", Tok::kCompare, Comparison::kGreaterEqual},
    Symbol{"&&", Tok::kAnd},     Symbol{"||", Tok::kOr},
    Symbol{"+", Tok::kPlus},     Symbol{"＋", Tok::kPlus},
    Symbol{"-", Tok::kMinus},    Symbol{"−", Tok::kMinus},   Symbol{"－", Tok::kMinus},
    Symbol{"*", Tok::kTimes},    Symbol{"×", Tok::kTimes},   Symbol{"·", Tok::kTimes},
    Symbol{"⋅", Tok::kTimes},    Symbol{"∙", Tok::kTimes},   Symbol{"＊", Tok::kTimes},
    Symbol{"/", Tok::kDivide},   Symbol{"÷", Tok::kDivide},  Symbol{"／", Tok::kDivide},
    Symbol{"∕", Tok::kDivide},
    Symbol{"^", Tok::kPower},    Symbol{"＾", Tok::kPower},
    Symbol{"√", Tok::kRoot},
    Symbol{"(", Tok::kOpen},     Symbol{"（", Tok::kOpen},
    Symbol{")", Tok::kClose},    Symbol{"）", Tok::kClose},
    Symbol{"=", Tok::kCompare, Comparison::kEqual},
    Symbol{"＝", Tok::kCompare, Comparison::kEqual},
    Symbol{"≠", Tok::kCompare, Comparison::kNotEqual},
    Symbol{"≤", Tok::kCompare, Comparison::kLessEqual},
    Symbol{"⩽", Tok::kCompare, Comparison::kLessEqual},
    Symbol{"≥", Tok::kCompare, Comparison::kGreaterEqual},
    Symbol{"⩾", Tok::kCompare, Comparison::kGreaterEqual},
    Symbol{"<", Tok::kCompare, Comparison::kLess},
    Symbol{"＜", Tok::kCompare, Comparison::kLess},
    Symbol{">", Tok::kCompare, Comparison::kGreater},
    Symbol{"＞", Tok::kCompare, Comparison::kGreater},
    Symbol{"∧", Tok::kAnd},      Symbol{"∨", Tok::kOr},
};

// The digit a superscript character stands for, 10 for the superscript minus, or -1.
int superscript_digit(std::uint32_t cp) {
    if (cp == 0x2070) return 0;
    if (cp == 0xB9) return 1;
    if (cp == 0xB2) return 2;
    if (cp == 0xB3) return 3;
    if (cp >= 0x2074 && cp <= 0x2079) return static_cast<int>(cp - 0x2070);
    if (cp == 0x207B) return 10;
    return -1;
}

class Lexer {
public:
    Lexer(std::string_view text, const ParseOptions & options) : text_(text), options_(options) {}

    // The token at byte `at` (after any spaces there).
    Token read(std::size_t at) const {
        while (std::size_t n = space_length(text_, at)) at += n;
        Token token;
        token.begin = at;
        token.end = at;
        if (at >= text_.size()) return token;
        if (starts_digit(text_, at)) return read_number(token);
        if (is_ascii_letter(text_[at])) return read_ascii_name(token);
        const auto [cp, length] = character_at(text_, at);
        if (superscript_digit(cp) >= 0) return read_superscript(token);
        if (options_.logic && (cp == 0x4E14 || cp == 0x6216)) { // 且, 或
            token.kind = cp == 0x4E14 ? Tok::kAnd : Tok::kOr;
            token.end = at + length;
            return token;
        }
        if (options_.cjk_names && is_cjk_ideograph(cp)) return read_cjk_name(token);
        for (const Symbol & symbol : kSymbols) {
            if (text_.substr(at, symbol.text.size()) == symbol.text) {
                token.kind = symbol.kind;
                token.comparison = symbol.comparison;
                token.end = at + symbol.text.size();
                return token;
            }
        }
        token.kind = Tok::kUnknown;
        token.end = at + length;
        return token;
    }

private:
    Token read_number(Token token) const {
        const auto literal = parse_number(text_.substr(token.begin));
        token.kind = Tok::kNumber;
        token.number = literal->value; // a digit always starts a literal
        token.end = token.begin + literal->length;
        return token;
    }

    Token read_ascii_name(Token token) const {
        std::size_t i = token.begin;
        while (i < text_.size() && (is_ascii_letter(text_[i]) || is_ascii_digit(text_[i]) || text_[i] == '_')) ++i;
        token.end = i;
        token.name = std::string(text_.substr(token.begin, i - token.begin));
        token.kind = Tok::kName;
        if (options_.logic && token.name == "and") token.kind = Tok::kAnd;
        if (options_.logic && token.name == "or") token.kind = Tok::kOr;
        return token;
    }

    Token read_cjk_name(Token token) const {
        std::size_t i = token.begin;
        for (;;) {
            const auto [cp, length] = character_at(text_, i);
            if (length == 0 || !is_cjk_ideograph(cp) || (options_.logic && (cp == 0x4E14 || cp == 0x6216))) break;
            i += length;
        }
        token.end = i;
        token.name = std::string(text_.substr(token.begin, i - token.begin));
        token.kind = Tok::kName;
        return token;
    }

    Token read_superscript(Token token) const {
        std::size_t i = token.begin;
        bool negative = false;
        std::string digits;
        for (;;) {
            const auto [cp, length] = character_at(text_, i);
            const int digit = length ? superscript_digit(cp) : -1;
            if (digit < 0 || (digit == 10 && (negative || !digits.empty()))) break;
            if (digit == 10) negative = true;
            else digits += static_cast<char>('0' + digit);
            i += length;
        }
        token.end = i;
        if (digits.empty()) {
            token.kind = Tok::kUnknown;
            return token;
        }
        token.kind = Tok::kSuperscript;
        token.number = Rational(mpz_class(digits, 10));
        if (negative) token.number = -token.number;
        return token;
    }

    std::string_view text_;
    const ParseOptions & options_;
};

// ---- Parser ---------------------------------------------------------------------------------

using Kind = Expression::Kind;

constexpr int kMaxDepth = 200;    // deeper nesting is refused rather than risking the stack
constexpr int kMaxOperators = 2000; // so is a longer operator chain: evaluation recurses along it

class Parser {
public:
    Parser(std::string_view text, const ParseOptions & options)
        : text_(text), options_(options), lexer_(text, options) {}

    ParseResult run() {
        ParseResult result;
        auto expression = parse_or();
        if (expression && !options_.prefix) {
            const Token rest = peek();
            if (rest.kind != Tok::kEnd) {
                expression.reset();
                fail("unexpected '" + std::string(text_.substr(rest.begin, rest.end - rest.begin)) + "'", rest.begin);
            }
        }
        if (!expression) {
            result.error = error_.empty() ? "not an expression" : error_;
            result.error_offset = error_offset_;
            return result;
        }
        result.length = expression->end;
        result.expression = std::move(expression);
        return result;
    }

private:
    using Parsed = std::optional<Expression>;

    Token peek() const { return lexer_.read(pos_); }

    Parsed fail(std::string message, std::size_t offset) {
        error_ = std::move(message);
        error_offset_ = offset;
        return std::nullopt;
    }

    // Operands are moved in one by one: a braced list would copy whole subtrees, and a long sum
    // would cost quadratic time.
    static Expression node(Kind kind, Expression first, std::optional<Expression> second = std::nullopt) {
        Expression e;
        e.kind = kind;
        e.begin = first.begin;
        e.end = second ? second->end : first.end;
        e.operands.reserve(second ? 2 : 1);
        e.operands.push_back(std::move(first));
        if (second) e.operands.push_back(std::move(*second));
        return e;
    }

    // A number where a number belongs; a comparison there is a mistake in the text.
    bool is_number_operand(const Expression & e) {
        if (!is_condition(e)) return true;
        fail("a comparison cannot be used as a number", e.begin);
        return false;
    }

    bool is_condition_operand(const Expression & e) {
        if (is_condition(e)) return true;
        fail("'&&' and '||' join comparisons, not numbers", e.begin);
        return false;
    }

    // Left-associative operators of one level: `kind_of` names the node an operator token makes,
    // or nothing when the token is not one of them. In prefix mode an operator whose right operand
    // does not parse ends the expression before the operator; otherwise it is an error.
    Parsed binary_loop(Parsed left, std::optional<Kind> (*kind_of)(Tok), Parsed (Parser::*operand)(), bool conditions) {
        for (;;) {
            const Token op = peek();
            const std::optional<Kind> kind = kind_of(op.kind);
            if (!kind) return left;
            const std::size_t saved = pos_;
            pos_ = op.end;
            Parsed right = (this->*operand)();
            if (!right) {
                if (!options_.prefix) return std::nullopt;
                pos_ = saved;
                return left;
            }
            if (conditions ? !is_condition_operand(*left) || !is_condition_operand(*right)
                           : !is_number_operand(*left) || !is_number_operand(*right))
                return std::nullopt;
            left = node(*kind, std::move(*left), std::move(*right));
            if (++operators_ > kMaxOperators) return fail("the expression is too long", op.begin);
        }
    }

    static std::optional<Kind> or_kind(Tok t) { return t == Tok::kOr ? std::optional(Kind::kOr) : std::nullopt; }
    static std::optional<Kind> and_kind(Tok t) { return t == Tok::kAnd ? std::optional(Kind::kAnd) : std::nullopt; }
    static std::optional<Kind> sum_kind(Tok t) {
        if (t == Tok::kPlus) return Kind::kAdd;
        if (t == Tok::kMinus) return Kind::kSubtract;
        return std::nullopt;
    }

    Parsed parse_or() {
        Parsed left = parse_and();
        if (!left) return left;
        return binary_loop(std::move(left), &Parser::or_kind, &Parser::parse_and, true);
    }

    Parsed parse_and() {
        Parsed left = parse_comparison();
        if (!left) return left;
        return binary_loop(std::move(left), &Parser::and_kind, &Parser::parse_comparison, true);
    }

    Parsed parse_comparison() {
        Parsed first = parse_sum();
        if (!first) return first;
        Expression chain;
        chain.kind = Kind::kCompare;
        chain.operands.push_back(std::move(*first));
        for (Token op = peek(); op.kind == Tok::kCompare; op = peek()) {
            const std::size_t saved = pos_;
            pos_ = op.end;
            Parsed right = parse_sum();
            if (!right) {
                if (!options_.prefix) return std::nullopt;
                pos_ = saved;
                break;
            }
            chain.operands.push_back(std::move(*right));
            chain.comparisons.push_back(op.comparison);
        }
        if (chain.comparisons.empty()) return std::move(chain.operands.front());
        for (const Expression & operand : chain.operands)
            if (!is_number_operand(operand)) return std::nullopt;
        chain.begin = chain.operands.front().begin;
        chain.end = chain.operands.back().end;
        return chain;
    }

    Parsed parse_sum() {
        Parsed left = parse_product();
        if (!left) return left;
        return binary_loop(std::move(left), &Parser::sum_kind, &Parser::parse_product, false);
    }

    // Implicit multiplication needs the factors to touch: "2c", "3(b+1)", "(a+b)(a-b)". With a
    // space between, "46 (2×23)" is a number and a remark, not a product.
    bool implicit_factor_follows(const Expression & left) const {
        const Token next = peek();
        if (next.begin != left.end) return false;
        const bool left_is_number = left.kind == Kind::kNumber;
        switch (next.kind) {
        case Tok::kName: return left.kind != Kind::kVariable; // "ab" is one name, so never name·name
        case Tok::kOpen: return true;
        case Tok::kRoot: return left_is_number;
        default: return false;
        }
    }

    Parsed parse_product() {
        Parsed left = parse_unary();
        if (!left) return left;
        for (;;) {
            const Token op = peek();
            const bool implicit = implicit_factor_follows(*left);
            if (!implicit && op.kind != Tok::kTimes && op.kind != Tok::kDivide) return left;
            const std::size_t saved = pos_;
            if (!implicit) pos_ = op.end;
            // An implicit factor is a power, not a unary: "2-3" must stay a subtraction.
            Parsed right = implicit ? parse_power() : parse_unary();
            if (!right) {
                if (!options_.prefix) return std::nullopt;
                pos_ = saved;
                return left;
            }
            if (!is_number_operand(*left) || !is_number_operand(*right)) return std::nullopt;
            const Kind kind = !implicit && op.kind == Tok::kDivide ? Kind::kDivide : Kind::kMultiply;
            left = node(kind, std::move(*left), std::move(*right));
            if (++operators_ > kMaxOperators) return fail("the expression is too long", op.begin);
        }
    }

    Parsed parse_unary() {
        const Token op = peek();
        if (op.kind != Tok::kMinus && op.kind != Tok::kPlus) return parse_power();
        if (++depth_ > kMaxDepth) return fail("the expression is nested too deeply", op.begin);
        pos_ = op.end;
        Parsed operand = parse_unary();
        --depth_;
        if (!operand) return operand;
        if (!is_number_operand(*operand)) return std::nullopt;
        if (op.kind == Tok::kPlus) {
            operand->begin = op.begin;
            return operand;
        }
        Expression e = node(Kind::kNegate, std::move(*operand));
        e.begin = op.begin;
        return e;
    }

    Parsed parse_power() {
        Parsed base = parse_postfix();
        if (!base) return base;
        const Token op = peek();
        if (op.kind != Tok::kPower) return base;
        const std::size_t saved = pos_;
        pos_ = op.end;
        // Right-associative, so a chain 2^2^2… nests one level per ^: counted like parentheses.
        if (++depth_ > kMaxDepth) return fail("the expression is nested too deeply", op.begin);
        Parsed exponent = parse_unary(); // 2^-1 is allowed
        --depth_;
        if (!exponent) {
            if (!options_.prefix) return std::nullopt;
            pos_ = saved;
            return base;
        }
        if (!is_number_operand(*base) || !is_number_operand(*exponent)) return std::nullopt;
        return node(Kind::kPower, std::move(*base), std::move(*exponent));
    }

    // Superscripts bind to the primary they touch: 2x² is 2·(x²).
    Parsed parse_postfix() {
        Parsed base = parse_primary();
        if (!base) return base;
        for (Token sup = peek(); sup.kind == Tok::kSuperscript && sup.begin == base->end; sup = peek()) {
            if (!is_number_operand(*base)) return std::nullopt;
            pos_ = sup.end;
            Expression exponent;
            exponent.number = sup.number;
            exponent.begin = sup.begin;
            exponent.end = sup.end;
            base = node(Kind::kPower, std::move(*base), std::move(exponent));
        }
        return base;
    }

    Parsed parse_primary() {
        const Token token = peek();
        switch (token.kind) {
        case Tok::kNumber: {
            pos_ = token.end;
            Expression e;
            e.number = token.number;
            e.begin = token.begin;
            e.end = token.end;
            return e;
        }
        case Tok::kName: {
            pos_ = token.end;
            Expression e;
            e.kind = Kind::kVariable;
            e.name = token.name;
            e.begin = token.begin;
            e.end = token.end;
            return e;
        }
        case Tok::kOpen: {
            if (++depth_ > kMaxDepth) return fail("the expression is nested too deeply", token.begin);
            pos_ = token.end;
            Parsed inner = parse_or();
            --depth_;
            if (!inner) return inner;
            const Token close = peek();
            if (close.kind != Tok::kClose) return fail("a '(' is not closed", token.begin);
            pos_ = close.end;
            inner->begin = token.begin;
            inner->end = close.end;
            return inner;
        }
        case Tok::kRoot: {
            if (++depth_ > kMaxDepth) return fail("the expression is nested too deeply", token.begin);
            pos_ = token.end;
            Parsed operand = parse_postfix();
            --depth_;
            if (!operand) return operand;
            if (!is_number_operand(*operand)) return std::nullopt;
            Expression e = node(Kind::kSquareRoot, std::move(*operand));
            e.begin = token.begin;
            return e;
        }
        case Tok::kEnd: return fail("an expression ends too early", token.begin);
        default:
            return fail("unexpected '" + std::string(text_.substr(token.begin, token.end - token.begin)) + "'",
                        token.begin);
        }
    }

    std::string_view text_;
    const ParseOptions & options_;
    Lexer lexer_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    int operators_ = 0;
    std::string error_;
    std::size_t error_offset_ = 0;
};

// ---- Evaluation -----------------------------------------------------------------------------

// Results beyond this many bits are refused: a model's "9^99999" must not stall a verifier.
constexpr unsigned long kMaxPowerBits = 1UL << 20;

Evaluation failure(EvalError error, std::string variable = {}) {
    Evaluation e;
    e.error = error;
    e.variable = std::move(variable);
    return e;
}

Evaluation value(Rational v) {
    Evaluation e;
    e.value = std::move(v);
    return e;
}

Evaluation power(const Rational & base, const Rational & exponent) {
    if (exponent.get_den() != 1) return failure(EvalError::kInexact);
    if (base == 0) {
        if (exponent < 0) return failure(EvalError::kDivisionByZero);
        return exponent == 0 ? failure(EvalError::kInexact) : value(0);
    }
    const mpz_class magnitude = abs(exponent.get_num());
    const unsigned long bits = mpz_sizeinbase(base.get_num().get_mpz_t(), 2) + mpz_sizeinbase(base.get_den().get_mpz_t(), 2);
    if (!magnitude.fits_ulong_p() || magnitude.get_ui() > kMaxPowerBits / bits) return failure(EvalError::kTooLarge);
    mpz_class num, den;
    mpz_pow_ui(num.get_mpz_t(), base.get_num().get_mpz_t(), magnitude.get_ui());
    mpz_pow_ui(den.get_mpz_t(), base.get_den().get_mpz_t(), magnitude.get_ui());
    Rational result = exponent < 0 ? Rational(den, num) : Rational(num, den);
    result.canonicalize();
    return value(std::move(result));
}

Evaluation square_root(const Rational & x) {
    if (x < 0 || !mpz_perfect_square_p(x.get_num().get_mpz_t()) || !mpz_perfect_square_p(x.get_den().get_mpz_t()))
        return failure(EvalError::kInexact);
    mpz_class num, den;
    mpz_sqrt(num.get_mpz_t(), x.get_num().get_mpz_t());
    mpz_sqrt(den.get_mpz_t(), x.get_den().get_mpz_t());
    return value(Rational(num, den));
}

bool compare(const Rational & a, Comparison comparison, const Rational & b) {
    switch (comparison) {
    case Comparison::kEqual: return a == b;
    case Comparison::kNotEqual: return a != b;
    case Comparison::kLess: return a < b;
    case Comparison::kLessEqual: return a <= b;
    case Comparison::kGreater: return a > b;
    case Comparison::kGreaterEqual: return a >= b;
    }
    return false;
}

void collect_variables(const Expression & e, std::vector<std::string> & out) {
    if (e.kind == Kind::kVariable && std::find(out.begin(), out.end(), e.name) == out.end()) out.push_back(e.name);
    for (const Expression & operand : e.operands) collect_variables(operand, out);
}

} // namespace

ParseResult parse_expression(std::string_view text, const ParseOptions & options) {
    return Parser(text, options).run();
}

bool is_condition(const Expression & expression) {
    return expression.kind == Kind::kCompare || expression.kind == Kind::kAnd || expression.kind == Kind::kOr;
}

std::vector<std::string> variables_of(const Expression & expression) {
    std::vector<std::string> out;
    collect_variables(expression, out);
    return out;
}

Evaluation evaluate(const Expression & e, const Bindings & bindings) {
    switch (e.kind) {
    case Kind::kNumber: return value(e.number);
    case Kind::kVariable: {
        const auto found = bindings.find(e.name);
        if (found == bindings.end()) return failure(EvalError::kUnboundVariable, e.name);
        return value(found->second);
    }
    case Kind::kAnd:
    case Kind::kOr: {
        Evaluation left = evaluate(e.operands[0], bindings);
        if (!left.ok()) return left;
        // The left side decides: false for &&, true for ||.
        if ((left.value != 0) == (e.kind == Kind::kOr)) return left;
        return evaluate(e.operands[1], bindings);
    }
    case Kind::kCompare: {
        Evaluation previous = evaluate(e.operands[0], bindings);
        if (!previous.ok()) return previous;
        bool holds = true;
        for (std::size_t i = 0; i < e.comparisons.size(); ++i) {
            Evaluation next = evaluate(e.operands[i + 1], bindings);
            if (!next.ok()) return next;
            holds = holds && compare(previous.value, e.comparisons[i], next.value);
            previous = std::move(next);
        }
        return value(holds ? 1 : 0);
    }
    default: break;
    }
    std::vector<Rational> values;
    for (const Expression & operand : e.operands) {
        Evaluation v = evaluate(operand, bindings);
        if (!v.ok()) return v;
        values.push_back(std::move(v.value));
    }
    switch (e.kind) {
    case Kind::kNegate: return value(-values[0]);
    case Kind::kAdd: return value(values[0] + values[1]);
    case Kind::kSubtract: return value(values[0] - values[1]);
    case Kind::kMultiply: return value(values[0] * values[1]);
    case Kind::kDivide:
        if (values[1] == 0) return failure(EvalError::kDivisionByZero);
        return value(values[0] / values[1]);
    case Kind::kPower: return power(values[0], values[1]);
    case Kind::kSquareRoot: return square_root(values[0]);
    default: return failure(EvalError::kInexact); // every kind is handled above
    }
}

} // namespace r1tune::verify

#include "eval/generators.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <unordered_set>
#include <utility>

#include "eval/problem_wordings.h"

namespace r1tune::eval {

namespace {

using text::Language;
using verify::ProblemFamily;

// ---------------------------------------------------------------------------------------------
// Reproducible draws.

// SplitMix64's finaliser: spreads (seed, family, language, ordinal) over the engine's seeds, so
// neighbouring ordinals do not start neighbouring sequences.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

class Draw {
public:
    explicit Draw(std::uint64_t seed) : engine_(seed) {}

    // Uniform in [lo, hi]. The engine's 64-bit outputs above the largest multiple of the range's
    // size are drawn again, so no value is favoured; std::uniform_int_distribution would do the
    // same job differently in each standard library.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        const std::uint64_t n = static_cast<std::uint64_t>(hi - lo) + 1;
        constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
        const std::uint64_t excess = (kMax % n + 1) % n; // 2^64 mod n
        std::uint64_t x = 0;
        do {
            x = engine_();
        } while (x > kMax - excess);
        return lo + static_cast<std::int64_t>(x % n);
    }

    bool coin() { return between(0, 1) == 1; }

    template <class T> const T & pick(const std::vector<T> & from) {
        return from[static_cast<std::size_t>(between(0, static_cast<std::int64_t>(from.size()) - 1))];
    }

private:
    std::mt19937_64 engine_; // the standard fixes its sequence, unlike the distributions'
};

// ---------------------------------------------------------------------------------------------
// Text.

// `pattern` with every {name} replaced by its value.
std::string fill(std::string_view pattern, const std::vector<std::pair<std::string_view, std::string>> & values) {
    std::string out;
    std::size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == '{') {
            const std::size_t close = pattern.find('}', i);
            const std::string_view name = pattern.substr(i + 1, close - i - 1);
            const auto it = std::find_if(values.begin(), values.end(), [&](const auto & v) { return v.first == name; });
            if (close != std::string_view::npos && it != values.end()) {
                out += it->second;
                i = close + 1;
                continue;
            }
        }
        out += pattern[i++];
    }
    return out;
}

std::string num(std::int64_t n) { return std::to_string(n); }

std::string capitalized(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

// "1 year", "3 years".
std::string count_of(std::int64_t n, std::string_view singular) {
    return num(n) + " " + std::string(singular) + (n == 1 ? "" : "s");
}

// An exact answer: a whole number or a fraction in lowest terms.
struct Fraction {
    std::int64_t num = 0;
    std::int64_t den = 1;
};

Fraction fraction(std::int64_t n, std::int64_t d) {
    if (d < 0) n = -n, d = -d;
    const std::int64_t g = std::gcd(n, d);
    return {n / g, d / g};
}

std::string to_text(const Fraction & f) { return f.den == 1 ? num(f.num) : num(f.num) + "/" + num(f.den); }

// Whether `answer` is one of the numbers the question states (see the header).
bool restates(const Fraction & answer, const std::vector<std::int64_t> & stated) {
    return answer.den == 1 && std::find(stated.begin(), stated.end(), answer.num) != stated.end();
}

struct Problem {
    std::string question;
    std::string answer;
    std::optional<std::string> constraints;
};

// Enough tries for every rejection loop below: each accepts a draw with a probability of a few
// per cent at worst.
constexpr int kTries = 100000;

// ---------------------------------------------------------------------------------------------
// 鸡兔同笼. Worded so that verify::derive_constraints finds exactly one count of heads and one
// of feet (a number directly before 个头 / 只脚 / 条腿 / heads / feet / legs).

Problem chicken_rabbit(Draw & draw, const ProblemWordings & words, bool zh) {
    const std::int64_t c = draw.between(1, 60);
    const std::int64_t r = draw.between(1, 60);
    const std::int64_t heads = c + r;
    const std::int64_t feet = 2 * c + 4 * r;
    Problem p;
    p.question = fill(draw.pick(words.of("chicken_rabbit", zh)), {{"H", num(heads)}, {"F", num(feet)}});
    // The deriver's variable names, so that the constraints bind the answer's named quantities.
    const std::string cv = zh ? "鸡" : "chickens";
    const std::string rv = zh ? "兔" : "rabbits";
    p.constraints = cv + " + " + rv + " == " + num(heads) + " && 2*" + cv + " + 4*" + rv + " == " + num(feet);
    p.answer = zh ? "鸡" + num(c) + "，兔" + num(r) : count_of(c, "chicken") + ", " + count_of(r, "rabbit");
    return p;
}

// ---------------------------------------------------------------------------------------------
// Three-digit puzzles: the digit sum and two differences between digits, in the only wording of
// relations the deriver reads (百位数字比十位数字大2 / the hundreds digit is 2 more than the tens
// digit); "是十位数字的2倍" would be dropped by it, and a dropped clause fails right answers.

struct DigitRelation {
    int a = 0; // digit a = digit b + k; digits 0 = hundreds, 1 = tens, 2 = units
    int b = 0;
    int k = 0;
};

std::vector<int> digit_solutions(int sum, const DigitRelation & r1, const DigitRelation & r2) {
    std::vector<int> found;
    for (int n = 100; n <= 999; ++n) {
        const int d[3] = {n / 100, n / 10 % 10, n % 10};
        if (d[0] + d[1] + d[2] == sum && d[r1.a] == d[r1.b] + r1.k && d[r2.a] == d[r2.b] + r2.k) found.push_back(n);
    }
    return found;
}

std::optional<Problem> digit_puzzle(Draw & draw, const ProblemWordings & words, bool zh, bool no_solution) {
    for (int tries = 0; tries < kTries; ++tries) {
        const int n = static_cast<int>(draw.between(100, 999));
        const int d[3] = {n / 100, n / 10 % 10, n % 10};
        // Two of the three pairs of positions, each stated in a random direction; a difference
        // of 0 would read "大0", which no one writes.
        std::vector<std::pair<int, int>> pairs;
        for (const auto & [a, b] : std::vector<std::pair<int, int>>{{0, 1}, {1, 2}, {0, 2}}) {
            if (d[a] != d[b]) pairs.emplace_back(a, b);
        }
        if (pairs.size() < 2) continue;
        const std::size_t skip = static_cast<std::size_t>(draw.between(0, static_cast<std::int64_t>(pairs.size()) - 1));
        if (pairs.size() == 3) pairs.erase(pairs.begin() + static_cast<std::ptrdiff_t>(skip));
        DigitRelation rel[2];
        for (int i = 0; i < 2; ++i) {
            auto [a, b] = pairs[static_cast<std::size_t>(i)];
            if (draw.coin()) std::swap(a, b);
            rel[i] = {a, b, d[a] - d[b]};
        }
        if (draw.coin()) std::swap(rel[0], rel[1]);
        int sum = d[0] + d[1] + d[2];
        if (no_solution) {
            // Near the solvable puzzle: a sum off by 1 or 2 leaves the tens digit a fraction, off
            // by 3 moves every digit by one, which may push one out of 0..9.
            static const std::vector<int> kShifts = {-3, -2, -1, 1, 2, 3};
            sum += draw.pick(kShifts);
            if (sum < 1 || sum > 27) continue;
        }
        const std::vector<int> solutions = digit_solutions(sum, rel[0], rel[1]);
        if (no_solution ? !solutions.empty() : solutions != std::vector<int>{n}) continue;

        std::string relations[2];
        if (zh) {
            static const char * const kPlace[3] = {"百", "十", "个"};
            const bool on = draw.coin(); // 百位上的数 rather than 百位数字
            const bool amount = draw.coin(); // 多/少 rather than 大/小
            for (int i = 0; i < 2; ++i) {
                const auto & r = rel[i];
                const std::string a = std::string(kPlace[r.a]) + (on ? "位上的数" : "位数字");
                const std::string b = std::string(kPlace[r.b]) + (on ? "位上的数" : "位数字");
                const char * more = amount ? "多" : "大";
                const char * less = amount ? "少" : "小";
                relations[i] = a + "比" + b + (r.k > 0 ? more : less) + num(std::abs(r.k));
            }
        } else {
            const char * const place[3] = {"hundreds", "tens", draw.coin() ? "units" : "ones"};
            const bool greater = draw.coin();
            for (int i = 0; i < 2; ++i) {
                const auto & r = rel[i];
                const char * more = greater ? "greater" : "more";
                const char * less = greater ? "smaller" : "less";
                relations[i] = std::string("the ") + place[r.a] + " digit is " + num(std::abs(r.k)) + " " +
                               (r.k > 0 ? more : less) + " than the " + place[r.b] + " digit";
            }
        }
        Problem p;
        p.question = fill(draw.pick(words.of("digit_puzzle", zh)), {{"S", num(sum)},
                                                      {"R1", relations[0]},
                                                      {"C1", capitalized(relations[0])},
                                                      {"R2", relations[1]}});
        p.answer = solutions.empty() ? (zh ? "无解" : "no solution") : num(solutions.front());
        return p;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Ages of an elder (0) and a younger (1) person.

struct AgeFact {
    enum class Kind { kDifference, kSum, kMultiple } kind;
    std::int64_t value = 0; // the difference, the sum, or the multiple
    std::int64_t shift = 0; // kMultiple: years from now (negative: ago)
};

bool holds(const AgeFact & f, std::int64_t elder, std::int64_t younger) {
    switch (f.kind) {
    case AgeFact::Kind::kDifference: return elder - younger == f.value;
    case AgeFact::Kind::kSum: return elder + younger == f.value;
    case AgeFact::Kind::kMultiple:
        return younger + f.shift > 0 && elder + f.shift == f.value * (younger + f.shift);
    }
    return false;
}

// How many pairs of ages up to 150 satisfy all facts (the ages the question allows).
int age_solutions(const std::vector<AgeFact> & facts) {
    int found = 0;
    for (std::int64_t e = 0; e <= 150; ++e) {
        for (std::int64_t y = 0; y <= 150; ++y) {
            found += std::all_of(facts.begin(), facts.end(), [&](const AgeFact & f) { return holds(f, e, y); });
        }
    }
    return found;
}

struct Kin {
    std::string_view elder;
    std::string_view younger;
    std::string_view possessive; // English: "his" or "her"
    std::string_view article;    // English: "a" or "an", before the elder
    int min_gap;
    int max_gap;
};

std::optional<Problem> age(Draw & draw, const ProblemWordings & words, bool zh) {
    static const std::vector<Kin> kZh = {
        {"父亲", "儿子", "", "", 24, 40}, {"妈妈", "女儿", "", "", 22, 38}, {"爷爷", "孙子", "", "", 48, 66},
        {"奶奶", "孙女", "", "", 46, 64}, {"舅舅", "外甥", "", "", 12, 30}};
    static const std::vector<Kin> kEn = {
        {"father", "son", "his", "a", 24, 40},          {"mother", "daughter", "her", "a", 22, 38},
        {"grandfather", "grandson", "his", "a", 48, 66}, {"grandmother", "granddaughter", "her", "a", 46, 64},
        {"uncle", "nephew", "his", "an", 12, 30}};
    // "58 times as old" is no age problem anyone writes.
    constexpr std::int64_t kMostTimes = 7;
    enum Variant { kDifferenceLater, kDifferenceEarlier, kSumMultiple, kMultipleLater };
    const auto variant = static_cast<Variant>(draw.between(0, 3));
    for (int tries = 0; tries < kTries; ++tries) {
        const Kin & kin = draw.pick(zh ? kZh : kEn);
        const std::int64_t y = draw.between(2, 40);
        const std::int64_t e = y + draw.between(kin.min_gap, kin.max_gap);
        if (e > 95) continue;
        // The years N (later or earlier) at which the elder is a whole multiple of the younger.
        auto multiples_at = [&](int sign, std::int64_t most) {
            std::vector<std::int64_t> years;
            for (std::int64_t n = 1; n <= most; ++n) {
                const std::int64_t ye = y + sign * n;
                const std::int64_t ee = e + sign * n;
                if (ye > 0 && ee % ye == 0 && ee / ye >= 2 && ee / ye <= kMostTimes) years.push_back(n);
            }
            return years;
        };
        std::vector<AgeFact> facts;
        std::vector<std::int64_t> stated;
        std::vector<std::pair<std::string_view, std::string>> v = {
            {"E", std::string(kin.elder)}, {"Y", std::string(kin.younger)}, {"P", std::string(kin.possessive)},
            {"a", std::string(kin.article)}, {"An", capitalized(std::string(kin.article))}};
        std::string_view pattern;
        switch (variant) {
        case kDifferenceLater:
        case kDifferenceEarlier: {
            const int sign = variant == kDifferenceLater ? 1 : -1;
            const auto years = multiples_at(sign, variant == kDifferenceLater ? 20 : y - 1);
            if (years.empty()) continue;
            const std::int64_t n = draw.pick(years);
            const std::int64_t k = (e + sign * n) / (y + sign * n);
            facts = {{AgeFact::Kind::kDifference, e - y, 0}, {AgeFact::Kind::kMultiple, k, sign * n}};
            stated = {e - y, n, k};
            v.insert(v.end(), {{"D", num(e - y)}, {"N", num(n)}, {"K", num(k)}, {"Ns", count_of(n, "year")}});
            if (sign > 0) {
                pattern = draw.pick(words.of("age.difference_later", zh));
            } else {
                pattern = draw.pick(words.of("age.difference_earlier", zh));
            }
            break;
        }
        case kSumMultiple: {
            if (e % y != 0 || e / y > kMostTimes) continue;
            const std::int64_t k = e / y;
            facts = {{AgeFact::Kind::kSum, e + y, 0}, {AgeFact::Kind::kMultiple, k, 0}};
            stated = {e + y, k};
            v.insert(v.end(), {{"S", num(e + y)}, {"K", num(k)}});
            pattern = draw.pick(words.of("age.sum_multiple", zh));
            break;
        }
        case kMultipleLater: {
            if (e % y != 0 || e / y > kMostTimes) continue;
            const auto years = multiples_at(1, 30);
            if (years.empty()) continue;
            const std::int64_t n = draw.pick(years);
            const std::int64_t k = e / y;
            const std::int64_t m = (e + n) / (y + n);
            facts = {{AgeFact::Kind::kMultiple, k, 0}, {AgeFact::Kind::kMultiple, m, n}};
            stated = {k, n, m};
            v.insert(v.end(), {{"K", num(k)}, {"N", num(n)}, {"M", num(m)}, {"Ns", count_of(n, "year")}});
            pattern = draw.pick(words.of("age.multiple_later", zh));
            break;
        }
        }
        const bool ask_elder = draw.coin();
        const Fraction answer{ask_elder ? e : y, 1};
        if (restates(answer, stated) || age_solutions(facts) != 1) continue;
        v.emplace_back("A", std::string(ask_elder ? kin.elder : kin.younger));
        Problem p;
        p.question = fill(pattern, v);
        p.answer = to_text(answer);
        return p;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Work rates. Each problem is one linear equation in the unknown, so its answer is unique; a
// fraction's denominator is kept small enough to be worked by hand.

constexpr std::int64_t kMaxDenominator = 10;
// Nor does a job or a trip take more than 100 hours or days: two pipes of nearly equal rates
// would fill a tank only after weeks.
constexpr std::int64_t kLargestAnswer = 100;

bool workable(const Fraction & answer) {
    return answer.num > 0 && answer.den <= kMaxDenominator && answer.num <= kLargestAnswer * answer.den;
}

// The problem in `pattern`'s words, unless its answer cannot be worked by hand or is one of the
// numbers the question states: then the caller draws again.
std::optional<Problem> worded(const Fraction & answer, const std::vector<std::int64_t> & stated, std::string_view pattern,
                              const std::vector<std::pair<std::string_view, std::string>> & values) {
    if (!workable(answer) || restates(answer, stated)) return std::nullopt;
    Problem p;
    p.question = fill(pattern, values);
    p.answer = to_text(answer);
    return p;
}

struct Job {
    std::string_view what;  // zh: 一项工程; en: the task after "can"
    std::string_view verb;  // zh: 做
    std::string_view unit;  // 天 / day
};

std::optional<Problem> work_rate(Draw & draw, const ProblemWordings & words, bool zh) {
    static const std::vector<Job> kZhJobs = {{"一项工程", "做", "天"}, {"一批零件", "加工", "小时"}, {"一份稿件", "打完", "小时"}};
    static const std::vector<Job> kEnJobs = {{"finish a job", "", "day"}, {"paint a fence", "", "hour"},
                                             {"type a report", "", "hour"}};
    static const std::vector<std::string> kNames = {"Alice", "Ben",  "Carla", "David",
                                                    "Emma",  "Frank", "Grace", "Henry"};
    enum Variant { kTogether, kThreeTogether, kPipes, kOneThenOther, kFindOne };
    const auto variant = static_cast<Variant>(draw.between(0, 4));
    for (int tries = 0; tries < kTries; ++tries) {
        const Job & job = draw.pick(zh ? kZhJobs : kEnJobs);
        const std::string units = zh ? std::string(job.unit) : std::string(job.unit) + "s";
        // Three different names, in English; 甲乙丙 in Chinese, as its textbooks write.
        std::vector<std::string> names = zh ? std::vector<std::string>{"甲", "乙", "丙"} : std::vector<std::string>{};
        while (names.size() < 3) {
            const std::string & n = draw.pick(kNames);
            if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
        }
        std::vector<std::pair<std::string_view, std::string>> v = {
            {"J", std::string(job.what)}, {"V", std::string(job.verb)}, {"U", units},
            {"A", names[0]}, {"B", names[1]}, {"C", names[2]}};
        Fraction answer;
        std::vector<std::int64_t> stated;
        std::string_view pattern;
        switch (variant) {
        case kTogether: {
            const std::int64_t a = draw.between(2, 30);
            const std::int64_t b = draw.between(2, 30);
            if (a == b) continue;
            answer = fraction(a * b, a + b);
            stated = {a, b};
            v.insert(v.end(), {{"a", num(a)}, {"b", num(b)}});
            pattern = draw.pick(words.of("work_rate.together", zh));
            break;
        }
        case kThreeTogether: {
            const std::int64_t a = draw.between(2, 30);
            const std::int64_t b = draw.between(2, 30);
            const std::int64_t c = draw.between(2, 30);
            if (a == b || b == c || a == c) continue;
            answer = fraction(a * b * c, a * b + b * c + a * c);
            stated = {a, b, c};
            v.insert(v.end(), {{"a", num(a)}, {"b", num(b)}, {"c", num(c)}});
            pattern = draw.pick(words.of("work_rate.three_together", zh));
            break;
        }
        case kPipes: {
            const std::int64_t a = draw.between(2, 20);
            const std::int64_t b = draw.between(a + 1, 40);
            answer = fraction(a * b, b - a);
            stated = {a, b};
            v.insert(v.end(), {{"a", num(a)}, {"b", num(b)}});
            pattern = draw.pick(words.of("work_rate.pipes", zh));
            break;
        }
        case kOneThenOther: {
            const std::int64_t a = draw.between(4, 30);
            const std::int64_t b = draw.between(2, 30);
            const std::int64_t m = draw.between(1, a - 1);
            answer = fraction(b * (a - m), a);
            stated = {a, b, m};
            v.insert(v.end(), {{"a", num(a)}, {"b", num(b)}, {"m", num(m)}, {"mU", count_of(m, job.unit)}});
            pattern = draw.pick(words.of("work_rate.one_then_other", zh));
            break;
        }
        case kFindOne: {
            // Together T, one alone a = T + d: the other alone is T + T²/d, whole when d divides T².
            const std::int64_t t = draw.between(2, 12);
            std::vector<std::int64_t> divisors;
            for (std::int64_t d = 1; d <= t * t; ++d) {
                if (t * t % d == 0 && t + t * t / d <= 100) divisors.push_back(d);
            }
            const std::int64_t d = draw.pick(divisors);
            const std::int64_t a = t + d;
            const std::int64_t b = t + t * t / d;
            answer = {b, 1};
            stated = {t, a};
            v.insert(v.end(), {{"T", num(t)}, {"a", num(a)}});
            pattern = draw.pick(words.of("work_rate.find_one", zh));
            break;
        }
        }
        if (auto problem = worded(answer, stated, pattern, v)) return problem;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Distance, speed and time, in km and km/h. One linear equation in the unknown each.

std::optional<Problem> distance(Draw & draw, const ProblemWordings & words, bool zh) {
    static const std::vector<std::string> kZhVehicles = {"客车", "货车", "轿车", "卡车", "摩托车"};
    static const std::vector<std::string> kEnVehicles = {"car", "truck", "bus", "van", "motorcycle"};
    static const std::vector<std::string> kZhPeople = {"小明", "小红", "小华", "小丽"};
    static const std::vector<std::string> kEnPeople = {"Alice", "Ben", "Carla", "David", "Emma", "Frank"};
    enum Variant { kMeet, kCatchUp, kFindSpeed, kHeadStart };
    const auto variant = static_cast<Variant>(draw.between(0, 3));
    // A whole or simple fractional number of hours, q·t a whole number of hours' fractions.
    auto hours = [&](std::int64_t most) {
        static const std::vector<std::int64_t> kDenominators = {1, 1, 2, 2, 3, 4, 5};
        const std::int64_t q = draw.pick(kDenominators);
        return fraction(draw.between(1, most * q), q);
    };
    for (int tries = 0; tries < kTries; ++tries) {
        const auto & vehicles = zh ? kZhVehicles : kEnVehicles;
        const std::string x = draw.pick(vehicles);
        const std::string z = draw.pick(vehicles);
        if (x == z) continue;
        const std::int64_t v1 = 5 * draw.between(8, 20); // 40..100 km/h
        const std::int64_t v2 = 5 * draw.between(8, 20);
        std::vector<std::pair<std::string_view, std::string>> v = {
            {"X", x}, {"Z", z}, {"v1", num(v1)}, {"v2", num(v2)}};
        Fraction answer;
        std::vector<std::int64_t> stated;
        std::string_view pattern;
        switch (variant) {
        case kMeet: {
            const bool people = draw.coin();
            std::int64_t s1 = v1, s2 = v2;
            if (people) {
                const auto & names = zh ? kZhPeople : kEnPeople;
                const std::string p1 = draw.pick(names);
                const std::string p2 = draw.pick(names);
                if (p1 == p2) continue;
                s1 = draw.between(3, 6);   // walking
                s2 = draw.between(10, 20); // cycling
                v = {{"X", p1}, {"Z", p2}, {"v1", num(s1)}, {"v2", num(s2)}};
            }
            const Fraction t = hours(people ? 6 : 12);
            if ((s1 + s2) * t.num % t.den != 0) continue;
            const std::int64_t d = (s1 + s2) * t.num / t.den;
            answer = t;
            stated = {d, s1, s2};
            v.emplace_back("D", num(d));
            pattern = draw.pick(words.of(people ? "distance.meet_people" : "distance.meet", zh));
            break;
        }
        case kCatchUp: {
            if (v2 <= v1) continue;
            const std::int64_t h = draw.between(1, 4);
            answer = fraction(v1 * h, v2 - v1);
            stated = {v1, v2, h};
            v.emplace_back("h", num(h));
            v.emplace_back("hs", count_of(h, "hour"));
            pattern = draw.pick(words.of("distance.catch_up", zh));
            break;
        }
        case kFindSpeed: {
            const std::int64_t t = draw.between(2, 8);
            const std::int64_t d = (v1 + v2) * t;
            answer = {v2, 1};
            stated = {d, t, v1};
            v.emplace_back("D", num(d));
            v.emplace_back("t", num(t));
            pattern = draw.pick(words.of("distance.find_speed", zh));
            break;
        }
        case kHeadStart: {
            const std::int64_t h = draw.between(1, 3);
            const Fraction t = hours(8);
            if ((v1 + v2) * t.num % t.den != 0) continue;
            const std::int64_t d = v1 * h + (v1 + v2) * t.num / t.den;
            answer = t;
            stated = {d, h, v1, v2};
            v.emplace_back("D", num(d));
            v.emplace_back("h", num(h));
            v.emplace_back("hs", count_of(h, "hour"));
            pattern = draw.pick(words.of("distance.head_start", zh));
            break;
        }
        }
        if (auto problem = worded(answer, stated, pattern, v)) return problem;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------

std::optional<Problem> generate(ProblemFamily family, Draw & draw, const ProblemWordings & words, bool zh,
                                bool no_solution) {
    switch (family) {
    case ProblemFamily::kChickenRabbit: return chicken_rabbit(draw, words, zh);
    case ProblemFamily::kDigitPuzzle: return digit_puzzle(draw, words, zh, no_solution);
    case ProblemFamily::kAge: return age(draw, words, zh);
    case ProblemFamily::kWorkRate: return work_rate(draw, words, zh);
    case ProblemFamily::kDistance: return distance(draw, words, zh);
    }
    return std::nullopt;
}

// Whether the ordinal-th digit puzzle (from 1) of a language is one without a solution: the
// share stays `percent` on every prefix, rounded down, so each run of 100/percent has one.
bool no_solution_at(std::int64_t ordinal, int percent) {
    return ordinal * percent / 100 > (ordinal - 1) * percent / 100;
}

template <class T> std::vector<T> distinct(const std::vector<T> & items, std::vector<T> fallback) {
    std::vector<T> out;
    for (const T & item : items.empty() ? fallback : items) {
        if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    }
    return out;
}

// Redraws of an item whose question its family and language already gave.
constexpr int kRedraws = 200;

} // namespace

Status generate_items(const GeneratorOptions & options, std::vector<EvalItem> & out) {
    out.clear();
    if (options.count < 0) return Status::usage("the number of problems to generate cannot be negative");
    if (options.digit_no_solution_percent < 0 || options.digit_no_solution_percent > 100) {
        return Status::usage("the share of digit puzzles without a solution must be a percentage from 0 to 100");
    }
    ProblemWordings words;
    if (Status s = ProblemWordings::load(words); !s) return s;
    const std::vector<ProblemFamily> families = distinct(
        options.families, std::vector<ProblemFamily>(verify::kAllProblemFamilies.begin(), verify::kAllProblemFamilies.end()));
    const std::vector<Language> languages =
        distinct(options.languages, std::vector<Language>{Language::kChinese, Language::kEnglish});
    const std::size_t combinations = families.size() * languages.size();
    std::vector<std::unordered_set<std::string>> seen(combinations);
    out.reserve(static_cast<std::size_t>(options.count));
    for (std::size_t i = 0; i < static_cast<std::size_t>(options.count); ++i) {
        const std::size_t combination = i % combinations;
        const ProblemFamily family = families[combination / languages.size()];
        const Language language = languages[combination % languages.size()];
        const bool zh = language == Language::kChinese;
        const std::int64_t ordinal = static_cast<std::int64_t>(i / combinations) + 1;
        const bool no_solution =
            family == ProblemFamily::kDigitPuzzle && no_solution_at(ordinal, options.digit_no_solution_percent);
        // The seed names the family and language by fixed numbers, not by their place in the
        // options, so an item does not change when other families are added or removed.
        const std::uint64_t base = mix(mix(mix(mix(options.seed) ^ static_cast<std::uint64_t>(family)) ^
                                           static_cast<std::uint64_t>(zh)) ^
                                       static_cast<std::uint64_t>(ordinal));
        std::optional<Problem> problem;
        for (int redraw = 0; redraw < kRedraws; ++redraw) {
            Draw draw(mix(base ^ static_cast<std::uint64_t>(redraw)));
            problem = generate(family, draw, words, zh, no_solution);
            if (!problem) break;
            if (!seen[combination].count(problem->question)) break; // else keep the last on giving up
        }
        if (!problem) {
            return Status::internal("could not generate a " + std::string(to_string(family)) + " problem");
        }
        seen[combination].insert(problem->question);
        char number[32];
        std::snprintf(number, sizeof number, "%04lld", static_cast<long long>(ordinal));
        EvalItem item;
        item.id = "gen-" + std::string(to_string(family)) + "-" + (zh ? "zh" : "en") + "-" + number;
        item.question = std::move(problem->question);
        item.answer = std::move(problem->answer);
        item.constraints = std::move(problem->constraints);
        out.push_back(std::move(item));
    }
    return Status::ok();
}

} // namespace r1tune::eval

#include "verify/problem_families.h"

#include <cctype>
#include <charconv>
#include <map>
#include <regex>
#include <set>
#include <span>

#include "text/characters.h"
#include "text/keywords.h"
#include "verify/chinese_numerals.h"

namespace r1tune::verify {

namespace {

// std::regex works on bytes; the patterns below only put literal Chinese text next to ASCII
// digits, which byte-wise matching handles exactly.

// Digit puzzles: a number described by its digits. Place names alone (十位, 百位) also count
// people politely ("十位同学"), so they need 数字 or 位数 or 位上 beside them.
constexpr std::string_view kDigitPuzzleWords[] = {
    "三位数", "两位数", "二位数", "四位数", "五位数", "各位数字", "各个数位", "数字之和", "数字和",
    "three-digit", "two-digit", "four-digit", "digit sum", "sum of its digits", "sum of the digits",
    "tens digit", "units digit", "ones digit", "hundreds digit", "thousands digit"};
constexpr std::string_view kDigitPlaces[] = {"个位", "十位", "百位", "千位"};
constexpr std::string_view kDigitPlaceCompanions[] = {"数字", "位数", "位上"};

// Chicken and rabbit: one word from each list of a pair.
constexpr std::string_view kChickens[] = {"鸡", "chicken", "chickens", "hen", "hens"};
constexpr std::string_view kRabbits[] = {"兔", "rabbit", "rabbits"};
constexpr std::string_view kHeads[] = {"头", "heads"};
constexpr std::string_view kFeet[] = {"脚", "足", "腿", "feet", "legs"};

// Both lists found: the words of both, else nothing.
std::vector<std::string_view> both(std::string_view lowered, std::span<const std::string_view> first,
                                   std::span<const std::string_view> second) {
    std::vector<std::string_view> a = text::find_keywords(lowered, first);
    const std::vector<std::string_view> b = text::find_keywords(lowered, second);
    if (a.empty() || b.empty()) return {};
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Words that mark a count as the total: 共94只脚, 脚一共有94只, 94 legs in total.
bool marks_total(std::string_view text) {
    for (std::string_view word : {"共", "总", "合计", "total", "Total", "altogether", "in all"}) {
        if (text.find(word) != std::string_view::npos) return true;
    }
    return false;
}

// The clause that holds [begin, end): from the punctuation before it to the punctuation after it.
// "一共有35个头、94只脚" is one clause, so the 共 counts for both numbers.
std::string_view clause_around(std::string_view text, std::size_t begin, std::size_t end) {
    static constexpr std::string_view kStops[] = {"，", "。", "；", "？", "！", ",", ".", ";", "?", "!"};
    std::size_t from = 0, to = text.size();
    for (std::string_view stop : kStops) {
        if (const std::size_t at = text.rfind(stop, begin); at != std::string_view::npos && at < begin) {
            from = std::max(from, at + stop.size());
        }
        if (const std::size_t at = text.find(stop, end); at != std::string_view::npos) to = std::min(to, at);
    }
    return text.substr(from, to - from);
}

// The number that the first capture of `patterns` reads in `text`, when the matches agree on
// one. "每只鸡有2只脚，每只兔有4只脚，共94只脚" names three counts of legs: the one marked as the
// total is taken; without such a mark which one is meant is a guess, and a guessed constraint
// would fail a right answer, so nothing is. Counts beyond a million are no count.
std::optional<long> the_number(const std::string & text, std::span<const std::regex> patterns) {
    std::set<long> all, totals;
    for (const std::regex & pattern : patterns) {
        for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
            const std::string digits = (*it)[1].str();
            long value = 0;
            const auto [stop, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
            if (error != std::errc() || stop != digits.data() + digits.size() || value > 1'000'000) return std::nullopt;
            all.insert(value);
            const auto begin = static_cast<std::size_t>(it->position(0));
            if (marks_total(clause_around(text, begin, begin + static_cast<std::size_t>(it->length(0))))) {
                totals.insert(value);
            }
        }
    }
    if (all.size() == 1) return *all.begin();
    if (totals.size() == 1) return *totals.begin();
    return std::nullopt;
}

// The question with its Chinese numerals written in digits (三十五个头 → 35个头), so that one set
// of patterns reads both. A single numeral character is replaced only before a measure word or
// a body part (两只脚, 九个头) or after a comparison or copula (大二, 是九), never in words such
// as 一共 or 一些, nor in 十位: a digit puzzle half read would derive too few constraints.
std::string with_arabic_numerals(std::string_view q) {
    std::string out;
    for (std::size_t i = 0; i < q.size();) {
        if (const auto n = parse_chinese_number(q.substr(i));
            n && n->value >= 0 && n->value.get_den() == 1 && !n->percent) {
            const std::string_view after = q.substr(i + n->length);
            const std::string_view before = q.substr(0, i);
            // A count (两只脚) or a difference or value (大二, 和是九) — never a place (十位, 百位).
            const bool counted = n->characters >= 2 || after.starts_with("个") || after.starts_with("只") ||
                                 after.starts_with("条") || after.starts_with("头") || after.starts_with("脚") ||
                                 after.starts_with("足") || before.ends_with("大") || before.ends_with("小") ||
                                 before.ends_with("多") || before.ends_with("少") || before.ends_with("是") ||
                                 before.ends_with("为") || before.ends_with("等于");
            if (counted) {
                out += n->value.get_num().get_str();
                i += n->length;
                continue;
            }
        }
        const std::size_t width = text::character_at(q, i).length;
        out.append(q.substr(i, width));
        i += width;
    }
    return out;
}

std::optional<DerivedConstraints> chicken_rabbit(const std::string & q) {
    const bool zh = q.find("鸡") != std::string::npos && q.find("兔") != std::string::npos;
    static const std::regex kChickens(R"(\b(chickens?|hens?)\b)", std::regex::icase);
    static const std::regex kRabbits(R"(\brabbits?\b)", std::regex::icase);
    const bool en = std::regex_search(q, kChickens) && std::regex_search(q, kRabbits);
    if (!zh && !en) return std::nullopt;
    // The count before its noun (35个头, 94 legs) or after it (头有35个, 脚一共94只, heads: 35).
    static const std::string kJoiner = R"(\s*(?:数|的数量|的总数)?(?:\s*(?:一共|总共|共计|合计|共有|共|有|是|为|：|:|=|is|are|total|in total))+\s*)";
    static const std::regex kHeads[] = {
        std::regex(R"((\d+)\s*(?:个头|只头|个脑袋|头|heads?\b))", std::regex::icase),
        std::regex(R"((?:头|脑袋|\bheads?))" + kJoiner + R"((\d+))", std::regex::icase)};
    static const std::regex kFeet[] = {
        std::regex(R"((\d+)\s*(?:只脚|条腿|只腿|只足|脚|腿|足|feet\b|legs?\b))", std::regex::icase),
        std::regex(R"((?:脚|腿|足|\bfeet|\blegs?))" + kJoiner + R"((\d+))", std::regex::icase)};
    auto heads = the_number(q, kHeads);
    auto feet = the_number(q, kFeet);
    if (!heads || !feet) return std::nullopt;
    DerivedConstraints d;
    d.family = ProblemFamily::kChickenRabbit;
    const std::string c = zh ? "鸡" : "chickens";
    const std::string r = zh ? "兔" : "rabbits";
    d.variables = {c, r};
    d.constraints = c + " + " + r + " == " + std::to_string(*heads) + " && 2*" + c + " + 4*" + r +
                    " == " + std::to_string(*feet);
    d.domains = {{c, 0, *heads}, {r, 0, *heads}};
    d.explanation = "chicken and rabbit: " + std::to_string(*heads) + " heads, " + std::to_string(*feet) +
                    " feet → " + d.constraints;
    return d;
}

// Digit positions as the question names them.
const std::map<std::string, std::string> kDigitNames = {
    {"百", "h"}, {"十", "t"}, {"个", "u"}, {"hundreds", "h"}, {"tens", "t"}, {"units", "u"}, {"ones", "u"}};

// The variable of a digit position as the question names it; English names match in any case.
const std::string & digit_variable(std::string name) {
    for (char & c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return kDigitNames.at(name);
}

std::optional<DerivedConstraints> digit_puzzle(const std::string & q) {
    const bool zh = q.find("三位数") != std::string::npos;
    static const std::regex kThreeDigits(R"(three-digit number)", std::regex::icase);
    const bool en = std::regex_search(q, kThreeDigits);
    if (!zh && !en) return std::nullopt;
    std::vector<std::string> clauses;
    static const std::regex kZhDigitSum[] = {
        std::regex(R"((?:各位(?:上的)?数字(?:之|的)?和|数字之和)(?:是|为|等于)\s*(\d+))")};
    static const std::regex kEnDigitSum[] = {std::regex(R"(sum of (?:its|the) digits is (\d+))", std::regex::icase)};
    if (auto sum = the_number(q, kZhDigitSum)) {
        clauses.push_back("h + t + u == " + std::to_string(*sum));
    } else if (auto s = the_number(q, kEnDigitSum)) {
        clauses.push_back("h + t + u == " + std::to_string(*s));
    }
    // "百位数字比十位数字大2" / "the hundreds digit is 2 more than the tens digit"
    static const std::regex kZhRelation(R"((百|十|个)位(?:上的)?(?:数字|数)?比(百|十|个)位(?:上的)?(?:数字|数)?(大|小|多|少)(\d+))");
    for (std::sregex_iterator it(q.begin(), q.end(), kZhRelation), end; it != end; ++it) {
        const auto & m = *it;
        const bool more = m[3] == "大" || m[3] == "多";
        clauses.push_back(digit_variable(m[1]) + " == " + digit_variable(m[2]) + (more ? " + " : " - ") + m[4].str());
    }
    static const std::regex kEnRelation(
        R"((hundreds|tens|units|ones) digit is (\d+) (more|greater|less|smaller) than the (hundreds|tens|units|ones) digit)",
        std::regex::icase);
    for (std::sregex_iterator it(q.begin(), q.end(), kEnRelation), end; it != end; ++it) {
        const auto & m = *it;
        std::string how = m[3].str();
        for (char & c : how) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool more = how == "more" || how == "greater";
        clauses.push_back(digit_variable(m[1]) + " == " + digit_variable(m[4]) + (more ? " + " : " - ") + m[2].str());
    }
    if (clauses.size() < 2) return std::nullopt; // too little read to be sure what was asked
    DerivedConstraints d;
    d.family = ProblemFamily::kDigitPuzzle;
    for (const auto & c : clauses) d.constraints += (d.constraints.empty() ? "" : " && ") + c;
    d.variables = {"h", "t", "u"};
    d.domains = {{"h", 1, 9}, {"t", 0, 9}, {"u", 0, 9}};
    d.digits_of_one_number = true;
    d.explanation = "three-digit puzzle over digits h, t, u → " + d.constraints;
    return d;
}

} // namespace

std::string_view to_string(ProblemFamily family) {
    switch (family) {
    case ProblemFamily::kChickenRabbit: return "chicken_rabbit";
    case ProblemFamily::kDigitPuzzle: return "digit_puzzle";
    case ProblemFamily::kAge: return "age";
    case ProblemFamily::kWorkRate: return "work_rate";
    case ProblemFamily::kDistance: return "distance";
    }
    return "chicken_rabbit";
}

std::string_view spoken_name(ProblemFamily family) {
    switch (family) {
    case ProblemFamily::kChickenRabbit: return "chicken and rabbit";
    case ProblemFamily::kDigitPuzzle: return "digit puzzle";
    case ProblemFamily::kAge: return "age";
    case ProblemFamily::kWorkRate: return "work rate";
    case ProblemFamily::kDistance: return "distance";
    }
    return "chicken and rabbit";
}

Status parse_problem_family(std::string_view name, ProblemFamily & out) {
    std::string known;
    for (const ProblemFamily f : kAllProblemFamilies) {
        if (name == to_string(f)) {
            out = f;
            return Status::ok();
        }
        known += (known.empty() ? "" : ", ") + std::string(to_string(f));
    }
    return Status::usage("unknown problem family '" + std::string(name) + "' (known: " + known + ")");
}

std::optional<ProblemFamily> recognise_family(std::string_view lowered, std::vector<std::string_view> & why) {
    why = text::find_keywords(lowered, kDigitPuzzleWords);
    if (why.empty()) why = both(lowered, kDigitPlaces, kDigitPlaceCompanions);
    if (!why.empty()) return ProblemFamily::kDigitPuzzle;
    why = both(lowered, kChickens, kRabbits);
    if (why.empty()) why = both(lowered, kHeads, kFeet);
    if (!why.empty()) return ProblemFamily::kChickenRabbit;
    return std::nullopt;
}

std::optional<DerivedConstraints> derive_constraints(std::string_view question) {
    // libstdc++'s std::regex recurses once per repetition and overflows the stack on very long
    // digit runs; the problems of these families are a few sentences long.
    constexpr std::size_t kLongestProblem = 4096;
    if (question.size() > kLongestProblem) return std::nullopt;
    const std::string q = with_arabic_numerals(question);
    std::vector<std::string_view> why;
    if (!recognise_family(text::lower_ascii(q), why)) return std::nullopt;
    // Each deriver reads more than the words that recognise its family (the animals it names its
    // variables after, a three-digit number), so both are asked, chickens first: a chicken and
    // rabbit question may also speak of digits.
    if (auto d = chicken_rabbit(q)) return d;
    return digit_puzzle(q);
}

} // namespace r1tune::verify

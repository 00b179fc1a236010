#include "verify/problem_families.h"

#include <cctype>
#include <charconv>
#include <map>
#include <regex>

namespace r1tune::verify {

namespace {

// std::regex works on bytes; the patterns below only put literal Chinese text next to ASCII
// digits, which byte-wise matching handles exactly.
// The number that `pattern`'s first capture reads in `text`, when every match reads the same
// one. "鸡有2条腿，兔有4条腿，共94条腿" names three counts of legs: which is the total is a guess,
// and a guessed constraint would fail a right answer. Counts beyond a million are no count.
std::optional<long> the_number(const std::string & text, const std::regex & pattern) {
    std::optional<long> found;
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
        const std::string digits = (*it)[1].str();
        long value = 0;
        const auto [stop, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (error != std::errc() || stop != digits.data() + digits.size() || value > 1'000'000) return std::nullopt;
        if (found && *found != value) return std::nullopt;
        found = value;
    }
    return found;
}

std::optional<DerivedConstraints> chicken_rabbit(const std::string & q) {
    const bool zh = q.find("鸡") != std::string::npos && q.find("兔") != std::string::npos;
    const bool en = std::regex_search(q, std::regex(R"(\b(chickens?|hens?)\b)", std::regex::icase)) &&
                    std::regex_search(q, std::regex(R"(\brabbits?\b)", std::regex::icase));
    if (!zh && !en) return std::nullopt;
    auto heads = the_number(q, std::regex(R"((\d+)\s*(?:个头|只头|头|\s*heads?))", std::regex::icase));
    auto feet = the_number(q, std::regex(R"((\d+)\s*(?:只脚|条腿|只腿|脚|腿|\s*(?:feet|legs)))", std::regex::icase));
    if (!heads || !feet) return std::nullopt;
    DerivedConstraints d;
    d.family = "chicken_rabbit";
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
    const bool en = std::regex_search(q, std::regex(R"(three-digit number)", std::regex::icase));
    if (!zh && !en) return std::nullopt;
    std::vector<std::string> clauses;
    if (auto sum = the_number(q, std::regex(R"((?:各位(?:上的)?数字(?:之|的)?和|数字之和)(?:是|为|等于)\s*(\d+))"))) {
        clauses.push_back("h + t + u == " + std::to_string(*sum));
    } else if (auto s = the_number(q, std::regex(R"(sum of (?:its|the) digits is (\d+))", std::regex::icase))) {
        clauses.push_back("h + t + u == " + std::to_string(*s));
    }
    // "百位数字比十位数字大2" / "the hundreds digit is 2 more than the tens digit"
    const std::regex zh_relation(R"((百|十|个)位(?:上的)?(?:数字|数)?比(百|十|个)位(?:上的)?(?:数字|数)?(大|小|多|少)(\d+))");
    for (std::sregex_iterator it(q.begin(), q.end(), zh_relation), end; it != end; ++it) {
        const auto & m = *it;
        const bool more = m[3] == "大" || m[3] == "多";
        clauses.push_back(digit_variable(m[1]) + " == " + digit_variable(m[2]) + (more ? " + " : " - ") + m[4].str());
    }
    const std::regex en_relation(
        R"((hundreds|tens|units|ones) digit is (\d+) (more|greater|less|smaller) than the (hundreds|tens|units|ones) digit)",
        std::regex::icase);
    for (std::sregex_iterator it(q.begin(), q.end(), en_relation), end; it != end; ++it) {
        const auto & m = *it;
        std::string how = m[3].str();
        for (char & c : how) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool more = how == "more" || how == "greater";
        clauses.push_back(digit_variable(m[1]) + " == " + digit_variable(m[4]) + (more ? " + " : " - ") + m[2].str());
    }
    if (clauses.size() < 2) return std::nullopt; // too little read to be sure what was asked
    DerivedConstraints d;
    d.family = "digit_puzzle";
    for (const auto & c : clauses) d.constraints += (d.constraints.empty() ? "" : " && ") + c;
    d.variables = {"h", "t", "u"};
    d.domains = {{"h", 1, 9}, {"t", 0, 9}, {"u", 0, 9}};
    d.digits_of_one_number = true;
    d.explanation = "three-digit puzzle over digits h, t, u → " + d.constraints;
    return d;
}

} // namespace

std::optional<DerivedConstraints> derive_constraints(std::string_view question) {
    // libstdc++'s std::regex recurses once per repetition and overflows the stack on very long
    // digit runs; the problems of these families are a few sentences long.
    constexpr std::size_t kLongestProblem = 4096;
    if (question.size() > kLongestProblem) return std::nullopt;
    const std::string q(question);
    if (auto d = chicken_rabbit(q)) return d;
    return digit_puzzle(q);
}

} // namespace r1tune::verify

#include "prompt/router.h"

#include <cstdint>
#include <cstdio>
#include <span>
#include <utility>

#include "text/characters.h"

namespace r1tune::prompt {

namespace {

using Keywords = std::span<const std::string_view>;

// Rule 3. Bare "code" and "program" are left out: "zip code" and "TV program" are chat.
constexpr std::string_view kCodeWords[] = {
    "代码", "编程", "程序", "算法", "写一个函数", "写个函数", "编写函数", "编写一个函数", "实现一个函数",
    "单元测试", "调试", "编译",
    "python", "javascript", "typescript", "java", "c++", "c#", "rust", "golang", "sql", "bash", "html",
    "css", "regex", "write a function", "a function that", "a function to", "write a program",
    "a program that", "write code", "my code", "this code", "the code", "source code", "implement",
    "algorithm", "unit test", "unit tests", "compile", "debug", "def", "#include", "script"};

// Rule 4.
constexpr std::string_view kCreativeWords[] = {
    "诗", "故事", "作文", "小说", "歌词", "散文", "对联", "剧本", "笑话",
    "poem", "poems", "poetry", "story", "stories", "haiku", "lyrics", "essay", "limerick", "sonnet",
    "song", "slogan", "joke", "fairy tale"};

// Rule 5.
constexpr std::string_view kProofWords[] = {
    "证明", "求证", "试证", "prove", "proof", "show that", "demonstrate that", "disprove"};

// Rule 6: a number described by its digits. Place names alone (十位, 百位) also count people
// politely ("十位同学"), so they need 数字 or 位数 or 位上 beside them.
constexpr std::string_view kDigitPuzzleWords[] = {
    "三位数", "两位数", "二位数", "四位数", "五位数", "各位数字", "各个数位", "数字之和", "数字和",
    "three-digit", "two-digit", "four-digit", "digit sum", "sum of its digits", "sum of the digits",
    "tens digit", "units digit", "ones digit", "hundreds digit", "thousands digit"};
constexpr std::string_view kDigitPlaces[] = {"个位", "十位", "百位", "千位"};
constexpr std::string_view kDigitPlaceCompanions[] = {"数字", "位数", "位上"};

// Rule 7: one word from each list.
constexpr std::string_view kChickens[] = {"鸡", "chicken", "chickens", "hen", "hens"};
constexpr std::string_view kRabbits[] = {"兔", "rabbit", "rabbits"};
constexpr std::string_view kHeads[] = {"头", "heads"};
constexpr std::string_view kFeet[] = {"脚", "足", "腿", "feet", "legs"};

// Rule 8. "lie" alone is left out: points lie on lines.
constexpr std::string_view kLogicWords[] = {
    "说谎", "谎话", "真话", "假话", "逻辑", "推理", "推出", "推断", "骑士", "无赖",
    "liar", "liars", "lies", "tells the truth", "tell the truth", "telling the truth", "truth-teller",
    "knight", "knights", "knave", "knaves", "logic puzzle", "logically", "deduce", "can we conclude",
    "syllogism"};

// Rule 9: mathematics even without a number in sight.
constexpr std::string_view kMathWords[] = {
    "方程", "不等式", "积分", "导数", "微分", "极限", "概率", "数列", "三角形", "面积", "周长", "体积",
    "平方根", "因数", "质数", "素数", "公约数", "公倍数", "函数", "几何", "余数", "整除", "平方", "立方",
    "equation", "equations", "inequality", "integral", "derivative", "differentiate", "integrate",
    "probability", "triangle", "area", "perimeter", "volume", "square root", "prime", "primes",
    "factorial", "gcd", "lcm", "greatest common divisor", "least common multiple", "polynomial",
    "matrix", "divisible", "remainder", "arithmetic"};

// Rule 10: words that ask for a quantity, which only means mathematics next to a number
// ("你有几个兄弟" and "how much do you know" are chat).
constexpr std::string_view kQuantityWords[] = {
    "多少", "几", "求", "等于", "一共", "总共", "还剩", "剩下", "平均", "倍", "速度", "计算", "分数",
    "相距", "每", "得数",
    "how many", "how much", "what is", "what's", "total", "average", "speed", "times", "more than",
    "less than", "each", "find", "solve", "calculate", "compute", "evaluate", "simplify", "equals",
    "sum", "product", "difference", "per", "left"};

constexpr double kMathDensity = 0.15; // rule 11

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_ascii(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char & c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// English keywords must stand as whole words where they begin or end with a letter or digit.
bool contains(std::string_view text, std::string_view keyword) {
    if (!is_ascii(keyword)) return text.find(keyword) != std::string_view::npos;
    for (std::size_t pos = text.find(keyword); pos != std::string_view::npos; pos = text.find(keyword, pos + 1)) {
        const std::size_t end = pos + keyword.size();
        const bool starts_clean = pos == 0 || !is_word_char(keyword.front()) || !is_word_char(text[pos - 1]);
        const bool ends_clean = end == text.size() || !is_word_char(keyword.back()) || !is_word_char(text[end]);
        if (starts_clean && ends_clean) return true;
    }
    return false;
}

std::vector<std::string_view> matches(std::string_view text, Keywords keywords) {
    std::vector<std::string_view> found;
    for (std::string_view keyword : keywords) {
        if (contains(text, keyword)) found.push_back(keyword);
    }
    return found;
}

std::string join(const std::vector<std::string_view> & words) {
    std::string out;
    for (std::string_view word : words) {
        if (!out.empty()) out += ", ";
        out += word;
    }
    return out;
}

std::string format_density(double density) {
    char text[16];
    std::snprintf(text, sizeof text, "%.2f", density);
    return text;
}

// How much of the question is digits and arithmetic operators, and how many numbers it holds.
struct NumberStats {
    double density = 0; // (digits + operators) / characters other than white space
    int numbers = 0;    // runs of digits
    int operators = 0;
    bool has_digit = false;
};

bool is_digit(std::uint32_t cp) { return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19); }

bool is_operator(std::uint32_t cp) {
    switch (cp) {
        case '+': case '-': case '*': case '/': case '=': case '^': case '%': case '<': case '>':
        case 0x00D7: case 0x00F7:                            // × ÷
        case 0xFF0B: case 0xFF0D: case 0xFF0A: case 0xFF0F:  // ＋ － ＊ ／
        case 0xFF1D: case 0xFF1C: case 0xFF1E:               // ＝ ＜ ＞
            return true;
        default:
            return false;
    }
}

NumberStats number_stats(std::string_view text) {
    NumberStats stats;
    int characters = 0;
    int counted = 0;
    bool in_number = false;
    for (std::size_t i = 0; i < text.size();) {
        const text::Character c = text::character_at(text, i);
        const std::uint32_t cp = c.code_point;
        i += c.length;
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000) continue;
        ++characters;
        const bool digit = is_digit(cp);
        if (is_operator(cp)) ++stats.operators;
        if (digit || is_operator(cp)) ++counted;
        if (digit && !in_number) ++stats.numbers;
        in_number = digit;
        stats.has_digit = stats.has_digit || digit;
    }
    stats.density = characters == 0 ? 0 : static_cast<double>(counted) / characters;
    return stats;
}

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool is_digit_puzzle(std::string_view text, std::vector<std::string_view> & why) {
    why = matches(text, kDigitPuzzleWords);
    if (!why.empty()) return true;
    const std::vector<std::string_view> places = matches(text, kDigitPlaces);
    const std::vector<std::string_view> companions = matches(text, kDigitPlaceCompanions);
    if (places.empty() || companions.empty()) return false;
    why = places;
    why.insert(why.end(), companions.begin(), companions.end());
    return true;
}

bool is_chicken_rabbit(std::string_view text, std::vector<std::string_view> & why) {
    for (const auto & [first, second] : {std::pair<Keywords, Keywords>{kChickens, kRabbits}, {kHeads, kFeet}}) {
        const std::vector<std::string_view> a = matches(text, first);
        const std::vector<std::string_view> b = matches(text, second);
        if (a.empty() || b.empty()) continue;
        why = a;
        why.insert(why.end(), b.begin(), b.end());
        return true;
    }
    return false;
}

// Which scaffold fits the decided task, with the reason.
void suggest_scaffold(RouteDecision & decision, const NumberStats & stats) {
    switch (decision.task) {
        case Task::kProof: decision.scaffold = "proof"; break;
        case Task::kCode: decision.scaffold = "code"; break;
        case Task::kLogic: decision.scaffold = "logic"; break;
        case Task::kCreative:
        case Task::kChat: decision.scaffold = "general"; break;
        case Task::kMath:
            if (decision.digit_puzzle) {
                decision.scaffold = "digit_puzzle";
                decision.reasons.push_back("a digit puzzle: scaffold digit_puzzle");
            } else if (decision.chicken_rabbit) {
                decision.scaffold = "word_problem";
                decision.reasons.push_back("a chicken-and-rabbit problem: scaffold word_problem");
            } else if (stats.numbers >= 2 && stats.operators == 0) {
                // Numbers told in sentences rather than written as a formula: the equations
                // have to be read out of the text first.
                decision.scaffold = "word_problem";
                decision.reasons.push_back(std::to_string(stats.numbers) +
                                           " numbers and no operators: scaffold word_problem");
            } else {
                decision.scaffold = "math";
            }
            return;
    }
}

// Rules 2 to 12; the first that holds sets the task and says why.
void decide_task(std::string_view question, std::string_view lowered, const NumberStats & stats,
                 RouteDecision & decision) {
    auto decide = [&decision](Task task, std::string reason) {
        decision.task = task;
        decision.reasons.push_back(std::move(reason) + ": " + std::string(to_string(task)));
    };
    if (question.find("```") != std::string_view::npos) return decide(Task::kCode, "contains ```");
    if (auto words = matches(lowered, kCodeWords); !words.empty()) return decide(Task::kCode, "keywords " + join(words));
    if (auto words = matches(lowered, kCreativeWords); !words.empty()) {
        return decide(Task::kCreative, "keywords " + join(words));
    }
    if (auto words = matches(lowered, kProofWords); !words.empty()) return decide(Task::kProof, "keywords " + join(words));

    std::vector<std::string_view> why;
    if (is_digit_puzzle(lowered, why)) {
        decision.digit_puzzle = true;
        return decide(Task::kMath, "keywords " + join(why) + " (digit puzzle)");
    }
    if (is_chicken_rabbit(lowered, why)) {
        decision.chicken_rabbit = true;
        return decide(Task::kMath, "keywords " + join(why) + " (chicken and rabbit)");
    }
    if (auto words = matches(lowered, kLogicWords); !words.empty()) return decide(Task::kLogic, "keywords " + join(words));
    if (auto words = matches(lowered, kMathWords); !words.empty()) return decide(Task::kMath, "keywords " + join(words));
    if (stats.has_digit) {
        if (auto words = matches(lowered, kQuantityWords); !words.empty()) {
            return decide(Task::kMath, "keywords " + join(words) + " beside digits");
        }
    }
    const std::string density = "digits+operators density " + format_density(stats.density);
    if (stats.density >= kMathDensity) return decide(Task::kMath, density);
    decide(Task::kChat, "no rule matched (" + density + ")");
}

} // namespace

RouteDecision route(std::string_view question) {
    RouteDecision decision;
    decision.language = text::detect_language(question);
    decision.reasons.push_back(decision.language == text::Language::kChinese ? "CJK ideographs: zh"
                                                                             : "no CJK ideographs: en");
    const NumberStats stats = number_stats(question);
    if (is_blank(question)) {
        decision.task = Task::kChat;
        decision.reasons.push_back("empty question: chat");
    } else {
        decide_task(question, ascii_lower(question), stats, decision);
    }
    suggest_scaffold(decision, stats);
    return decision;
}

} // namespace r1tune::prompt

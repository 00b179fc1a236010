#include "prompt/router.h"

#include <cstdint>
#include <cstdio>
#include <utility>

#include "text/characters.h"
#include "text/keywords.h"

namespace r1tune::prompt {

namespace {

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

// Which scaffold fits the decided task, with the reason.
void suggest_scaffold(RouteDecision & decision, const NumberStats & stats) {
    switch (decision.task) {
        case Task::kProof: decision.scaffold = "proof"; break;
        case Task::kCode: decision.scaffold = "code"; break;
        case Task::kLogic: decision.scaffold = "logic"; break;
        case Task::kCreative:
        case Task::kChat: decision.scaffold = "general"; break;
        case Task::kMath:
            if (decision.family == verify::ProblemFamily::kDigitPuzzle) {
                decision.scaffold = "digit_puzzle";
                decision.reasons.push_back("a digit puzzle: scaffold digit_puzzle");
            } else if (decision.family == verify::ProblemFamily::kChickenRabbit) {
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
    if (auto words = text::find_keywords(lowered, kCodeWords); !words.empty()) return decide(Task::kCode, "keywords " + join(words));
    if (auto words = text::find_keywords(lowered, kCreativeWords); !words.empty()) {
        return decide(Task::kCreative, "keywords " + join(words));
    }
    if (auto words = text::find_keywords(lowered, kProofWords); !words.empty()) return decide(Task::kProof, "keywords " + join(words));

    std::vector<std::string_view> why;
    if (const auto family = verify::recognise_family(lowered, why)) {
        decision.family = family;
        return decide(Task::kMath, "keywords " + join(why) + " (" + std::string(verify::spoken_name(*family)) + ")");
    }
    if (auto words = text::find_keywords(lowered, kLogicWords); !words.empty()) return decide(Task::kLogic, "keywords " + join(words));
    if (auto words = text::find_keywords(lowered, kMathWords); !words.empty()) return decide(Task::kMath, "keywords " + join(words));
    if (stats.has_digit) {
        if (auto words = text::find_keywords(lowered, kQuantityWords); !words.empty()) {
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
        decide_task(question, text::lower_ascii(question), stats, decision);
    }
    suggest_scaffold(decision, stats);
    return decision;
}

} // namespace r1tune::prompt

#include "prompt/router.h"

#include <gtest/gtest.h>

namespace r1tune::prompt {
namespace {

using text::Language;

struct Case {
    const char * question;
    Task task;
    Language language;
    const char * scaffold;
    bool chicken_rabbit = false;
    bool digit_puzzle = false;
};

std::string all_reasons(const RouteDecision & decision) {
    std::string out;
    for (const std::string & reason : decision.reasons) out += "\n  " + reason;
    return out;
}

const Case kCases[] = {
    // The tuning guide's questions.
    {"笼子里有35个头，94只脚，问鸡兔各几只？", Task::kMath, Language::kChinese, "word_problem", true, false},
    {"一个三位数，各位数字之和是12，百位数字比十位数字大2，个位数字比十位数字小1，求这个数", Task::kMath,
     Language::kChinese, "digit_puzzle", false, true},
    {"证明：对任意正整数n，n^3-n能被6整除。", Task::kProof, Language::kChinese, "proof"},
    {"用Python写一个函数，判断一个数是否为质数。", Task::kCode, Language::kChinese, "code"},
    {"写一首关于秋天的诗。", Task::kCreative, Language::kChinese, "general"},
    {"你好", Task::kChat, Language::kChinese, "general"},

    // Chinese.
    {"鸡兔同笼，共有头20个，脚50只，鸡和兔各有多少只？", Task::kMath, Language::kChinese, "word_problem", true, false},
    {"一个两位数，十位数字是个位数字的2倍，个位数字与十位数字的和是9，求这个两位数。", Task::kMath,
     Language::kChinese, "digit_puzzle", false, true},
    {"解方程 3x + 5 = 20", Task::kMath, Language::kChinese, "math"},
    {"计算 123 × 45", Task::kMath, Language::kChinese, "math"},
    {"求函数 f(x)=x^2-4x+3 的最小值", Task::kMath, Language::kChinese, "math"},
    {"小明有15个苹果，给了小红6个，又买了8个，现在有几个？", Task::kMath, Language::kChinese, "word_problem"},
    {"一辆汽车每小时行驶60千米，3小时行驶多少千米？", Task::kMath, Language::kChinese, "word_problem"},
    {"一个长方形的长是8厘米，宽是5厘米，它的面积是多少？", Task::kMath, Language::kChinese, "word_problem"},
    {"1+1等于几？", Task::kMath, Language::kChinese, "math"},
    {"甲说：乙在说谎。乙说：丙在说谎。丙说：甲和乙都在说谎。谁说了真话？", Task::kLogic, Language::kChinese, "logic"},
    {"如果所有的猫都是动物，有些动物是黑色的，能否推出有些猫是黑色的？", Task::kLogic, Language::kChinese, "logic"},
    {"求证：三角形的内角和等于180度。", Task::kProof, Language::kChinese, "proof"},
    {"这段代码有什么问题？\n```python\nprint(1/0)\n```", Task::kCode, Language::kChinese, "code"},
    {"实现一个快速排序算法", Task::kCode, Language::kChinese, "code"},
    {"写一个故事，讲一只会说话的猫。", Task::kCreative, Language::kChinese, "general"},
    {"今天天气怎么样？", Task::kChat, Language::kChinese, "general"},
    {"介绍一下长城。", Task::kChat, Language::kChinese, "general"},
    {"你有几个兄弟姐妹？", Task::kChat, Language::kChinese, "general"},
    {"班里有十位同学参加了比赛。", Task::kChat, Language::kChinese, "general"},

    // English.
    {"A cage holds chickens and rabbits: 35 heads and 94 feet in all. How many of each?", Task::kMath,
     Language::kEnglish, "word_problem", true, false},
    {"A three-digit number has a digit sum of 12; its hundreds digit is 2 more than its tens digit. Find it.",
     Task::kMath, Language::kEnglish, "digit_puzzle", false, true},
    {"Prove that the square root of 2 is irrational.", Task::kProof, Language::kEnglish, "proof"},
    {"Show that n^2 + n is even for every integer n.", Task::kProof, Language::kEnglish, "proof"},
    {"Write a Python function that returns the n-th Fibonacci number.", Task::kCode, Language::kEnglish, "code"},
    {"Implement binary search in C++.", Task::kCode, Language::kEnglish, "code"},
    {"Why does this fail?\n```js\nconsole.log(x)\n```", Task::kCode, Language::kEnglish, "code"},
    {"Write a poem about the sea.", Task::kCreative, Language::kEnglish, "general"},
    {"Tell me a story about a dragon.", Task::kCreative, Language::kEnglish, "general"},
    {"Write a haiku about spring.", Task::kCreative, Language::kEnglish, "general"},
    {"What is 17 * 23?", Task::kMath, Language::kEnglish, "math"},
    {"Solve the equation 2x + 3 = 11.", Task::kMath, Language::kEnglish, "math"},
    {"Compute 2^10 - 1.", Task::kMath, Language::kEnglish, "math"},
    {"What is the derivative of x^3?", Task::kMath, Language::kEnglish, "math"},
    {"What is the probability of rolling a six with a fair die?", Task::kMath, Language::kEnglish, "math"},
    {"A train travels 120 km in 2 hours. What is its average speed?", Task::kMath, Language::kEnglish, "word_problem"},
    {"Tom has 5 apples and buys 3 more. How many apples does he have now?", Task::kMath, Language::kEnglish,
     "word_problem"},
    {"Knights always tell the truth and knaves always lie. A says B is a knave. Who is who?", Task::kLogic,
     Language::kEnglish, "logic"},
    {"If it rains, the ground is wet. The ground is not wet. What can we conclude?", Task::kLogic,
     Language::kEnglish, "logic"},
    {"Hello!", Task::kChat, Language::kEnglish, "general"},
    {"How are you today?", Task::kChat, Language::kEnglish, "general"},
    {"What is the capital of France?", Task::kChat, Language::kEnglish, "general"},
    {"How many continents are there?", Task::kChat, Language::kEnglish, "general"},
    // Whole words only: "improve" does not hold "prove", nor "summary" "sum".
    {"Improve my summary, please.", Task::kChat, Language::kEnglish, "general"},
    {"What is the zip code of Boston?", Task::kChat, Language::kEnglish, "general"},
    {"", Task::kChat, Language::kEnglish, "general"},
};

TEST(Router, DecisionTable) {
    for (const Case & c : kCases) {
        const RouteDecision decision = route(c.question);
        SCOPED_TRACE(std::string("question: ") + c.question + all_reasons(decision));
        EXPECT_EQ(to_string(decision.task), to_string(c.task));
        EXPECT_EQ(decision.language, c.language);
        EXPECT_EQ(decision.scaffold, c.scaffold);
        EXPECT_EQ(decision.family == verify::ProblemFamily::kChickenRabbit, c.chicken_rabbit);
        EXPECT_EQ(decision.family == verify::ProblemFamily::kDigitPuzzle, c.digit_puzzle);
    }
}

TEST(Router, TableIsLargeEnoughToMeanSomething) {
    EXPECT_GE(std::size(kCases), 40u);
}

TEST(Router, ReasonsNameTheLanguageAndTheRuleThatDecided) {
    const RouteDecision proof = route("证明：√2是无理数");
    ASSERT_EQ(proof.reasons.size(), 2u);
    EXPECT_EQ(proof.reasons[0], "CJK ideographs: zh");
    EXPECT_EQ(proof.reasons[1], "keywords 证明: proof");

    const RouteDecision fence = route("```\nint main() {}\n```");
    EXPECT_EQ(fence.reasons.at(1), "contains ```: code");

    const RouteDecision dense = route("12*(3+4)=?");
    EXPECT_EQ(dense.reasons.at(0), "no CJK ideographs: en");
    EXPECT_EQ(dense.reasons.at(1), "digits+operators density 0.70: math");

    const RouteDecision chat = route("hi there");
    EXPECT_EQ(chat.reasons.at(1), "no rule matched (digits+operators density 0.00): chat");
}

TEST(Router, ReasonsSayWhyAWordProblemScaffoldWasChosen) {
    const RouteDecision decision = route("笼子里有35个头，94只脚，问鸡兔各几只？");
    ASSERT_EQ(decision.reasons.size(), 3u);
    EXPECT_EQ(decision.reasons[1], "keywords 鸡, 兔 (chicken and rabbit): math");
    EXPECT_EQ(decision.reasons[2], "a chicken-and-rabbit problem: scaffold word_problem");
}

TEST(Router, EarlierRulesWin) {
    // A code request about digits is code, not a digit puzzle.
    const RouteDecision code = route("Write a Python function that returns the sum of the digits of a three-digit number.");
    EXPECT_EQ(code.task, Task::kCode);
    EXPECT_FALSE(code.family.has_value());
    // A poem about a proof is a poem.
    EXPECT_EQ(route("写一首关于勾股定理证明的诗").task, Task::kCreative);
}

TEST(Router, FullWidthDigitsAndOperatorsCount) {
    const RouteDecision decision = route("１２＋３４＝？");
    EXPECT_EQ(decision.task, Task::kMath);
}

TEST(Router, IsDeterministic) {
    for (const Case & c : kCases) {
        const RouteDecision a = route(c.question);
        const RouteDecision b = route(c.question);
        EXPECT_EQ(a.reasons, b.reasons);
        EXPECT_EQ(a.scaffold, b.scaffold);
    }
}

} // namespace
} // namespace r1tune::prompt

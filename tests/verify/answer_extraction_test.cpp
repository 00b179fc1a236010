#include "verify/answer_extraction.h"

#include <gtest/gtest.h>

#include <string>

using r1tune::verify::AnswerRule;
using r1tune::verify::extract_answer;
using r1tune::verify::ExtractedAnswer;
using r1tune::verify::to_canonical;

namespace {

// "name=value" per quantity, a percentage marked %, "no solution", or "none".
std::string render(const ExtractedAnswer & a) {
    if (a.no_solution) return "no solution";
    if (a.quantities.empty()) return "none";
    std::string out;
    for (const auto & q : a.quantities) {
        if (!out.empty()) out += ", ";
        if (!q.name.empty()) out += q.name + "=";
        out += to_canonical(q.value) + (q.percent ? "%" : "");
    }
    return out;
}

struct Case {
    const char * answer;
    const char * expected;
    const char * question = "";
    const char * thinking = "";
};

const char * const kChickens = "笼子里有35个头，94只脚，问鸡兔各几只？";
const char * const kChickensEn = "A farm has 35 heads and 94 legs of chickens and rabbits. How many of each?";

// Realistic endings of R1-style answers, both languages, traps included.
const Case kCases[] = {
    // 1. \boxed{…}: the last one wins; it may hold several values, an assignment or a fraction.
    {"因此，鸡有23只，兔有12只。\n\n\\boxed{鸡23只，兔12只}", "鸡=23, 兔=12", kChickens},
    {"所以答案是 \\(\\boxed{23}\\)。", "23"},
    {"The answer is \\(\\boxed{42}\\).", "42"},
    {"First \\boxed{5}, but on reflection the total is \\boxed{7}.", "7"},
    {"\\[\n\\boxed{23, 12}\n\\]", "23, 12"},
    {"Solving gives \\(\\boxed{x=3}\\).", "x=3"},
    {"\\boxed{\\frac{2}{3}}", "2/3"},
    {"\\boxed{\\dfrac{3}{4}}", "3/4"},
    {"\\boxed{-5}", "-5"},
    {"\\boxed{3.5}", "7/2"},
    {"\\boxed{1,234}", "1234"},
    {"\\boxed{50\\%}", "1/2%"},
    {"\\boxed{无解}", "no solution"},
    {"\\boxed{\\text{No solution}}", "no solution"},
    {"\\boxed{二十三}", "23"},
    {"\\boxed{23\\text{只}}", "23"},
    {"\\boxed{5\\text{ km}}", "5"},
    {"\\boxed{\\$12}", "12"},
    {"There are \\(\\boxed{23}\\) chickens and \\(\\boxed{12}\\) rabbits.", "chicken=23, rabbit=12"},
    {"鸡有 \\(\\boxed{23}\\) 只，兔有 \\(\\boxed{12}\\) 只。", "鸡=23, 兔=12"},
    {"**Final Answer**\n\\boxed{c = 23, r = 12}", "c=23, r=12"},
    {"最终答案：\\boxed{鸡=23, 兔=12}", "鸡=23, 兔=12"},
    {"\\boxed{2\\sqrt{3}}", "none"},       // no rational number: nothing, not a guess
    {"The area is 12, so \\boxed{\\pi}", "none"},
    {"\\boxed{}\n所以答案是23。", "23"},   // an empty box is skipped
    {"\\boxed{\\dfrac{1}{3}}", "1/3"},
    {"\\boxed{0.5}", "1/2"},
    // 2. Answer markers.
    {"**Answer:** There are 23 chickens and 12 rabbits.", "chicken=23, rabbit=12", kChickensEn},
    {"Final answer: 42", "42"},
    {"So the answer is 17.", "17"},
    {"The answer is 12 because 24/2 = 12.", "12"},
    {"Answer: 3/4", "3/4"},
    {"Answer: $12", "12"},
    {"The final answer is 1,250 dollars.", "1250"},
    {"Answer: -7", "-7"},
    {"答案：23", "23"},
    {"答：鸡23只，兔12只。", "鸡=23, 兔=12", kChickens},
    {"最终答案：鸡有23只，兔有12只。", "鸡=23, 兔=12", kChickens},
    {"所以这样的三位数不存在，答案是无解。", "no solution"},
    {"答案是二十三。", "23"},
    {"答案为百分之五十。", "1/2%"},
    {"答案：３５", "35"},
    {"答 案是 18", "18"},
    {"**答案：**\n- 鸡：23只\n- 兔：12只", "鸡=23, 兔=12", kChickens},
    {"答案：\n鸡有23只，兔有12只。", "鸡=23, 兔=12", kChickens},
    {"答：这个数是三分之二。", "2/3"},
    {"Let me verify the answer. 35 - 12 = 23.\nThe answer is 23.", "23"},
    {"先验证答案的正确性：23+12=35。所以答案是23。", "23"},
    {"Answer: 25%", "1/4%"},
    {"The answer is 0.5.", "1/2"},
    {"The answer is \\frac{5}{8}.", "5/8"},
    {"答案：共需要2.5万元。", "25000"},
    // 3. Assignments.
    {"Solving the system, x = 5.", "x=5"},
    {"So c = 23, r = 12.", "c=23, r=12"},
    {"x + y = 35\n2x + 4y = 94\nSo x = 23 and y = 12.", "x=23, y=12", kChickensEn},
    {"Subtracting, x = 35 - 12 = 23.", "x=23"},
    {"解得 x=23，y=12。", "x=23, y=12"},
    {"设鸡有x只，兔有y只。\nx + y = 35\n2x + 4y = 94\n解得 x = 23，y = 12。", "x=23, y=12", kChickens},
    {"Therefore n = 7.", "n=7"},
    {"We get a = -3 and b = 4.", "a=-3, b=4"},
    {"所以 x = 1/2。", "x=1/2"},
    {"2x + 4y = 94 gives y = 12.", "y=12"},
    // 4. Named quantities.
    {"因此，鸡有23只，兔有12只。", "鸡=23, 兔=12", kChickens},
    {"所以鸡23只，兔12只。", "鸡=23, 兔=12", kChickens},
    {"35个头、94只脚，所以鸡23只、兔12只。", "鸡=23, 兔=12", kChickens},
    {"35个头、94只脚，所以鸡23只、兔12只。", "鸡=23, 兔=12"},           // without the question too
    {"笼子里有23只鸡和12只兔。", "鸡=23, 兔=12", kChickens},
    {"鸡的数量是23只，兔的数量是12只。", "鸡=23, 兔=12", kChickens},
    {"鸡有二十三只，兔有十二只。", "鸡=23, 兔=12", kChickens},
    {"兔12只，鸡23只。", "兔=12, 鸡=23", kChickens},
    {"所以鸡有23只。\n兔有12只。", "鸡=23, 兔=12", kChickens},
    {"因此，笼子里的鸡有23只，兔子有12只。", "鸡=23, 兔子=12", kChickens},
    {"There are 23 chickens and 12 rabbits.", "chicken=23, rabbit=12", kChickensEn},
    {"Chickens: 23, rabbits: 12", "chicken=23, rabbit=12"},
    {"So the number of chickens is 23 and the number of rabbits is 12.", "chicken=23, rabbit=12"},
    {"Therefore, the farmer has 23 chickens and 12 rabbits in total.", "chicken=23, rabbit=12"},
    {"So there are 12 rabbits.", "rabbit=12"},
    {"鸡有23只，兔有12只，共35只。", "鸡=23, 兔=12", kChickens},
    {"因此，鸡有23只，兔有12只。\n\n**验证：**\n- 头：23 + 12 = 35\n- 脚：2×23 + 4×12 = 46 + 48 = 94", "鸡=23, 兔=12", kChickens},
    {"So she has 8 apples.\nCheck: 5 + 3 = 8 apples.", "apple=8"},
    {"小明有15元，小红有20元。", "小明=15, 小红=20"},
    {"所以甲有24本书。", "甲=24"},
    {"我们设鸡有 \\( x \\) 只，兔有 \\( y \\) 只。\n\n根据题意：\n1. 头的总数：\\( x + y = 35 \\)\n"
     "2. 脚的总数：\\( 2x + 4y = 94 \\)\n\n解方程组：\n- 由第一个方程得 \\( x = 35 - y \\)\n"
     "- 化简得 \\( 70 + 2y = 94 \\)，所以 \\( y = 12 \\)\n- 因此 \\( x = 35 - 12 = 23 \\)\n\n"
     "**答案**：鸡有23只，兔有12只。", "鸡=23, 兔=12", kChickens},
    {"首先，35只全是鸡的话有70只脚，比94少24只，每只兔比鸡多2只脚，所以兔有24÷2=12只，鸡有35-12=23只。",
     "兔=12, 鸡=23", kChickens},
    {"Multiply (1) by 2: 2c + 2r = 70. Subtract: 2r = 24, so r = 12. Then c = 23.\n\n"
     "There are 23 chickens and 12 rabbits.", "chicken=23, rabbit=12", kChickensEn},
    {"答：鸡23只，兔12只，共35只。", "鸡=23, 兔=12"},
    {"小明有5个苹果，吃了2个，还剩3个。", "3"},
    {"The total cost is 3 × $4 = $12.", "12"},
    {"最后，甲乙两数分别是 12 和 18。", "12, 18"},
    // 5. The last number, and its traps.
    {"12", "12"},
    {"#### 72", "72"},
    {"It takes 3 hours.", "3"},
    {"He pays $1,200 in total.", "1200"},
    {"The speed is 60 km/h.", "speed=60"},
    {"The area is 25 cm².", "area=25"},
    {"所以他一共走了12.5千米。", "25/2"},
    {"这个数是负三。", "-3"},
    {"面积是 3/4 平方米。", "面积=3/4"},
    {"结果约为 0.25。", "1/4"},
    {"He sold 1,000,000 units.", "1000000"},
    {"所以总价是３０元。", "总价=30"},
    {"合格率为98%。", "合格率=49/50%"},
    {"1. Add the heads.\n2. Subtract.\nThe result is 23.", "23"},
    {"第一步：35×2=70。\n第二步：94-70=24。\n第三步：24÷2=12，兔有12只。", "兔=12", kChickens},
    {"Step 1: 2 + 3 = 5\nStep 2: 5 × 4 = 20\nSo the result is 20.", "20"},
    {"头数是35，所以结果是23。", "23", kChickens},
    {"The cost was 2,500 yuan, so the final price is 2,000 yuan.", "price=2000"},
    {"他今年十二岁。", "12"},
    {"共用了两万五千元。", "25000"},
    {"一共有一百零五个学生。", "学生=105"},
    {"这是一个很好的问题，需要一些思考。", "none"},   // 一 in words is not a number
    {"", "none"},
    // No solution, in words.
    {"Therefore, there is no solution.", "no solution"},
    {"So no such number exists.", "no solution"},
    {"因此，没有这样的数。", "no solution"},
    {"所以满足条件的三位数不存在。", "no solution"},
    {"This system has no solution because the lines are parallel.", "no solution"},
    // Percentages and mixed forms.
    {"The growth rate is 12.5%.", "rate=1/8%"},
    {"增长了百分之二十。", "1/5%"},
    {"所以概率是三分之一。", "概率=1/3"},
    {"The answer is 3万.", "30000"},
    // Shapes from real answers of Qwen2.5-Coder-1.5B/0.5B-Instruct: a number before its noun with
    // no measure word, inside a box's \text{}; a value that equals a question number under
    // another name is the answer's own claim.
    {"因此，鸡的数量是23，兔的数量是12。答案是：\n\\[\n\\boxed{23 \\text{ 鸡，12 只兔}}\n\\]", "鸡=23, 兔=12", kChickens},
    {"\\boxed{23 \\text{ 鸡和 12 只兔}}", "鸡=23, 兔=12", kChickens},
    {"所以笼子里有 23 鸡和 12 兔。", "鸡=23, 兔=12", kChickens},
    {"因此，笼子里的鸡有35只，兔有0只。", "鸡=35, 兔=0", kChickens},
    {"鸡=35，兔=0", "鸡=35, 兔=0", kChickens},
    {"所以需要 23 多一点的时间。", "23"},          // 多 names nothing
    {"所以需要 23 多一点的时间。", "23", "鸡兔各有多少只？"}, // not even when the question asks 多少
    {"总头数为35，总脚数为94，所以鸡有23只，兔有12只。", "鸡=23, 兔=12", kChickens}, // restated under a longer name
    {"共有 23 鸡。", "23"},                        // without the question, a bare noun is no name
    // A hyphen after a box joins it to a word (GSM8K training item 174); elsewhere a number joined
    // to a word by a hyphen ("3-year") is no answer, and in a box a minus before a letter is one.
    {"Therefore, the turtle needs a \\(\\boxed{18}\\)-second head start to finish in a tie.", "18"},
    {"\\boxed{35-x}", "none"},
    {"The answer is \\boxed{35-xy}.", "none"},
    {"The answer is \\boxed{20-theta}.", "none"},
    {"Final Answer: The 3-year total is 36000 dollars.", "36000"},
    {"**Answer:** After the 20-minute break, she has 40 minutes left.", "40"},
    {"The answer is the 3-digit number 245.", "245"},
};

} // namespace

TEST(AnswerExtraction, Table) {
    ASSERT_GE(std::size(kCases), 100u);
    for (const Case & c : kCases) {
        SCOPED_TRACE(c.answer);
        EXPECT_EQ(render(extract_answer(c.answer, c.thinking, c.question)), c.expected);
    }
}

TEST(AnswerExtraction, ReportsTheRuleThatFound) {
    EXPECT_EQ(extract_answer("\\boxed{5}").rule, AnswerRule::kBoxed);
    EXPECT_EQ(extract_answer("Answer: 5").rule, AnswerRule::kMarker);
    EXPECT_EQ(extract_answer("So x = 5.").rule, AnswerRule::kAssignment);
    EXPECT_EQ(extract_answer("鸡有23只。").rule, AnswerRule::kNamedQuantity);
    EXPECT_EQ(extract_answer("因此无解。").rule, AnswerRule::kNoSolution);
    EXPECT_EQ(extract_answer("It is 5.").rule, AnswerRule::kLastNumber);
    EXPECT_EQ(extract_answer("no digits").rule, AnswerRule::kNone);
}

TEST(AnswerExtraction, QuantitiesKeepUnitTextAndOffset) {
    const std::string text = "因此，鸡有23只，兔有12只。";
    const auto a = extract_answer(text);
    ASSERT_EQ(a.quantities.size(), 2u);
    EXPECT_EQ(a.quantities[0].text, "鸡有23只");
    EXPECT_EQ(a.quantities[0].unit, "只");
    EXPECT_EQ(text.substr(a.quantities[0].offset, a.quantities[0].text.size()), "鸡有23只");
    EXPECT_EQ(a.quantities[1].text, "兔有12只");

    const std::string boxed = "So \\(\\boxed{42}\\) km.";
    const auto b = extract_answer(boxed);
    ASSERT_EQ(b.quantities.size(), 1u);
    EXPECT_EQ(boxed.substr(b.quantities[0].offset, 2), "42");
    EXPECT_EQ(b.quantities[0].unit, "km"); // the unit may stand outside the box

    const auto dollars = extract_answer("Answer: $12");
    ASSERT_EQ(dollars.quantities.size(), 1u);
    EXPECT_EQ(dollars.quantities[0].unit, "$");
}

TEST(AnswerExtraction, FallsBackToTheThinkingWhenTheAnswerHasNothing) {
    const auto a = extract_answer("", "…so x + y = 35 … therefore the answer is 23.");
    EXPECT_EQ(render(a), "23");
    EXPECT_TRUE(a.from_thinking);
    const auto b = extract_answer("I hope this helps!", "鸡有23只，兔有12只。");
    EXPECT_EQ(render(b), "鸡=23, 兔=12");
    EXPECT_TRUE(b.from_thinking);
    const auto c = extract_answer("Answer: 7", "the answer is 9");
    EXPECT_EQ(render(c), "7");
    EXPECT_FALSE(c.from_thinking);
}

TEST(AnswerExtraction, AnUnreadableBoxDoesNotFallBackToTheThinking) {
    const auto a = extract_answer("\\boxed{\\sqrt{2}}", "the answer is 2");
    EXPECT_TRUE(a.empty());
    EXPECT_EQ(a.rule, AnswerRule::kBoxed);
}

TEST(AnswerExtraction, QuestionNumbersYieldToNewOnes) {
    // Restating the question's 35 and 94 after the result does not hide the result.
    EXPECT_EQ(render(extract_answer("鸡23只。总共35个头，94只脚。", "", kChickens)), "鸡=23");
    // Without a better candidate a restated value still counts.
    EXPECT_EQ(render(extract_answer("The answer is 35.", "", kChickensEn)), "35");
}

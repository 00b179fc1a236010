#include "verify/arithmetic_check.h"

#include <gtest/gtest.h>

using r1tune::text::Language;
using r1tune::verify::check_arithmetic;
using r1tune::verify::Outcome;

namespace {

Outcome outcome_of(std::string_view text, Language language = Language::kEnglish) {
    return check_arithmetic(text, language).outcome;
}

} // namespace

// The tuning guide says 23 chickens and 12 rabbits give "98≠94"; in fact 2×23+4×12 = 94, so a
// text claiming 98 is wrong and one claiming 94 is right.
TEST(CheckArithmetic, TheGuidesChickenSumIs94Not98) {
    const std::string wrong = "设鸡有23只，兔有12只。\n脚数：\n2×23+4×12=98，不等于94。";
    const auto zh = check_arithmetic(wrong, Language::kChinese);
    EXPECT_EQ(zh.outcome, Outcome::kFail);
    EXPECT_EQ(zh.verifier, "arithmetic");
    EXPECT_EQ(zh.evidence, "2×23+4×12 = 98 (it is 94)");
    EXPECT_EQ(zh.sentence, "第3行的计算 2×23+4×12=98 有误：应为 94。");
    EXPECT_EQ(zh.offset, wrong.find("2×23"));

    const auto en = check_arithmetic("The feet: 2×23+4×12 = 98.", Language::kEnglish);
    EXPECT_EQ(en.outcome, Outcome::kFail);
    EXPECT_EQ(en.sentence, "The step 2×23+4×12 = 98 is wrong: it is 94.");

    const auto right = check_arithmetic("鸡23只，兔12只：23+12=35，2×23+4×12=94。", Language::kChinese);
    EXPECT_EQ(right.outcome, Outcome::kPass) << right.sentence;
    EXPECT_EQ(right.sentence, "核对了 2 处计算，全部正确。");
}

TEST(CheckArithmetic, ChainsCheckEveryLinkAndReportTheFirstWrongOne) {
    EXPECT_EQ(outcome_of("So 2 × 23 + 4 × 12 = 46 + 48 = 94."), Outcome::kPass);
    const auto v = check_arithmetic("So 2 × 23 + 4 × 12 = 46 + 48 = 96, and 5 + 5 = 11.", Language::kEnglish);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.evidence, "46 + 48 = 96 (it is 94)");
    EXPECT_EQ(v.offset, std::string_view("So 2 × 23 + 4 × 12 = ").size());
}

TEST(CheckArithmetic, LatexNotation) {
    EXPECT_EQ(outcome_of("\\[ 2 \\times 23 + 4 \\times 12 = 94 \\]"), Outcome::kPass);
    EXPECT_EQ(outcome_of("$\\frac{94 - 70}{2} = 12$"), Outcome::kPass);
    EXPECT_EQ(outcome_of("$\\dfrac{1}{2} + \\frac{1}{3} = \\frac{5}{6}$"), Outcome::kPass);
    EXPECT_EQ(outcome_of("$\\frac{1}{2} + \\frac{1}{3} = \\frac{2}{5}$"), Outcome::kFail);
    EXPECT_EQ(outcome_of("$48 \\div 4 = 12$ and $3 \\cdot 4 = 12$"), Outcome::kPass);
    EXPECT_EQ(outcome_of("$2^{10} = 1024$, $\\sqrt{144} = 12$"), Outcome::kPass);
    EXPECT_EQ(outcome_of("\\boxed{35 - 12 = 23}"), Outcome::kPass);
    // Dollar amounts as LaTeX writes them (GSM8K training item 14: 20 + 5 + 20 is 45, not 55).
    EXPECT_EQ(outcome_of("\\[ \\text{Total cost} = \\$20 + \\$5 + \\$20 = \\$45 \\]"), Outcome::kPass);
    const auto dollars = check_arithmetic("\\[ \\text{Total cost} = \\$20 + \\$5 + \\$20 = \\$55 \\]", Language::kEnglish);
    EXPECT_EQ(dollars.outcome, Outcome::kFail);
    EXPECT_EQ(dollars.evidence, "20 + 5 + 20 = 55 (it is 45)");
    EXPECT_EQ(outcome_of("\\begin{aligned} 2x + 3 &= 7 \\\\ 2x &= 4 \\\\ x &= 2 \\end{aligned}"), Outcome::kPass);
    const auto v = check_arithmetic("Legs: $2 \\times 23 + 4 \\times 12 = 98$", Language::kEnglish);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.evidence, "2 × 23 + 4 × 12 = 98 (it is 94)");
    EXPECT_EQ(v.offset, std::string_view("Legs: $").size()); // an offset in the original text
}

TEST(CheckArithmetic, FullWidthAndUnicodeOperators) {
    EXPECT_EQ(outcome_of("所以（３５－１２）×２＝４６", Language::kChinese), Outcome::kPass);
    EXPECT_EQ(outcome_of("所以 35 − 12 = 23，94 ÷ 2 = 47", Language::kChinese), Outcome::kPass);
    EXPECT_EQ(outcome_of("所以 35 − 12 = 22", Language::kChinese), Outcome::kFail);
    EXPECT_EQ(outcome_of("面积是 3² + 4² = 25"), Outcome::kPass);
    EXPECT_EQ(outcome_of("so 20% × 50 = 10 and 0.1 + 0.2 = 0.3"), Outcome::kPass);
}

// The tuning guide's chain: h = t + 2, u = t − 1, digit sum 12 → (b+2)+b+(b−1)=12 → 3b+1=12 → b=11/3.
TEST(CheckArithmetic, EquationStepsInOneVariable) {
    EXPECT_EQ(outcome_of("(b+2)+b+(b−1)=12 → 3b+1=12 → b=11/3"), Outcome::kPass);
    const auto v = check_arithmetic("(b+2)+b+(b−1)=12 → 3b+2=12 → b=10/3", Language::kEnglish);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.evidence, "(b+2)+b+(b−1) = 12 → 3b+2 = 12 (b = 11/3 before, b = 10/3 after)");
    EXPECT_EQ(v.sentence, "The step from (b+2)+b+(b−1) = 12 to 3b+2 = 12 is wrong: the first gives b = 11/3, the second b = 10/3.");
    const auto zh = check_arithmetic("所以 (b+2)+b+(b−1)=12，化简得 3b+2=12。", Language::kChinese);
    EXPECT_EQ(zh.outcome, Outcome::kFail);
    EXPECT_EQ(zh.sentence, "第1行从 (b+2)+b+(b−1) = 12 到 3b+2 = 12 的变形有误：前者得 b = 11/3，后者得 b = 10/3。");

    EXPECT_EQ(outcome_of("2x + 3 = 7, 2x = 4, x = 2"), Outcome::kPass);
    EXPECT_EQ(outcome_of("2x + 3 = 7, 2x = 4, x = 3"), Outcome::kFail);
    EXPECT_EQ(outcome_of("2x + 3 = 7\n2x = 10\nx = 5"), Outcome::kFail);
    EXPECT_EQ(outcome_of("2x+4(35−x)=94 → 2x+140−4x=94 → −2x=−46 → x=23"), Outcome::kPass);
    // A simplification written as an identity, then solved.
    EXPECT_EQ(outcome_of("(b+2)+b+(b−1) = 3b+1 = 12, so b = 11/3"), Outcome::kPass);
    const auto identity = check_arithmetic("(b+2)+b+(b−1) = 3b+2", Language::kEnglish);
    EXPECT_EQ(identity.outcome, Outcome::kFail);
    EXPECT_EQ(identity.evidence, "(b+2)+b+(b−1) = 3b+2 (left minus right is -1 for every b)");
    // Non-linear steps: a constant multiple passes, a root-losing step is skipped, not failed.
    EXPECT_EQ(outcome_of("x² − 5x + 6 = 0 → (x−2)(x−3) = 0"), Outcome::kPass);
    EXPECT_EQ(outcome_of("x² = 4 → x = 2"), Outcome::kUnknown);
}

TEST(CheckArithmetic, NothingCheckableIsUnknown) {
    const auto v = check_arithmetic("笼子里有35个头，94只脚，问鸡兔各几只？", Language::kChinese);
    EXPECT_EQ(v.outcome, Outcome::kUnknown);
    EXPECT_EQ(v.sentence, "文中没有可以核对的计算。");
    EXPECT_EQ(outcome_of("x = 5"), Outcome::kUnknown);               // an answer, not a computation
    EXPECT_EQ(outcome_of("The answer is x = 5, y = 7."), Outcome::kUnknown);
    EXPECT_EQ(outcome_of(""), Outcome::kUnknown);
}

// Things that look like claims and are not; each would be a false alarm if checked.
TEST(CheckArithmetic, NoFalseAlarms) {
    const char * texts[] = {
        "The meeting is on 2024-01-01 = Monday.",
        "The ratio 3:4 = 6:8 holds.",
        "At 3:45 = quarter to four.",
        "1. 2 + 3 = 5\n2. 4 + 4 = 8",
        "(1) 2+3=5 (2) 3+3=6",
        "3 x 4 = 12",
        "half of 10 = 5",
        "20% of 50 = 10",
        "10 choose 2 = 45",
        "log 100 = 2",
        "2乘以3=6",
        "百分之20×50=10",
        "10/3 = 3.33",
        "1/3 = 0.333...",
        "100 ÷ 3 = 33 remainder 1",
        "100 ÷ 3 = 33余1",
        "7 ÷ 2 = 3 groups with one left over",
        "Is 2×23+4×12 = 98? No, it is 94.",
        "2×23+4×12=98吗？",
        "2×23+4×12 = 98. Wait, that's wrong: 46 + 48 = 94.",
        "2×23+4×12=98，不对，应该是94。",
        "If 2+2 = 5 then anything follows.",
        "t=1: 3t+1=4, t=2: 3t+1=7",
        "x = 1, x = 2, x = 3 are the candidates",
        "x + y = 35, 2x + 4y = 94",
        "```\ni = i + 1\n```",
        "`n = n + 1`",
        "- 2 + 3 = 5",
        "chickens - 2×23 = 46",
        "5! = 120",
        "3cm + 2cm = 5cm",
        "1 km = 1000 m",
        "2 + 3 = 5 (correct)",
        "**2×23 + 4×12 = 94**",
        "$\\pi r^2 = 3.14 \\times 4 = 12.56$",
        "√2 = 1.414",
        "sin 30° = 0.5",
        "x ≈ 3.333 = 10/3",
        "a_1 = 2, a_2 = 4",
        "the numbers 12, 3 + 4 = 7",
        "98≠94",
        "100 - 20% = 80",
        "Let S = 1 + 2 + ... + 100 = 5050",
        "2/3 = 0.67",
        "If x = 4, 2x + 1 = 9",
        "2x + 1 = 7 when x = 4",
        "3b+1=12 so b = 11/3 ≈ 3.67",
    };
    for (const char * text : texts) {
        const auto v = check_arithmetic(text, Language::kEnglish);
        EXPECT_NE(v.outcome, Outcome::kFail) << text << " → " << v.evidence;
    }
}

TEST(CheckArithmetic, WrongStepsAfterRightOnesAndAcrossLines) {
    const std::string text =
        "假设全是鸡：2×35=70只脚。\n"
        "少了 94−70=24 只脚。\n"
        "每只兔多 4−2=2 只脚，所以兔有 24÷2=13 只。\n"
        "鸡有 35−13=22 只。";
    const auto v = check_arithmetic(text, Language::kChinese);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.evidence, "24÷2 = 13 (it is 12)");
    EXPECT_EQ(v.sentence, "第3行的计算 24÷2=13 有误：应为 12。");
    EXPECT_EQ(v.offset, text.find("24÷2"));
}

TEST(CheckArithmetic, ComparisonsAreCheckedToo) {
    EXPECT_EQ(outcome_of("so 46 + 48 = 94 ≠ 98"), Outcome::kPass);
    EXPECT_EQ(outcome_of("so 2 + 3 > 4"), Outcome::kPass);
    const auto v = check_arithmetic("so 2 + 3 > 6", Language::kEnglish);
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.sentence, "The comparison 2 + 3 > 6 is false: the left side is 5.");
}

TEST(CheckArithmetic, DivisionByZeroIsSkippedNotCrashed) {
    EXPECT_EQ(outcome_of("so 5/0 = 3"), Outcome::kUnknown);
    EXPECT_EQ(outcome_of("so 5/(2−2) = 3 and 1 + 1 = 2"), Outcome::kPass);
}

TEST(CheckArithmetic, LabelsCheckMarksAndSeparators) {
    EXPECT_EQ(outcome_of("鸡的脚数 = 2×23 = 46 只", Language::kChinese), Outcome::kPass);
    EXPECT_EQ(outcome_of("hundreds 6, tens 4, units 3: 6 + 4 + 3 = 13 ✓"), Outcome::kPass);
    EXPECT_EQ(outcome_of("1,000 + 2,000 = 3,000"), Outcome::kPass);
    EXPECT_EQ(outcome_of("The price rose 20%: 50 × 1.2 = 60."), Outcome::kPass);
    const auto v = check_arithmetic("2/3 = 0.5", Language::kEnglish); // too far off to be a rounding
    EXPECT_EQ(v.outcome, Outcome::kFail);
    EXPECT_EQ(v.evidence, "2/3 = 0.5 (it is 2/3)");
}

// Qwen2.5-Coder-1.5B on GSM8K training item 26: a label ends in a number, and "100 = 100 × 2/5"
// is not a claim; the calculation after it still is.
TEST(CheckArithmetic, ANumberEndingALabelIsNotTheCalculationsStart) {
    const std::string right =
        "\\[\n\\text{Number of balls hit in the first 100} = 100 \\times \\frac{2}{5} = 40\n\\]\n"
        "\\[\n\\text{Number of balls hit in the next 75} = 75 \\times \\frac{1}{3} = 25\n\\]";
    const auto v = check_arithmetic(right, Language::kEnglish);
    EXPECT_EQ(v.outcome, Outcome::kPass) << v.sentence;
    EXPECT_EQ(v.sentence, "All 2 checked calculations are right.");
    for (const char * text : {"He hit the first 100 = 100 × 2/5 = 40 balls.",
                              "\\[ \\text{Hits in first 100} = \\left(\\frac{2}{5}\\right) \\times 100 = 2 \\times 20 = 40 \\]",
                              "\\[ \\text{First 100} = 100 \\times \\frac{2}{5} = 40 \\]", "Pay for first 40 = 40 × 10 = 400 dollars.",
                              "\\[ \\text{Cost for 3} = 3 \\times 5 = 15 \\]"})
        EXPECT_EQ(outcome_of(text), Outcome::kPass) << text;
    EXPECT_EQ(outcome_of("前100个球中击中 前100 = 100 × 2/5 = 40 个。", Language::kChinese), Outcome::kPass);
    // The calculation after the label is checked, and so is one that only follows such words.
    const auto wrong = check_arithmetic("\\[ \\text{Hit in the first 100} = 100 \\times \\frac{2}{5} = 50 \\]", Language::kEnglish);
    EXPECT_EQ(wrong.outcome, Outcome::kFail);
    EXPECT_EQ(wrong.evidence, "100 × ((2)/(5)) = 50 (it is 40)");
    // A number alone before its "=" names nothing: the same shape is a claim, and these are wrong
    // (GSM8K training items 23 and 398).
    for (const char * text : {"He works for the next 2 × 7 = 15 days.", "In the first 100 + 20 = 130 meters he ran fast.",
                              "First 2 + 3 = 6, then 6 + 1 = 7.", "we can write:\n\\[ 2 = 2 \\times 2 \\]",
                              "the equation:\n   \\[\n   20 = 20 + 8\n   \\]", "So we get 20 = 20 + 8, which is impossible.",
                              "She has 3 = 3 + 2 apples now.", "所以 20 = 20 + 8。", "2x + 3 = 13, so 13 = 2x + 13, so x = 0."})
        EXPECT_EQ(outcome_of(text), Outcome::kFail) << text;
}

// The same model on item 2: "12 × 5/6 = 12 × 0.8333 = 10" writes the claim's own 5/6 short. A
// decimal is read as a fraction only when the claim writes that fraction and the decimal is it
// rounded or cut; a rate or a price is never read as one.
TEST(CheckArithmetic, ADecimalWritingTheClaimsFractionShort) {
    // Forgiven, not counted as checked.
    for (const char * text : {"\\[ 12 \\times \\frac{5}{6} = 12 \\times 0.8333 = 10 \\]", "So 200 × 2/3 = 200 × 0.667 = 133.33 apples.",
                              "So 50 × 1/3 = 50 × 0.33 = 16.67 apples.", "So 45 × 2/15 = 45 × 0.1333 = 6 apples.",
                              "So 48 × 5/24 = 48 × 0.2083 = 10 hours."})
        EXPECT_EQ(outcome_of(text), Outcome::kUnknown) << text;
    // A result computed from rounded decimals carries their rounding; the fraction beside a
    // decimal on one side is another quantity.
    for (const char * text : {"Each share is 0.3333 × 200 = 66.67 dollars.", "So 25 × 1/3 + 25 × 0.3 = 15.83 dollars.",
                              "So 10 × 1/6 + 10 × 0.2 = 3.67 km."})
        EXPECT_NE(outcome_of(text), Outcome::kFail) << text;
    const char * wrong[] = {
        "so 12 × 5/6 = 12 × 0.7333",       // 0.7333 is not 5/6 rounded or cut
        "so 12 × 0.8333 = 11",             // 5/6 of 12 is 10, with or without the fraction
        "so 1200 × 1.5 = 1900",
        "The discount is 15%, so 140 × 0.15 = 20 dollars off.",
        "所以 140 × 0.15 = 20 元。",
        "So 900 × 0.12 = 100 dollars.",
        "So 110 × 1.10 = 120 dollars.",
        "With 8% tax: 300 × 1.08 = 325 dollars.",
        "She eats 2/3 of the 90 apples: 90 × 2/3 = 90 × 0.6 = 54 apples.", // the result follows the short decimal
        "So 12 × 5/6 = 12 × 0.8 = 9.6 hours.",
        "So 90 × 2/3 = 90 × 0.667 = 60.03 apples.",
        // A rate beside a fraction is not that fraction, written short or not.
        "Food and rent: 60 × 1/3 + 60 × 0.3 = 20 + 60 × 0.3 = 20 + 20 = 40 dollars.",
        "Food and rent: 60 × 1/3 + 60 × 0.33 = 20 + 60 × 0.33 = 20 + 20 = 40 dollars.",
        "\\[ 120 \\times \\frac{2}{3} + 120 \\times 0.6 = 80 + 120 \\times 0.6 = 80 + 80 = 160 \\]",
        "so 1/8 = 0.2",                    // 0.125 rounds to 0.1 and cuts to 0.1
        "So 2 × 5 = １１ apples.",          // a full-width whole number is no rounding
    };
    for (const char * text : wrong) {
        const auto v = check_arithmetic(text, Language::kEnglish);
        EXPECT_EQ(v.outcome, Outcome::kFail) << text;
    }
}

// GSM8K training item 305: "× 100 = 14.29%" writes the computed number with a percent sign after
// it. Without the "× 100", or with a wrong number, the sign excuses nothing.
TEST(CheckArithmetic, APercentageWrittenAfterTimesHundred) {
    for (const char * text : {"Percentage for Farmer Bob = (600 / 4200) * 100 = 14.29%", "so 30 / 120 × 100 = 25%",
                              "so 600 / 4200 × 100 = 14%", "so 1/3 = 33.3%"})
        EXPECT_EQ(outcome_of(text), Outcome::kUnknown) << text;
    for (const char * text : {"so (600 / 4200) * 100 = 15.29%", "so 30 / 120 × 100 = 30%", "so 600 / 4200 × 100 = 15%",
                              "The increase is (60 - 50)/50 = 0.2%.", "The percentage is 15/60 = 0.25%.",
                              "So 600/4200 = 20.5%.", "So 0.2 × 50 = 10% off.", "The probability is 0.5 × 0.7 = 34%.",
                              "所以概率是 0.6 × 0.7 = 43%。"})
        EXPECT_EQ(outcome_of(text), Outcome::kFail) << text;
}

// Units in words after numbers, the default model's usual GSM8K style: the claims are read and
// their sides' units compared. Each wrong step below is a real one from stored answers.
TEST(CheckArithmetic, UnitsInWordsAreReadAndCompared) {
    const char * right[] = {
        "\\[ 18.00 \\text{ dollars/hour} \\times 8 \\text{ hours/shift} = 144.00 \\text{ dollars/shift} \\]",
        "16 \\, \\text{ft} \\times 12 \\, \\text{ft} = 192 \\, \\text{ft}^2",
        "24 \\, \\text{ft}^2 + 8 \\, \\text{ft}^2 = 32 \\, \\text{ft}^2",
        "\\[ 60 \\text{ minutes/day} \\times 6 \\text{ days/week} = 360 \\text{ minutes/week} \\]",
        "\\[ 3 \\times 20 = 60 \\text{ minutes per day} \\]",
        "\\[ 18 \\text{ dollars/hour} + \\frac{1}{2} \\times 18 \\text{ dollars/hour} = 27 \\text{ dollars/hour} \\]",
        "\\[ 3 \\text{ customers} \\times \\$10 \\text{ per customer} = \\$30 \\]",
    };
    for (const char * text : right) {
        const auto v = check_arithmetic(text, Language::kEnglish);
        EXPECT_EQ(v.outcome, Outcome::kPass) << text << ": " << v.sentence;
    }
    const std::pair<const char *, const char *> wrong[] = {
        {"\\[ 720.00 \\text{ dollars/week} + 270.00 \\text{ dollars/week} = 1050.00 \\text{ dollars} \\]",
         "720.00 + 270.00 = 1050.00 (it is 990)"},
        {"\\[ 16 \\text{ lawns} \\times \\$33 \\text{ per lawn} = \\$496 \\]", "16 × 33 = 496 (it is 528)"},
        {"30 \\text{ (shirt)} + 46 \\text{ (pants)} + 38 \\text{ (coat)} + 11 \\text{ (socks)} + 18 \\text{ (belt)} = 163",
         "30 + 46 + 38 + 11 + 18 = 163 (it is 143)"},
        {"\\[ 1095 \\text{ dollars/day} \\times 365 \\text{ days} = 397875 \\text{ dollars} \\]", "1095 × 365 = 397875 (it is 399675)"},
        {"\\[ 1 \\text{ piece per person} \\times (3 + 24 + 1) \\text{ people} = 1 \\text{ piece per person} \\times 26 "
         "\\text{ people} = 26 \\text{ slices} \\]",
         "1 × (3 + 24 + 1) = 1 × 26 (the left side is 28, the right side 26)"},
        {"13 \\text{ members} + 3 \\text{ coaches} + 2 \\text{ helpers} = 20", "13 + 3 + 2 = 20 (it is 18)"},
        {"\\[ \\frac{2190 \\text{ dollars}}{2} = 1096 \\text{ dollars/day} \\]", "((2190)/(2)) = 1096 (it is 1095)"},
    };
    for (const auto & [text, evidence] : wrong) {
        const auto v = check_arithmetic(text, Language::kEnglish);
        EXPECT_EQ(v.outcome, Outcome::kFail) << text;
        EXPECT_EQ(v.evidence, evidence) << text;
    }
}

// A claim across units may leave out the factor between them; such a link is not compared, and
// the rest of the claim still is.
TEST(CheckArithmetic, ALinkAcrossConvertibleUnitsIsNotCompared) {
    const char * conversions[] = {
        "\\[ 2 \\text{ hours} = 2 \\times 60 = 120 \\text{ minutes} \\]",
        "\\[ 2 \\text{ liters} = 2 \\times 1000 \\text{ milliliters} = 2000 \\text{ milliliters} \\]",
        "\\frac{7 \\text{ hours}}{10 \\text{ minutes per pizza}} = 7 \\times 6 = 42 \\text{ pizzas}",
        "\\[ 3 \\text{ dozen} = 3 \\times 12 = 36 \\text{ doughnuts} \\]",
        "\\[ 10 \\text{ hours/day} - 8 \\text{ hours/day} = 2 \\text{ hours/day} \\times 5 \\text{ days} = 10 \\text{ hours} \\]",
        "\\text{Blue squares} = 2 \\text{ rows} + 2 \\text{ rows} = 4 \\text{ rows} \\times 15 \\text{ squares/row} = 60",
        "\\[ 90 \\text{ minutes} \\div 60 = 1.5 \\text{ hours} \\]",
    };
    for (const char * text : conversions) {
        const auto v = check_arithmetic(text, Language::kEnglish);
        EXPECT_NE(v.outcome, Outcome::kFail) << text << ": " << v.sentence;
    }
    // Not compared, so not counted as checked either.
    for (const char * text : {"\\[ 2 \\text{ hours} + 30 \\text{ minutes} = 2.5 \\text{ hours} \\]",
                              "\\[ 3 \\text{ dozen} \\times 2 = 72 \\text{ eggs} \\]", "\\[ 2 \\text{ hours} \\times 3 = 360 \\text{ minutes} \\]"})
        EXPECT_EQ(outcome_of(text), Outcome::kUnknown) << text;
    // The links in one unit are compared: 60 × 2 is 120, not 100.
    EXPECT_EQ(outcome_of("\\[ 2 \\text{ hours} = 2 \\times 60 = 100 \\text{ minutes} \\]"), Outcome::kFail);
    EXPECT_EQ(outcome_of("\\[ 3 \\text{ dozen} = 3 \\times 12 = 38 \\text{ doughnuts} \\]"), Outcome::kFail);
    // The same units both sides, converted in the open: checked, and a slip is caught.
    EXPECT_EQ(outcome_of("\\[ 3 \\text{ hours} \\times 60 \\text{ minutes/hour} = 180 \\text{ minutes} \\]"), Outcome::kPass);
    EXPECT_EQ(outcome_of("\\[ 3 \\text{ hours} \\times 60 \\text{ minutes/hour} = 160 \\text{ minutes} \\]"), Outcome::kFail);
}

// A reviewer's list of right steps across units: a conversion left unwritten on one side (the
// sides a usual factor apart), rates written as one word, units of one kind the tables know.
TEST(CheckArithmetic, UnwrittenConversionsAreNotCalledWrong) {
    for (const char * text : {"\\[ 4 \\times 25 \\text{ cents} = \\$1 \\]", "\\[ 50 \\text{ cents} \\times 6 = \\$3 \\]",
                              "\\[ 3 \\times 20 \\text{ minutes} = 1 \\]", "\\[ 2 \\times 1.5 \\text{ km} = 3000 \\]",
                              "\\[ 60 \\text{ mph} \\times 30 \\text{ minutes} = 30 \\text{ miles} \\]",
                              "\\[ 500 \\text{ mg} \\times 4 = 2 \\text{ g} \\]", "\\[ 3 \\text{ tbsp} \\times 4 = 36 \\text{ tsp} \\]",
                              "\\[ 2 \\text{ decades} + 5 = 25 \\text{ years} \\]",
                              "\\[ 3 \\text{ pairs} + 4 \\text{ shoes} = 10 \\text{ shoes} \\]",
                              "\\[ \\$50\\text{k} \\times 2 = \\$100{,}000 \\]"}) {
        const auto v = check_arithmetic(text, Language::kEnglish);
        EXPECT_NE(v.outcome, Outcome::kFail) << text << ": " << v.sentence;
    }
    // The same units on both sides, or sides no usual factor apart: compared.
    EXPECT_EQ(outcome_of("\\[ 60 \\text{ mph} \\times 2 \\text{ hours} = 100 \\text{ miles} \\]"), Outcome::kFail);
    EXPECT_EQ(outcome_of("\\[ 60 \\text{ mph} \\times 2 \\text{ hours} = 120 \\text{ miles} \\]"), Outcome::kPass);
    EXPECT_EQ(outcome_of("\\[ 4 \\times 25 \\text{ cents} = 90 \\text{ cents} \\]"), Outcome::kFail);
}

// A second reviewer's list: different things counted against a unit, units the tables know only
// as kinds, words for operations, the imaginary unit, mixed numbers.
TEST(CheckArithmetic, MoreRightStepsAcrossUnitsAreNotCalledWrong) {
    const std::pair<const char *, Language> right[] = {
        {"\\[ 2 \\text{ adults} + 3 \\text{ children} = 35 \\text{ dollars} \\]", Language::kEnglish},
        {"\\[ 13 \\text{ members} + 3 \\text{ coaches} + 2 \\text{ helpers} = 18 \\text{ individuals} \\]", Language::kEnglish},
        {"一共 3箱 + 2箱 = 60瓶", Language::kChinese},
        {"3双 + 2双 = 10只", Language::kChinese},
        {"\\[ \\frac{2 \\text{ GB}}{4 \\text{ MB/s}} = 500 \\text{ seconds} \\]", Language::kEnglish},
        {"\\[ \\$5 - 75 \\text{ cents} = \\$4.25 \\]", Language::kEnglish},
        {"\\[ 4 \\times 25 \\text{ cents} = \\$2 \\]", Language::kEnglish}, // cents against dollars: not compared
        {"Time = 5 \\text{ PM} - 9 \\text{ AM} = 8 \\text{ hours}", Language::kEnglish},
        {"\\[ 5 \\text{ squared} + 2 = 27 \\]", Language::kEnglish},
        {"$(2 + 3\\mathrm{i})(2 - 3\\mathrm{i}) = 4 - 9\\mathrm{i}^2 = 4 + 9 = 13$", Language::kEnglish},
        {"\\[ 2\\frac{1}{2} \\text{ cups} = 2.5 \\text{ cups} \\]", Language::kEnglish},
    };
    for (const auto & [text, language] : right) {
        const auto v = check_arithmetic(text, language);
        EXPECT_NE(v.outcome, Outcome::kFail) << text << ": " << v.sentence;
    }
    // A measure word before a number leaves the calculation after it whole.
    EXPECT_EQ(check_arithmetic("一本书 12.5元，3本 12.5 × 3 = 37.5元", Language::kChinese).outcome, Outcome::kPass);
    EXPECT_EQ(check_arithmetic("一本书 12.5元，3本 12.5 × 3 = 36.5元", Language::kChinese).outcome, Outcome::kFail);
    EXPECT_EQ(outcome_of("\\[ \\$5 - \\$0.75 = \\$4.35 \\]"), Outcome::kFail);
}

// "25 \text{ percent}" is a percent sign, not a unit.
TEST(CheckArithmetic, PercentInWordsIsAPercentSign) {
    for (const char * text : {"\\[ \\frac{15}{60} = 25 \\text{ percent} \\]", "\\[ 50 \\times 20 \\text{ percent} = 10 \\]",
                              "\\[ 25 \\text{ per cent} \\times 80 = 20 \\]"})
        EXPECT_EQ(outcome_of(text), Outcome::kPass) << text;
    EXPECT_EQ(outcome_of("\\[ 25 \\text{ percent} \\times 80 = 25 \\]"), Outcome::kFail);
}

// A quantity in two units ("1元5角", "2 hours 30 minutes") is no two terms of a sum.
TEST(CheckArithmetic, AQuantityInTwoUnitsIsNotReadAsTwoNumbers) {
    for (const char * text : {"1元5角 × 3 = 4元5角", "2小时30分钟 ÷ 5 = 30分钟", "3天2小时 × 2 = 6天4小时"})
        EXPECT_NE(check_arithmetic(text, Language::kChinese).outcome, Outcome::kFail) << text;
    EXPECT_NE(outcome_of("\\[ 2 \\text{ hours } 30 \\text{ minutes} \\div 5 = 30 \\text{ minutes} \\]"), Outcome::kFail);
}

// Words that are not a unit keep stopping the claim, as before: nothing is read into prose.
TEST(CheckArithmetic, ProseAfterANumberStillStopsTheClaim) {
    EXPECT_EQ(outcome_of("\\[ 3 \\text{ times as many as } 4 = 12 \\]"), Outcome::kUnknown);
    // Operators in words, and a unit before a parenthesis, are no units: the claim is not cut there.
    EXPECT_NE(outcome_of("\\[ (6 + 4) \\text{ divided by } (1 + 1) = 5 \\]"), Outcome::kFail);
    EXPECT_NE(outcome_of("\\[ (6 + 4) \\text{ over } (1 + 1) = 5 \\]"), Outcome::kFail);
    EXPECT_NE(outcome_of("\\[ 15 \\text{ apples} (3 + 2) = 75 \\]"), Outcome::kFail);
    EXPECT_EQ(outcome_of("So 250,000 \\times 5 = 1250,000 dollars."), Outcome::kUnknown); // "1250,000" is read only in part
}

// The same in Chinese, in prose ("60元 - 10元 = 50元") and in LaTeX (CMATH answers' shapes).
TEST(CheckArithmetic, ChineseUnitsAreReadAndCompared) {
    for (const char * text : {"3. 从皮球的价格中减去毽子的价格：60元 - 10元 = 50元。", "\\[ 7元/盒 \\times 8盒 = 56元 \\]",
                              "妈妈的年龄：42岁 - 30岁 = 12岁",
                              "\\frac{480 \\text{千米}}{4 \\text{小时}} = 120 \\text{千米/小时}",
                              "20 \\text{ 人} \\times 10 \\text{ 米/人/天} = 200 \\text{ 米}"}) {
        const auto v = check_arithmetic(text, Language::kChinese);
        EXPECT_EQ(v.outcome, Outcome::kPass) << text << ": " << v.sentence;
    }
    const auto wrong = check_arithmetic("所以 18元/小时 × 8小时 = 145元。", Language::kChinese);
    EXPECT_EQ(wrong.outcome, Outcome::kFail);
    EXPECT_EQ(wrong.sentence, "第1行的计算 18 × 8=145 有误：应为 144。");
    EXPECT_EQ(check_arithmetic("\\[ 23 \\text{只} + 12 \\text{只} = 36 \\text{只} \\]", Language::kChinese).outcome, Outcome::kFail);
    // Across units of one kind, as in English: 2 小时 = 2 × 60 names the hours, then converts them.
    EXPECT_EQ(check_arithmetic("所以 2小时 = 2 × 60 = 120分钟。", Language::kChinese).outcome, Outcome::kPass);
    EXPECT_EQ(check_arithmetic("所以 2小时 = 2 × 60 = 100分钟。", Language::kChinese).outcome, Outcome::kFail);
    EXPECT_EQ(check_arithmetic("\\[ 2 \\text{小时} \\times 3 = 360 \\text{分钟} \\]", Language::kChinese).outcome, Outcome::kUnknown);
    EXPECT_EQ(check_arithmetic("3元 × 10 = 300角", Language::kChinese).outcome, Outcome::kUnknown);
}

// "240 ÷ 3/5 = 400": a fraction after ÷ is the divisor, as Chinese schoolbooks write fraction
// division; the grammar's reading, (240 ÷ 3)/5 = 16, holds too. Wrong under both, it fails.
TEST(CheckArithmetic, AFractionAfterTheDivideSignIsTheDivisor) {
    for (const char * text : {"全程 240 ÷ 3/5 = 400千米", "4 ÷ 2/3 = 6天", "15千米 ÷ 3/4小时 = 20千米/小时", "240 ÷ 3/5 = 16"}) {
        const auto v = check_arithmetic(text, Language::kChinese);
        EXPECT_NE(v.outcome, Outcome::kFail) << text << ": " << v.sentence;
    }
    EXPECT_NE(outcome_of("So 240 \\div 3/5 = 400 \\text{ km}"), Outcome::kFail);
    EXPECT_EQ(check_arithmetic("全程 240 ÷ 3/5 = 500千米", Language::kChinese).outcome, Outcome::kFail);
    EXPECT_EQ(outcome_of("So 240 / 3/5 = 400"), Outcome::kFail); // only after ÷
}

// A third reviewer's list: a Chinese label after an operator is inside a calculation, so the claim
// after it is not whole; digits after ^ are an exponent, no whole part of a mixed number.
TEST(CheckArithmetic, AChineseLabelAfterAnOperatorCutsTheClaim) {
    for (const char * text : {"大人 2人 × 30元 + 小孩 3人 × 15元 = 105元", "大人2人×30元 + 小孩3人×15元 = 105元",
                              "苹果 3千克 × 8元 + 梨 2千克 × 6元 = 36元"}) {
        const auto v = check_arithmetic(text, Language::kChinese);
        EXPECT_NE(v.outcome, Outcome::kFail) << text << ": " << v.sentence;
    }
    EXPECT_EQ(check_arithmetic("所以 2×23+4×12=96", Language::kChinese).outcome, Outcome::kFail);
    EXPECT_EQ(check_arithmetic("脚数 2×23+4×12=94", Language::kChinese).outcome, Outcome::kPass);
    EXPECT_EQ(outcome_of("Area $= 10^2\\frac{1}{2} = 50$"), Outcome::kPass);
}

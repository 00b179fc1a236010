#include "eval/dataset.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace r1tune;
using eval::BadLines;
using eval::DatasetReport;
using eval::EvalItem;

namespace {

Status read(const std::string & text, BadLines policy, std::vector<EvalItem> & items, DatasetReport & report) {
    std::istringstream in(text);
    return eval::read_dataset(in, "set.jsonl", policy, items, report);
}

} // namespace

TEST(Dataset, ReadsTheProjectLayout) {
    std::vector<EvalItem> items;
    DatasetReport report;
    const std::string empty_answer = R"({"id": "code-1", "question": "Write is_even(n).", "answer": "", "tests": "x"})";
    EXPECT_EQ(read(empty_answer, BadLines::kRefuse, items, report).kind(), ErrorKind::kInput);
    const std::string text =
        R"({"id": "cr-1", "question": "鸡兔同笼，35个头，94只脚？", "answer": "鸡23，兔12", "constraints": "c + r == 35"})"
        "\n\n"
        R"({"id": "n-2", "question": "2+2?", "answer": 4, "tests": "assert True"})";
    ASSERT_TRUE(read(text, BadLines::kRefuse, items, report));
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].id, "cr-1");
    EXPECT_EQ(items[0].answer, "鸡23，兔12");
    EXPECT_EQ(items[0].constraints.value_or(""), "c + r == 35");
    EXPECT_FALSE(items[0].tests);
    EXPECT_EQ(items[1].answer, "4"); // a number is taken as its text
    EXPECT_EQ(items[1].tests.value_or(""), "assert True");
    EXPECT_FALSE(items[1].solution);
    // The shared data's layout: the answer alone, and the solution beside it.
    ASSERT_TRUE(read(R"({"id": "g", "question": "q", "answer": "72", "solution": "48 + 24 = <<48+24=72>>72"})",
                     BadLines::kRefuse, items, report));
    EXPECT_EQ(items[0].solution.value_or(""), "48 + 24 = 72");
    // Shifts in a code solution are no calculator notes.
    ASSERT_TRUE(read(R"({"id": "c", "question": "q", "answer": "1", "solution": "cout << x; cin >> y; // <<2+2=4>>4"})",
                     BadLines::kRefuse, items, report));
    EXPECT_EQ(items[0].solution.value_or(""), "cout << x; cin >> y; // 4");
}

TEST(Dataset, ReadsGsm8kAsItComes) {
    std::vector<EvalItem> items;
    DatasetReport report;
    const std::string text =
        R"({"question": "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?", "answer": "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72"})"
        "\n"
        R"({"question": "Big numbers?", "answer": "It is 1,200.\n#### 1,200"})";
    ASSERT_TRUE(read(text, BadLines::kRefuse, items, report));
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].id, "line-1");
    EXPECT_EQ(items[0].answer, "72");
    EXPECT_EQ(items[1].id, "line-2");
    EXPECT_EQ(items[1].answer, "1,200");
    // The worked solution, for the notebook, without the calculator's notes.
    EXPECT_EQ(items[0].solution.value_or(""),
              "Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altogether in April and May.");
    EXPECT_EQ(eval::gsm8k_answer("no marker"), std::nullopt);
    EXPECT_EQ(eval::gsm8k_answer("empty\n####   "), std::nullopt);
}

TEST(Dataset, ABadLineIsNamedByItsNumberAndStopsTheReading) {
    std::vector<EvalItem> items;
    DatasetReport report;
    const std::string text = "{\"question\": \"q1\", \"answer\": \"1\"}\n{\"question\": \"q2\", \"answer\": \n";
    const Status s = read(text, BadLines::kRefuse, items, report);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.kind(), ErrorKind::kInput);
    EXPECT_NE(s.message().find("set.jsonl line 2 is not valid JSON"), std::string::npos) << s.message();
}

TEST(Dataset, SkippingReportsEveryBadLineAndKeepsTheRest) {
    std::vector<EvalItem> items;
    DatasetReport report;
    const std::string text = "{\"id\": \"a\", \"question\": \"q1\", \"answer\": \"1\"}\n"
                             "[1, 2]\n"
                             "{\"id\": \"a\", \"question\": \"q2\", \"answer\": \"2\"}\n"
                             "{\"id\": \"b\", \"answer\": \"3\"}\n"
                             "{\"id\": \"c\", \"question\": \"q\xff\", \"answer\": \"3\"}\n"
                             "{\"id\": \"d\", \"question\": \"q4\", \"answer\": [4]}\n"
                             "{\"id\": \"e\", \"question\": \"q5\", \"answer\": \"5\"}\n";
    ASSERT_TRUE(read(text, BadLines::kSkip, items, report));
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[1].id, "e");
    ASSERT_EQ(report.skipped.size(), 5u);
    EXPECT_NE(report.skipped[0].find("line 2 is not a JSON object"), std::string::npos);
    EXPECT_NE(report.skipped[1].find("line 3 repeats the id \"a\""), std::string::npos);
    EXPECT_NE(report.skipped[2].find("line 4 has no \"question\""), std::string::npos);
    EXPECT_NE(report.skipped[3].find("line 5 is not valid UTF-8"), std::string::npos);
    EXPECT_NE(report.skipped[4].find("line 6 \"answer\" must be a string"), std::string::npos);
}

TEST(Dataset, AnEmptyDatasetIsAnError) {
    std::vector<EvalItem> items;
    DatasetReport report;
    const Status s = read("\n\n", BadLines::kRefuse, items, report);
    EXPECT_FALSE(s);
    EXPECT_NE(s.message().find("holds no items"), std::string::npos);
}

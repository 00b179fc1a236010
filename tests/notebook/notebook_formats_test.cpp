// The notebook's files: the tuning guide's Markdown (written and read, in both label languages)
// and JSON Lines (a whole backup); every malformed input is an error naming its line.
#include <gtest/gtest.h>

#include "notebook/entry_json.h"
#include "notebook/guide_markdown.h"

using r1tune::ErrorKind;
using r1tune::Status;
using r1tune::notebook::Entry;
using r1tune::notebook::entries_from_json_lines;
using r1tune::notebook::entry_from_json;
using r1tune::notebook::entry_to_json;
using r1tune::notebook::from_guide_markdown;
using r1tune::notebook::to_guide_markdown;

namespace {

Entry rabbits() {
    Entry e;
    e.id = 7;
    e.task = "math";
    e.family = "chicken_rabbit";
    e.tags = {"方程", "heads"};
    e.language = "zh";
    e.question = "笼子里有35个头，94只脚，问鸡兔各几只？";
    e.wrong_output = "设鸡 x 只……\n所以鸡有 13 只。";
    e.mistake = "答案不满足 鸡 + 兔 == 35。";
    e.correction = "设鸡 x 只、兔 y 只：\nx + y = 35\n2x + 4y = 94\n解得 x = 23，y = 12。";
    e.model = "qwen2.5-coder-1.5b-instruct";
    e.verified_by = "constraints";
    e.created = "2026-12-05";
    e.retrieved = 4;
    e.shown_right = 3;
    return e;
}

void expect_same_text(const Entry & a, const Entry & b) {
    EXPECT_EQ(a.task, b.task);
    EXPECT_EQ(a.family, b.family);
    EXPECT_EQ(a.tags, b.tags);
    EXPECT_EQ(a.language, b.language);
    EXPECT_EQ(a.question, b.question);
    EXPECT_EQ(a.wrong_output, b.wrong_output);
    EXPECT_EQ(a.mistake, b.mistake);
    EXPECT_EQ(a.correction, b.correction);
    EXPECT_EQ(a.model, b.model);
    EXPECT_EQ(a.verified_by, b.verified_by);
    EXPECT_EQ(a.created, b.created);
}

} // namespace

TEST(GuideMarkdown, WritesTheGuidesFormatAndReadsItBack) {
    Entry second;
    second.task = "math";
    second.language = "en";
    second.question = "A train travels 60 km in 1.5 hours. What is its speed?";
    second.mistake = "The answer 90 is not 60 / 1.5.";
    second.correction = "60 / 1.5 = 40 km/h.";
    second.verified_by = "by hand";
    second.created = "2026-12-01";
    const std::string markdown = to_guide_markdown({rabbits(), second});
    EXPECT_NE(markdown.find("【场景】math · chicken_rabbit · zh · #方程 #heads\n"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("【典型错误】答案不满足"), std::string::npos);
    EXPECT_NE(markdown.find("【修正示范】设鸡 x 只、兔 y 只：\nx + y = 35\n"), std::string::npos);
    EXPECT_NE(markdown.find("【来源】qwen2.5-coder-1.5b-instruct · constraints · 2026-12-05\n"), std::string::npos);
    EXPECT_NE(markdown.find("【来源】- · by hand · 2026-12-01\n"), std::string::npos) << markdown;
    EXPECT_EQ(markdown.find("【错误输出】\n"), std::string::npos); // an empty field is left out

    std::vector<Entry> back;
    ASSERT_TRUE(from_guide_markdown(markdown, back));
    ASSERT_EQ(back.size(), 2u);
    expect_same_text(back[0], rabbits());
    expect_same_text(back[1], second);
}

TEST(GuideMarkdown, AFieldsLinesThatReadAsTheFormatRoundTrip) {
    Entry e = rabbits();
    e.correction = "Step one\n---\n【题目】is not a label here\n\\---\nend";
    std::vector<Entry> back;
    ASSERT_TRUE(from_guide_markdown(to_guide_markdown({e, rabbits()}), back));
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].correction, e.correction);
    expect_same_text(back[1], rabbits());
}

TEST(GuideMarkdown, ReadsEnglishLabelsATitleAndMissingSource) {
    const std::string text = "# My notebook\n\n"
                             "【Scene】math · en · #percent\r\n"
                             "【Question】What is 20% of 50?\n\n"
                             "【Mistake】The model divided instead of multiplying.\n"
                             "【Correction】0.2 × 50 = 10\n";
    std::vector<Entry> entries;
    const Status s = from_guide_markdown(text, entries);
    ASSERT_TRUE(s) << s.message();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].task, "math");
    EXPECT_EQ(entries[0].language, "en");
    EXPECT_EQ(entries[0].tags, std::vector<std::string>{"percent"});
    EXPECT_EQ(entries[0].question, "What is 20% of 50?");
    EXPECT_EQ(entries[0].verified_by, "by hand");
}

TEST(GuideMarkdown, MalformedTextIsAnErrorNamingItsLine) {
    const auto error = [](const std::string & text) {
        std::vector<Entry> entries;
        const Status s = from_guide_markdown(text, entries);
        EXPECT_EQ(s.kind(), ErrorKind::kInput) << text;
        return s.message();
    };
    EXPECT_NE(error("stray words\n【场景】math · en\n").find("line 1"), std::string::npos);
    EXPECT_NE(error("【题目】no scene first\n").find("line 1"), std::string::npos);
    EXPECT_NE(error("【场景】math · en\n【题目】q\n【典型错误】m\n").find("correction"), std::string::npos);
    EXPECT_NE(error("【场景】math · a · b · en\n【题目】q\n【典型错误】m\n【修正示范】c\n").find("two families"),
              std::string::npos);
    EXPECT_NE(error("【场景】math · en\n【题目】q\n【典型错误】m\n【修正示范】c\n【来源】only one part\n").find("source"),
              std::string::npos);
    const std::string second = error("【场景】math · en\n【题目】q\n【典型错误】m\n【修正示范】c\n---\n【场景】math · fr\n【题目】q\n"
                                     "【典型错误】m\n【修正示范】c\n");
    EXPECT_NE(second.find("line 6"), std::string::npos) << second;
}

TEST(EntryJson, RoundTripsEveryFieldAndCounter) {
    Entry back;
    ASSERT_TRUE(entry_from_json(entry_to_json(rabbits()), back));
    expect_same_text(back, rabbits());
    EXPECT_EQ(back.id, 7);
    EXPECT_EQ(back.retrieved, 4);
    EXPECT_EQ(back.shown_right, 3);
    EXPECT_EQ(back.shown_failed, 0);
}

TEST(EntryJson, BadLinesAreErrorsNamingTheLineAndField) {
    const std::string good = entry_to_json(rabbits()).dump();
    std::vector<Entry> entries;
    ASSERT_TRUE(entries_from_json_lines(good + "\n\n" + good + "\n", entries));
    EXPECT_EQ(entries.size(), 2u);
    const auto error = [&](const std::string & text) {
        const Status s = entries_from_json_lines(text, entries);
        EXPECT_EQ(s.kind(), ErrorKind::kInput) << text;
        return s.message();
    };
    EXPECT_NE(error(good + "\n{not json\n").find("line 2: not JSON"), std::string::npos);
    EXPECT_NE(error(R"({"question": 3})").find("\"question\" must be a string"), std::string::npos);
    EXPECT_NE(error(R"({"questoin": "q"})").find("unknown field \"questoin\""), std::string::npos);
    EXPECT_NE(error(R"({"tags": "a b"})").find("tags"), std::string::npos);
    EXPECT_NE(error(R"({"retrieved": -1})").find("count"), std::string::npos);
    EXPECT_NE(error(R"(["a list"])").find("object"), std::string::npos);
    EXPECT_NE(error(R"({"task": "math", "language": "en", "question": "q", "mistake": "m"})").find("correction"),
              std::string::npos);
}

// An entry from a mistake: the router's scene, the failed check's sentence or the reference's,
// the wrong answer's end as its wrong output.
#include "notebook/harvest.h"

#include <gtest/gtest.h>

#include "text/utf8.h"

using r1tune::notebook::entry_for;
using r1tune::notebook::Mistake;

TEST(Harvest, TheSentenceIsTheFailedChecksElseTheReferences) {
    Mistake m;
    m.question = "笼子里有35个头，94只脚，问鸡兔各几只？";
    m.wrong_response = "所以鸡有 13 只。";
    m.wrong_answer = "鸡=13，兔=22";
    m.right_answer = "鸡23，兔12";
    m.correction = "鸡 23 只，兔 12 只。";
    m.verified_by = "reference solution";
    m.model = "m.gguf";
    auto e = entry_for(m);
    EXPECT_EQ(e.task, "math");
    EXPECT_EQ(e.family, "chicken_rabbit");
    EXPECT_EQ(e.language, "zh");
    EXPECT_EQ(e.mistake, "最终答案是 鸡=13，兔=22，但正确答案是 鸡23，兔12。");
    EXPECT_EQ(e.wrong_output, m.wrong_response);
    EXPECT_EQ(e.verified_by, "reference solution");
    EXPECT_EQ(e.created.size(), 10u);

    m.failure = "答案不满足 鸡 + 兔 == 35。";
    EXPECT_EQ(entry_for(m).mistake, m.failure);

    Mistake en;
    en.question = "How many flowers does Mark have in his garden if he has 10 yellow ones?";
    en.wrong_response.clear();
    for (int i = 0; i < 400; ++i) en.wrong_response += "鸡"; // three bytes each: the cut falls inside one
    en.wrong_response += "总共 85 朵";
    en.wrong_answer = "garden=85";
    en.right_answer = "35";
    en.correction = "10 + 18 + 7 = 35";
    en.verified_by = "reference solution";
    e = entry_for(en);
    EXPECT_EQ(e.language, "en");
    EXPECT_EQ(e.mistake, "The final answer was 85, but the right answer is 35."); // one value: without its name
    // The wrong output keeps its end, cut on a character.
    EXPECT_EQ(e.wrong_output.rfind("…", 0), 0u);
    EXPECT_NE(e.wrong_output.find("总共 85 朵"), std::string::npos);
    EXPECT_LE(e.wrong_output.size(), 600u + 3u);
    EXPECT_TRUE(r1tune::text::is_valid_utf8(e.wrong_output));
    en.wrong_answer.clear();
    EXPECT_EQ(entry_for(en).mistake, "The answer reached no final answer; the right answer is 35.");
}

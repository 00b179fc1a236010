#include "cpu/cpu_list.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace r1tune;
using cpu::format_cpu_list;
using cpu::parse_cpu_list;

namespace {

std::vector<int> parsed(std::string_view text) {
    std::vector<int> cpus;
    const Status s = parse_cpu_list(text, cpus);
    EXPECT_TRUE(s) << text << ": " << s.message();
    return cpus;
}

// The usage error for `text`; the list given to the parser must come back untouched.
Status refused(std::string_view text) {
    std::vector<int> cpus = {7};
    const Status s = parse_cpu_list(text, cpus);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage) << text;
    EXPECT_EQ(cpus, std::vector<int>{7}) << text;
    return s;
}

bool mentions(const Status & s, std::string_view text) { return s.message().find(text) != std::string::npos; }

} // namespace

TEST(CpuList, SingleNumbersAndRanges) {
    EXPECT_EQ(parsed("0"), std::vector<int>{0});
    EXPECT_EQ(parsed("0-3"), (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(parsed("0,2,4-5"), (std::vector<int>{0, 2, 4, 5}));
    EXPECT_EQ(parsed("7-7"), std::vector<int>{7});
    EXPECT_EQ(parsed("1023"), std::vector<int>{1023});
}

TEST(CpuList, ComesOutSortedWithoutDuplicates) {
    EXPECT_EQ(parsed("5,1-3,2,0"), (std::vector<int>{0, 1, 2, 3, 5}));
    EXPECT_EQ(parsed("4-6,5-8"), (std::vector<int>{4, 5, 6, 7, 8}));
}

TEST(CpuList, SpacesAroundEntriesAreAllowed) {
    EXPECT_EQ(parsed(" 0 , 2 - 3 "), (std::vector<int>{0, 2, 3}));
}

TEST(CpuList, AnEmptyListOrEntryIsRefused) {
    EXPECT_TRUE(mentions(refused(""), "the CPU list is empty"));
    EXPECT_TRUE(mentions(refused("  "), "the CPU list is empty"));
    EXPECT_TRUE(mentions(refused("0,,2"), "empty entry"));
    EXPECT_TRUE(mentions(refused("0,"), "empty entry"));
}

TEST(CpuList, AReversedRangeIsRefusedWithTheRightOrder) {
    const Status s = refused("0,5-3");
    EXPECT_TRUE(mentions(s, "'5-3' is reversed")) << s.message();
    EXPECT_TRUE(mentions(s, "3-5")) << s.message();
}

TEST(CpuList, GarbageIsRefusedNamingTheEntry) {
    for (const char * text : {"a", "0-3x", "1-", "0-1-2", "cpu0", "+1", "1.5", "0x3"}) {
        const Status s = refused(text);
        EXPECT_TRUE(mentions(s, "is not a CPU number or a range")) << text << ": " << s.message();
    }
    EXPECT_TRUE(mentions(refused("0,zz,2"), "'zz'"));
}

TEST(CpuList, NegativeNumbersAreRefused) {
    const Status s = refused("-1");
    EXPECT_TRUE(mentions(s, "'-1'")) << s.message();
    EXPECT_TRUE(mentions(s, "negative")) << s.message();
    EXPECT_TRUE(mentions(refused("2,-3"), "'-3'"));
}

TEST(CpuList, NumbersAbove1023AreRefused) {
    EXPECT_TRUE(mentions(refused("1024"), "CPU 1024 in the CPU list is out of range (0-1023)"));
    EXPECT_TRUE(mentions(refused("0-100000"), "CPU 100000"));
    EXPECT_TRUE(mentions(refused("99999999999999999999"), "out of range"));
}

TEST(CpuList, FormatsRunsAsRanges) {
    EXPECT_EQ(format_cpu_list({}), "");
    EXPECT_EQ(format_cpu_list({3}), "3");
    EXPECT_EQ(format_cpu_list({0, 1, 2, 3}), "0-3");
    EXPECT_EQ(format_cpu_list({0, 1, 2, 3, 5, 7, 8}), "0-3,5,7-8");
    EXPECT_EQ(format_cpu_list({0, 2, 4}), "0,2,4");
}

TEST(CpuList, FormatAndParseRoundTrip) {
    const std::vector<int> cpus = {0, 1, 4, 6, 7, 8, 12, 1023};
    EXPECT_EQ(parsed(format_cpu_list(cpus)), cpus);
}

TEST(CpuList, TheAllowedCpusAreSortedAndIncludeOneToRunOn) {
    const std::vector<int> allowed = cpu::allowed_cpus();
    ASSERT_FALSE(allowed.empty());
    EXPECT_TRUE(std::is_sorted(allowed.begin(), allowed.end()));
    EXPECT_EQ(std::adjacent_find(allowed.begin(), allowed.end()), allowed.end());
}

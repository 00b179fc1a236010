// Which CPUs stand for the physical cores, which thread settings the sweep plans on machines of
// 1, 2 and 8 cores, and how a pinning reaches llama-bench.
#include <gtest/gtest.h>

#include <algorithm>

#include "bench/llama_tools.h"
#include "bench/sweep_plan.h"
#include "cpu/core_cpus.h"

using namespace r1tune::bench;
using r1tune::cpu::parse_core_cpus;
using r1tune::cpu::read_core_cpus;

namespace {

// Intel-style numbering: one hyperthread of every core first, their siblings after.
const char * kTwoCoresFourThreads =
    "processor\t: 0\nphysical id\t: 0\ncore id\t\t: 0\n\n"
    "processor\t: 1\nphysical id\t: 0\ncore id\t\t: 1\n\n"
    "processor\t: 2\nphysical id\t: 0\ncore id\t\t: 0\n\n"
    "processor\t: 3\nphysical id\t: 0\ncore id\t\t: 1\n\n";

// Numbering that puts a core's siblings next to each other, on two sockets.
const char * kSiblingsAdjacent =
    "processor\t: 0\nphysical id\t: 0\ncore id\t\t: 0\n\n"
    "processor\t: 1\nphysical id\t: 0\ncore id\t\t: 0\n\n"
    "processor\t: 2\nphysical id\t: 1\ncore id\t\t: 0\n\n"
    "processor\t: 3\nphysical id\t: 1\ncore id\t\t: 0\n\n";

std::vector<int> first(int n) {
    std::vector<int> cpus(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) cpus[i] = i;
    return cpus;
}

} // namespace

TEST(CoreCpus, OneLogicalCpuPerPhysicalCore) {
    EXPECT_EQ(parse_core_cpus(kTwoCoresFourThreads), (std::vector<int>{0, 1}));
    EXPECT_EQ(parse_core_cpus(kSiblingsAdjacent), (std::vector<int>{0, 2}));
}

TEST(CoreCpus, WithoutTopologyEveryProcessorIsACore) {
    EXPECT_EQ(parse_core_cpus("processor\t: 0\nmodel name\t: ARM\n\nprocessor\t: 1\n\nprocessor\t: 2\n"),
              (std::vector<int>{0, 1, 2}));
}

TEST(CoreCpus, ThisMachineHasAtLeastOne) {
    const auto cpus = read_core_cpus();
    EXPECT_FALSE(cpus.empty());
    EXPECT_TRUE(std::is_sorted(cpus.begin(), cpus.end()));
}

TEST(SweepPlan, OneCore) {
    const auto plan = plan_sweep({0}, 1);
    ASSERT_EQ(plan.size(), 2u);
    EXPECT_EQ(plan[0].threads, 1);
    EXPECT_TRUE(plan[0].cpus.empty());
    EXPECT_EQ(plan[1].threads, 1);
    EXPECT_EQ(plan[1].cpus, (std::vector<int>{0}));
    EXPECT_EQ(plan[0].label(), "1 thread, not pinned");
    EXPECT_EQ(plan[1].label(), "1 thread, pinned to CPU 0");
}

TEST(SweepPlan, TwoCoresWithHyperthreadsPinOnePerCore) {
    const auto plan = plan_sweep(parse_core_cpus(kSiblingsAdjacent), 2);
    ASSERT_EQ(plan.size(), 4u);
    EXPECT_EQ(plan[2].threads, 2);
    EXPECT_TRUE(plan[2].cpus.empty());
    EXPECT_EQ(plan[3].cpus, (std::vector<int>{0, 2})); // never 0 and 1: those share a core
    EXPECT_EQ(plan[3].label(), "2 threads, pinned to CPUs 0,2");
}

TEST(SweepPlan, EightCoresEveryCountNotPinnedThenPinned) {
    const auto plan = plan_sweep(first(8), 8);
    ASSERT_EQ(plan.size(), 16u);
    for (int t = 1; t <= 8; ++t) {
        const SweepPoint & free = plan[2 * (t - 1)];
        const SweepPoint & pinned = plan[2 * (t - 1) + 1];
        EXPECT_EQ(free.threads, t);
        EXPECT_TRUE(free.cpus.empty());
        EXPECT_EQ(pinned.threads, t);
        EXPECT_EQ(pinned.cpus, first(t));
    }
    EXPECT_EQ(plan.back().label(), "8 threads, pinned to CPUs 0-7");
}

TEST(SweepPlan, MoreThreadsThanCoresAreNotPinned) {
    const auto plan = plan_sweep({0, 1}, 3);
    ASSERT_EQ(plan.size(), 5u);
    EXPECT_EQ(plan.back().threads, 3);
    EXPECT_TRUE(plan.back().cpus.empty());
}

TEST(SweepPlan, PinningReachesLlamaBenchAsAStrictMask) {
    EXPECT_EQ(cpu_mask_hex({0}), "0x1");
    EXPECT_EQ(cpu_mask_hex({0, 1}), "0x3");
    EXPECT_EQ(cpu_mask_hex({0, 2}), "0x5");
    EXPECT_EQ(cpu_mask_hex({4, 9}), "0x210");
    EXPECT_EQ(cpu_mask_hex({0, 64}), "0x10000000000000001");

    LlamaTool tool{"llama-bench", "/b/llama-bench", ""};
    SingleRequest request;
    request.model_path = "/m.gguf";
    request.threads = 2;
    const auto free = llama_bench_command(tool, request);
    EXPECT_EQ(std::find(free.begin(), free.end(), "-C"), free.end());
    request.cpus = {0, 2};
    const auto pinned = llama_bench_command(tool, request);
    const auto mask = std::find(pinned.begin(), pinned.end(), "-C");
    ASSERT_NE(mask, pinned.end());
    EXPECT_EQ(*(mask + 1), "0x5");
    EXPECT_EQ(*(mask + 2), "--cpu-strict");
    EXPECT_EQ(*(mask + 3), "1");
}

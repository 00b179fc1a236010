#include "cpu/machine.h"
#include "cpu/memory_bandwidth.h"

#include <gtest/gtest.h>

using namespace r1tune::cpu;

namespace {

// Two sockets, two cores each, two hyperthreads per core: 8 logical, 4 physical.
std::string two_sockets() {
    std::string text;
    int processor = 0;
    for (int socket = 0; socket < 2; ++socket) {
        for (int thread = 0; thread < 2; ++thread) {
            for (int core = 0; core < 2; ++core) {
                text += "processor\t: " + std::to_string(processor++) + "\n";
                text += "model name\t: Example CPU @ 2.0GHz\n";
                text += "physical id\t: " + std::to_string(socket) + "\n";
                text += "core id\t\t: " + std::to_string(core) + "\n";
                text += "flags\t\t: fpu avx2\n\n";
            }
        }
    }
    return text;
}

} // namespace

TEST(Machine, HyperthreadsAreNotPhysicalCores) {
    const CpuInfo cpu = parse_cpuinfo(two_sockets());
    EXPECT_EQ(cpu.model, "Example CPU @ 2.0GHz");
    EXPECT_EQ(cpu.logical_cores, 8);
    EXPECT_EQ(cpu.physical_cores, 4);
    // Processors 2, 3, 6 and 7 are the second hyperthreads of cores already listed.
    EXPECT_EQ(cpu.core_cpus, (std::vector<int>{0, 1, 4, 5}));
}

TEST(Machine, WithoutTopologyEveryProcessorCountsAsACore) {
    const CpuInfo cpu = parse_cpuinfo("processor : 0\nBogoMIPS : 50\n\nprocessor : 1\nBogoMIPS : 50\n");
    EXPECT_EQ(cpu.logical_cores, 2);
    EXPECT_EQ(cpu.physical_cores, 2);
    EXPECT_EQ(cpu.core_cpus, (std::vector<int>{0, 1}));
    EXPECT_TRUE(cpu.model.empty());
    EXPECT_EQ(parse_cpuinfo("").physical_cores, 0);
}

TEST(Machine, MeminfoInBytes) {
    const MemoryInfo m = parse_meminfo("MemTotal:       24576000 kB\nMemFree:  100 kB\nMemAvailable:   20000000 kB\n");
    EXPECT_EQ(m.total_bytes, 24576000ull * 1024);
    EXPECT_EQ(m.available_bytes, 20000000ull * 1024);
}

TEST(Machine, TheRunningMachineHasCoresAndMemory) {
    EXPECT_GE(read_cpu_info().physical_cores, 1);
    EXPECT_GT(read_memory_info().total_bytes, 0u);
}

TEST(MemoryBandwidth, ReadsTheWholeBufferAndReportsARate) {
    // A rate, not a speed limit: only that every word was read (the sum is checked inside) and
    // something positive came out.
    BandwidthOptions small;
    small.buffer_bytes = 8u << 20;
    small.threads = 2;
    small.passes = 1;
    EXPECT_GT(measure_read_bandwidth(small), 0.0);
    small.buffer_bytes = 4; // fewer words than threads
    EXPECT_EQ(measure_read_bandwidth(small), 0.0);
}

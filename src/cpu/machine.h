// What the machine offers a CPU-bound model: the processor, its physical and logical cores, and
// memory. Read from Linux's /proc files; the parsers take the files' text, so they are tested on
// canned copies of other machines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>
#include <string_view>

namespace r1tune::cpu {

struct CpuInfo {
    std::string model;        // "Intel(R) Xeon(R) Processor"
    int logical_cores = 0;    // hardware threads
    int physical_cores = 0;   // distinct (socket, core) pairs; llama.cpp's default thread count
    // The first logical CPU of each physical core, in the order listed: pinning one thread to
    // each never puts two on the hyperthreads of one core, which share its SIMD units.
    std::vector<int> core_cpus;
};

struct MemoryInfo {
    std::uint64_t total_bytes = 0;
    std::uint64_t available_bytes = 0;
};

// From the text of /proc/cpuinfo. A file without "physical id"/"core id" lines (some VMs and
// ARM kernels) counts each processor as a physical core.
CpuInfo parse_cpuinfo(std::string_view text);
// From the text of /proc/meminfo.
MemoryInfo parse_meminfo(std::string_view text);

// The running machine's (empty fields when /proc cannot be read).
CpuInfo read_cpu_info();
MemoryInfo read_memory_info();

} // namespace r1tune::cpu

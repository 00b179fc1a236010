#include "cpu/machine.h"

#include <fstream>
#include <cstdlib>
#include <set>
#include <sstream>
#include <utility>

namespace r1tune::cpu {

namespace {

// "key\t: value" → (key, value), both trimmed.
std::pair<std::string, std::string> field(const std::string & line) {
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) return {};
    auto trim = [](std::string s) {
        const std::size_t a = s.find_first_not_of(" \t");
        const std::size_t b = s.find_last_not_of(" \t\r");
        return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
    };
    return {trim(line.substr(0, colon)), trim(line.substr(colon + 1))};
}

std::string read_file(const char * path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

CpuInfo parse_cpuinfo(std::string_view text) {
    CpuInfo info;
    std::set<std::pair<std::string, std::string>> cores; // (physical id, core id)
    std::string physical, core;
    int number = -1;
    bool has_topology = false;
    auto end_processor = [&] {
        const bool new_core = (physical.empty() && core.empty()) || cores.insert({physical, core}).second;
        if (number >= 0 && new_core) info.core_cpus.push_back(number);
        physical.clear();
        core.clear();
        number = -1;
    };
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        const auto [key, value] = field(line);
        if (key == "processor") {
            if (info.logical_cores > 0) end_processor();
            ++info.logical_cores;
            number = std::atoi(value.c_str());
        } else if (key == "model name" && info.model.empty()) {
            info.model = value;
        } else if (key == "physical id") {
            physical = value;
            has_topology = true;
        } else if (key == "core id") {
            core = value;
            has_topology = true;
        }
    }
    if (info.logical_cores > 0) end_processor();
    info.physical_cores = has_topology ? static_cast<int>(cores.size()) : info.logical_cores;
    return info;
}

MemoryInfo parse_meminfo(std::string_view text) {
    MemoryInfo info;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        const auto [key, value] = field(line);
        const std::uint64_t kib = std::strtoull(value.c_str(), nullptr, 10); // "16384 kB"
        if (key == "MemTotal") info.total_bytes = kib * 1024;
        else if (key == "MemAvailable") info.available_bytes = kib * 1024;
    }
    return info;
}

CpuInfo read_cpu_info() { return parse_cpuinfo(read_file("/proc/cpuinfo")); }

MemoryInfo read_memory_info() { return parse_meminfo(read_file("/proc/meminfo")); }

} // namespace r1tune::cpu

#include "cpu/cpu_list.h"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <thread>

#include "text/ascii_text.h"

namespace r1tune::cpu {

namespace {

// One CPU number of `entry` (which the error names); digits only, so "-1" and "+1" are refused.
Status parse_cpu_number(std::string_view digits, std::string_view entry, int & out) {
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Status::usage("'" + std::string(entry) + "' in the CPU list is not a CPU number or a range such as 0-3");
    }
    int value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || value > kMaxCpuNumber) {
        return Status::usage("CPU " + std::string(digits) + " in the CPU list is out of range (0-" +
                             std::to_string(kMaxCpuNumber) + ")");
    }
    out = value;
    return Status::ok();
}

} // namespace

Status parse_cpu_list(std::string_view text, std::vector<int> & out) {
    if (text::trim(text).empty()) return Status::usage("the CPU list is empty");
    std::vector<int> cpus;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::string_view entry = text::trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
        if (entry.empty()) return Status::usage("the CPU list '" + std::string(text) + "' has an empty entry");
        if (entry.front() == '-') {
            return Status::usage("'" + std::string(entry) + "' in the CPU list is negative: CPUs are numbered from 0");
        }
        const std::size_t dash = entry.find('-');
        int first = 0;
        int last = 0;
        if (Status s = parse_cpu_number(text::trim(entry.substr(0, dash)), entry, first); !s) return s;
        last = first;
        if (dash != std::string_view::npos) {
            if (Status s = parse_cpu_number(text::trim(entry.substr(dash + 1)), entry, last); !s) return s;
            if (last < first) {
                return Status::usage("the CPU range '" + std::string(entry) + "' is reversed (write " +
                                     std::to_string(last) + "-" + std::to_string(first) + ")");
            }
        }
        for (int cpu = first; cpu <= last; ++cpu) cpus.push_back(cpu);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    std::sort(cpus.begin(), cpus.end());
    cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
    out = std::move(cpus);
    return Status::ok();
}

std::string format_cpu_list(const std::vector<int> & cpus) {
    std::string text;
    for (std::size_t i = 0; i < cpus.size();) {
        std::size_t end = i + 1; // one past the run that starts at i
        while (end < cpus.size() && cpus[end] == cpus[end - 1] + 1) ++end;
        if (!text.empty()) text += ',';
        text += std::to_string(cpus[i]);
        if (end - i > 1) text += "-" + std::to_string(cpus[end - 1]);
        i = end;
    }
    return text;
}

std::vector<int> allowed_cpus() {
    std::vector<int> cpus;
    // Sized for more CPUs than cpu_set_t's 1024, where sched_getaffinity would fail.
    constexpr int kMaskCpus = 8192;
    cpu_set_t * mask = CPU_ALLOC(kMaskCpus);
    const std::size_t mask_size = CPU_ALLOC_SIZE(kMaskCpus);
    if (mask && sched_getaffinity(0, mask_size, mask) == 0) {
        for (int cpu = 0; cpu < kMaskCpus; ++cpu) {
            if (CPU_ISSET_S(cpu, mask_size, mask)) cpus.push_back(cpu);
        }
    } else {
        // No affinity mask to read: every CPU the machine reports is allowed.
        const int n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        for (int cpu = 0; cpu < n; ++cpu) cpus.push_back(cpu);
    }
    if (mask) CPU_FREE(mask);
    return cpus;
}

} // namespace r1tune::cpu

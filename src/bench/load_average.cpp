#include "bench/load_average.h"

#include <charconv>
#include <fstream>
#include <string>

namespace r1tune::bench {

std::optional<double> parse_load_average(std::string_view loadavg) {
    const std::string_view first = loadavg.substr(0, loadavg.find(' '));
    double value = 0;
    const auto [end, error] = std::from_chars(first.data(), first.data() + first.size(), value);
    if (error != std::errc{} || end != first.data() + first.size() || first.empty() || value < 0) return std::nullopt;
    return value;
}

std::optional<double> read_load_average() {
    std::ifstream in("/proc/loadavg");
    std::string line;
    if (!std::getline(in, line)) return std::nullopt;
    return parse_load_average(line);
}

} // namespace r1tune::bench

#include "eval/progress_line.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace r1tune::eval {

std::string format_duration(double seconds) {
    const long total = std::lround(std::max(0.0, seconds));
    char text[32];
    if (total < 60) {
        std::snprintf(text, sizeof text, "%lds", total);
    } else if (total < 3600) {
        std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
    } else {
        std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, (total % 3600) / 60);
    }
    return text;
}

std::string format_eval_progress(const EvalProgress & p) {
    const int width = static_cast<int>(std::to_string(p.total).size());
    char head[64];
    std::snprintf(head, sizeof head, "[%*d/%d]", width, p.done, p.total);
    std::string line = std::string(head) + "  " + p.config + ": ";
    line += std::to_string(p.config_correct) + "/" + std::to_string(p.config_done) + " correct";
    if (p.config_done > 0) line += " (" + std::to_string(std::lround(100.0 * p.config_correct / p.config_done)) + "%)";
    if (p.run_now > 0 && p.done < p.total) {
        line += "  ETA " + format_duration(p.seconds_now / p.run_now * (p.total - p.done));
    }
    return line;
}

} // namespace r1tune::eval

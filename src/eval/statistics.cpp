#include "eval/statistics.h"

#include <algorithm>
#include <cmath>

namespace r1tune::eval {

namespace {

constexpr double kZ95 = 1.959963984540054; // the 97.5th percentile of the standard normal

// log C(n, k), exact enough for any n an evaluation reaches.
double log_choose(int n, int k) { return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0); }

} // namespace

Interval wilson_interval(const Proportion & p) {
    if (p.trials <= 0) return {0, 1};
    const double n = p.trials;
    const double phat = p.value();
    const double z2 = kZ95 * kZ95;
    const double centre = (phat + z2 / (2 * n)) / (1 + z2 / n);
    const double half = kZ95 / (1 + z2 / n) * std::sqrt(phat * (1 - phat) / n + z2 / (4 * n * n));
    // At 0 and 1 successes-share the formula is exact in theory but rounding can stray a hair.
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double mcnemar_exact_p(int b, int c) {
    const int n = b + c;
    if (n == 0) return 1;
    const int k = std::min(b, c);
    double tail = 0;
    for (int i = 0; i <= k; ++i) tail += std::exp(log_choose(n, i) - n * std::log(2.0));
    return std::min(1.0, 2 * tail);
}

PairedComparison compare_paired(const std::vector<PairedOutcome> & outcomes) {
    PairedComparison out;
    for (const auto & o : outcomes) {
        if (o.first_correct && o.second_correct) ++out.both;
        else if (!o.first_correct && !o.second_correct) ++out.neither;
        else (o.first_correct ? out.only_first : out.only_second).push_back(o.item_id);
    }
    out.p_value = mcnemar_exact_p(static_cast<int>(out.only_first.size()), static_cast<int>(out.only_second.size()));
    return out;
}

} // namespace r1tune::eval

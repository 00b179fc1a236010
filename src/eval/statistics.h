// The statistics an evaluation reports, so that a reader can tell a gain from noise: a 95 %
// interval on every proportion (Wilson's score interval, which behaves at 0 % and 100 % and on
// small samples where the normal approximation does not), and for two configurations run on the
// same items, the items that flipped and an exact McNemar test on them.
#pragma once

#include <string>
#include <vector>

namespace r1tune::eval {

struct Proportion {
    int successes = 0;
    int trials = 0;
    double value() const { return trials > 0 ? static_cast<double>(successes) / trials : 0.0; }
};

struct Interval {
    double low = 0;
    double high = 0;
};

// Wilson score interval at 95 % (z = 1.959964). With no trials: [0, 1], nothing is known.
Interval wilson_interval(const Proportion & p);

// Exact two-sided McNemar test: under "both configurations are equally good", each discordant
// item is a fair coin, so p = min(1, 2·P[Binomial(b + c, ½) ≤ min(b, c)]). b: items only the
// first configuration got right; c: only the second. No discordant item: p = 1.
double mcnemar_exact_p(int b, int c);

// One item's outcome in two configurations, for the paired comparison.
struct PairedOutcome {
    std::string item_id;
    bool first_correct = false;
    bool second_correct = false;
};

struct PairedComparison {
    std::vector<std::string> only_first;  // right in the first, wrong in the second
    std::vector<std::string> only_second; // right in the second, wrong in the first
    int both = 0;
    int neither = 0;
    double p_value = 1;                   // exact McNemar
};

PairedComparison compare_paired(const std::vector<PairedOutcome> & outcomes);

} // namespace r1tune::eval

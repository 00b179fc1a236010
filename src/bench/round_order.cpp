#include "bench/round_order.h"

namespace r1tune::bench {

std::array<Side, 2> round_order(int pair) {
    if (pair % 2 == 0) return {Side::kR1tune, Side::kLlama};
    return {Side::kLlama, Side::kR1tune};
}

} // namespace r1tune::bench

// Deterministic summation used by reductions and normalisations: eight interleaved partial
// sums combined pairwise, in the compute type (f32 for f32/f16/bf16, f64 for f64). The order
// depends only on n, never on threads.
#pragma once

#include <cstdint>

#include "mutant.hpp"

namespace hwcert::reference {

template <class C>
C sum_values(const C* x, int64_t n) {
  if (mutant(Mutant::kBenignSumSequential) || mutant(Mutant::kBenignSumReversed)) {
    const bool reversed = mutant(Mutant::kBenignSumReversed);
    C total = 0;
    for (int64_t i = 0; i < n; ++i) total += x[reversed ? n - 1 - i : i];
    return total;
  }
  C lanes[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int l = 0; l < 8; ++l) lanes[l] += x[i + l];
  }
  for (int l = 0; i < n; ++i, ++l) lanes[l] += x[i];
  return ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) +
         ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
}

}  // namespace hwcert::reference

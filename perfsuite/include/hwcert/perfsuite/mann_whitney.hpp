// Mann-Whitney U test (Wilcoxon rank-sum), two-sided, as Google Benchmark's compare.py uses.
#pragma once

#include <cstddef>
#include <span>

namespace hwcert::perf {

struct UTestResult {
  double u1 = 0;       // U statistic of the first sample (pairs where a > b, ties count 1/2)
  double u2 = 0;       // n1 * n2 - u1
  double z = 0;        // normal approximation (tie- and continuity-corrected); 0 when exact
  double p_value = 1;  // two-sided
  bool exact = false;  // p from the exact null distribution (no ties, n1 * n2 small)
};

// Both samples need at least one value; otherwise p_value = 1.
UTestResult mann_whitney_u(std::span<const double> a, std::span<const double> b);

// The smallest two-sided p-value any outcome can reach with these sample sizes (no ties):
// when it is not below alpha, the test cannot decide and a comparison is "ambiguous".
double minimum_p_value(std::size_t n1, std::size_t n2);

}  // namespace hwcert::perf

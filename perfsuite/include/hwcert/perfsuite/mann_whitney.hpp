// Mann-Whitney U test (Wilcoxon rank-sum), two-sided, as Google Benchmark's compare.py uses.
#pragma once

#include <cstddef>
#include <optional>
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

// The shift d for which `b - d` looks like `a` (Hodges-Lehmann), with the distribution-free
// confidence interval that inverts the same U test (Moses): the k-th smallest and k-th
// largest of the n1 * n2 differences b_j - a_i, k from the U distribution (exact as in
// mann_whitney_u, else the normal approximation) so that the interval covers the true shift
// with probability >= `confidence`.
struct ShiftInterval {
  double estimate = 0;  // median of the pairwise differences
  double low = 0;
  double high = 0;
};
// nullopt when a sample is empty or the sizes are too small to reach that confidence (the
// interval would be unbounded).
std::optional<ShiftInterval> shift_confidence_interval(std::span<const double> a,
                                                       std::span<const double> b,
                                                       double confidence);

}  // namespace hwcert::perf

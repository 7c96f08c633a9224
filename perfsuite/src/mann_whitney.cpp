#include "hwcert/perfsuite/mann_whitney.hpp"

#include "hwcert/perfsuite/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace hwcert::perf {
namespace {

// Largest n1 * n2 for which the exact null distribution is computed.
constexpr std::size_t kExactLimit = 400;

// Number of arrangements giving each value of U, for samples of n1 and n2 without ties:
// counts[u] over u in [0, n1 * n2], by the recurrence f(n1, n2, u) = f(n1 - 1, n2, u - n2) +
// f(n1, n2 - 1, u).
std::vector<double> exact_u_counts(std::size_t n1, std::size_t n2) {
  // table[j][u] for the current i (i elements of the first sample, j of the second).
  std::vector<std::vector<double>> previous(n2 + 1), current(n2 + 1);
  for (std::size_t j = 0; j <= n2; ++j) previous[j] = {1.0};  // i = 0: only U = 0
  for (std::size_t i = 1; i <= n1; ++i) {
    current[0] = {1.0};  // j = 0: only U = 0
    for (std::size_t j = 1; j <= n2; ++j) {
      std::vector<double> counts(i * j + 1, 0.0);
      // Largest element belongs to the first sample: it beats all j of the second.
      const auto& with_first = previous[j];
      for (std::size_t u = 0; u < with_first.size(); ++u) counts[u + j] += with_first[u];
      // Largest element belongs to the second sample.
      const auto& with_second = current[j - 1];
      for (std::size_t u = 0; u < with_second.size(); ++u) counts[u] += with_second[u];
      current[j] = std::move(counts);
    }
    std::swap(previous, current);
  }
  return previous[n2];
}

double exact_two_sided_p(std::size_t n1, std::size_t n2, double u) {
  const std::vector<double> counts = exact_u_counts(n1, n2);
  double total = 0;
  for (double c : counts) total += c;
  const double mean = static_cast<double>(n1 * n2) / 2.0;
  const double u_low = std::min(u, 2 * mean - u);  // the distribution is symmetric
  double tail = 0;
  for (std::size_t k = 0; k < counts.size() && static_cast<double>(k) <= u_low + 1e-9; ++k) {
    tail += counts[k];
  }
  return std::min(1.0, 2.0 * tail / total);
}

double normal_two_sided_p(double z) {
  return std::erfc(std::fabs(z) / std::sqrt(2.0));
}

// The z with normal_two_sided_p(z) = p (bisection; p in (0, 1)).
double normal_quantile_two_sided(double p) {
  double low = 0, high = 40;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (low + high);
    (normal_two_sided_p(mid) > p ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

// The largest k with P(U <= k - 1) <= (1 - confidence) / 2 under the null: the interval
// [D(k), D(n1 n2 + 1 - k)] of the ordered differences then covers with at least that
// confidence. 0: no such k.
std::size_t interval_rank(std::size_t n1, std::size_t n2, double confidence) {
  const double tail = (1 - confidence) / 2 + 1e-12;  // 1 - 0.9 is not exactly 0.1
  if (n1 * n2 <= kExactLimit) {
    const std::vector<double> counts = exact_u_counts(n1, n2);
    double total = 0;
    for (double c : counts) total += c;
    std::size_t k = 0;
    double below = 0;  // P(U <= k - 1)
    while (k < counts.size() && (below + counts[k]) / total <= tail) below += counts[k++];
    return k;
  }
  const double d1 = static_cast<double>(n1), d2 = static_cast<double>(n2);
  const double z = normal_quantile_two_sided(1 - confidence);
  const double k = std::floor(d1 * d2 / 2 - z * std::sqrt(d1 * d2 * (d1 + d2 + 1) / 12) + 0.5);
  return k < 1 ? 0 : static_cast<std::size_t>(k);
}

}  // namespace

UTestResult mann_whitney_u(std::span<const double> a, std::span<const double> b) {
  UTestResult result;
  const std::size_t n1 = a.size(), n2 = b.size();
  if (n1 == 0 || n2 == 0) return result;
  // Rank the pooled samples, averaging ranks over ties.
  std::vector<std::pair<double, int>> pooled;
  pooled.reserve(n1 + n2);
  for (double x : a) pooled.emplace_back(x, 0);
  for (double x : b) pooled.emplace_back(x, 1);
  std::sort(pooled.begin(), pooled.end(),
            [](const auto& l, const auto& r) { return l.first < r.first; });
  const double n = static_cast<double>(n1 + n2);
  double rank_sum_a = 0;
  double tie_term = 0;  // sum of t^3 - t over tie groups
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    const double t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    for (std::size_t k = i; k < j; ++k) {
      if (pooled[k].second == 0) rank_sum_a += average_rank;
    }
    i = j;
  }
  const double d1 = static_cast<double>(n1), d2 = static_cast<double>(n2);
  result.u1 = rank_sum_a - d1 * (d1 + 1) / 2.0;
  result.u2 = d1 * d2 - result.u1;
  if (tie_term == 0 && n1 * n2 <= kExactLimit) {
    result.exact = true;
    result.p_value = exact_two_sided_p(n1, n2, result.u1);
    return result;
  }
  const double mean_u = d1 * d2 / 2.0;
  const double variance = d1 * d2 / 12.0 * ((n + 1) - tie_term / (n * (n - 1)));
  if (variance <= 0) {  // every value equal
    result.p_value = 1;
    return result;
  }
  const double difference = std::fabs(result.u1 - mean_u);
  const double corrected = std::max(0.0, difference - 0.5);  // continuity correction
  result.z = (result.u1 >= mean_u ? corrected : -corrected) / std::sqrt(variance);
  result.p_value = std::min(1.0, normal_two_sided_p(result.z));
  return result;
}

double minimum_p_value(std::size_t n1, std::size_t n2) {
  if (n1 == 0 || n2 == 0) return 1;
  if (n1 * n2 <= kExactLimit) return exact_two_sided_p(n1, n2, 0);
  const double d1 = static_cast<double>(n1), d2 = static_cast<double>(n2);
  const double z = (d1 * d2 / 2.0 - 0.5) / std::sqrt(d1 * d2 * (d1 + d2 + 1) / 12.0);
  return normal_two_sided_p(z);
}

std::optional<ShiftInterval> shift_confidence_interval(std::span<const double> a,
                                                       std::span<const double> b,
                                                       double confidence) {
  if (a.empty() || b.empty()) return std::nullopt;
  const std::size_t k = interval_rank(a.size(), b.size(), confidence);
  if (k == 0) return std::nullopt;
  std::vector<double> differences;
  differences.reserve(a.size() * b.size());
  for (double x : a) {
    for (double y : b) differences.push_back(y - x);
  }
  std::sort(differences.begin(), differences.end());
  const std::size_t n = differences.size();
  ShiftInterval interval;
  interval.estimate = median_of(differences);
  interval.low = differences[k - 1];
  interval.high = differences[n - k];
  return interval;
}

}  // namespace hwcert::perf

#include "hwcert/perfsuite/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace hwcert::perf {

double median_of(std::span<const double> samples) {
  if (samples.empty()) return 0;
  std::vector<double> sorted(samples.begin(), samples.end());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

double quantile_of(std::span<const double> samples, double fraction) {
  if (samples.empty()) return 0;
  std::vector<double> sorted(samples.begin(), samples.end());
  std::sort(sorted.begin(), sorted.end());
  const double position = std::clamp(fraction, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

Percentiles percentiles_of(std::span<const double> samples) {
  return {quantile_of(samples, 0.5), quantile_of(samples, 0.9), quantile_of(samples, 0.99)};
}

std::vector<double> evenly_spaced_subset(std::span<const double> samples, std::size_t limit) {
  if (samples.size() <= limit) return {samples.begin(), samples.end()};
  std::vector<double> kept;
  kept.reserve(limit);
  for (std::size_t i = 0; i < limit; ++i) kept.push_back(samples[i * samples.size() / limit]);
  return kept;
}

SampleStats summarize(std::span<const double> samples) {
  SampleStats stats;
  if (samples.empty()) return stats;
  stats.count = samples.size();
  stats.mean =
      std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(stats.count);
  stats.median = median_of(samples);
  const auto [low, high] = std::minmax_element(samples.begin(), samples.end());
  stats.min = *low;
  stats.max = *high;
  if (stats.count >= 2) {
    double squares = 0;
    for (double x : samples) squares += (x - stats.mean) * (x - stats.mean);
    stats.stddev = std::sqrt(squares / static_cast<double>(stats.count - 1));
  }
  stats.cv = stats.mean != 0 ? stats.stddev / stats.mean : 0;
  return stats;
}

}  // namespace hwcert::perf

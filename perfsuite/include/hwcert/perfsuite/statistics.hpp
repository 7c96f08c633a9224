// Summary statistics of repeated measurements.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace hwcert::perf {

struct SampleStats {
  std::size_t count = 0;
  double mean = 0;
  double median = 0;
  double min = 0;
  double max = 0;
  double stddev = 0;  // sample standard deviation (n - 1); 0 for fewer than 2 samples
  double cv = 0;      // stddev / mean (as Google Benchmark's "cv"); 0 when mean is 0
};

// All zero for an empty span.
SampleStats summarize(std::span<const double> samples);
double median_of(std::span<const double> samples);

// The `fraction` quantile (0.5 = median, 0.99 = P99) with linear interpolation between the
// closest ranks (numpy's default, Hyndman-Fan type 7); 0 for an empty span.
double quantile_of(std::span<const double> samples, double fraction);

// P50, P90 and P99 of one set of samples.
struct Percentiles {
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
};
Percentiles percentiles_of(std::span<const double> samples);

// At most `limit` of `samples`, evenly spaced over the sequence and in order (first kept;
// all of them when there are no more than `limit`).
std::vector<double> evenly_spaced_subset(std::span<const double> samples, std::size_t limit);

}  // namespace hwcert::perf

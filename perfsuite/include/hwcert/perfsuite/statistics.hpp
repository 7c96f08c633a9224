// Summary statistics of repeated measurements.
#pragma once

#include <cstddef>
#include <span>

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

}  // namespace hwcert::perf

// The verdict of a stability run: any wrong result, NaN, launch error or device loss fails it;
// throughput drift and memory growth fail it beyond the bounds.
#include <fmt/format.h>

#include <algorithm>

#include "hwcert/stability/run.hpp"

namespace hwcert::stability {
namespace {

using results::StabilitySample;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// 1 - (median rate of the last quarter of the intervals / that of the first quarter).
std::optional<double> throughput_drift(const std::vector<StabilitySample>& samples) {
  if (samples.size() < 2) return std::nullopt;
  const std::size_t k = std::max<std::size_t>(1, samples.size() / 4);
  std::vector<double> first, last;
  for (std::size_t i = 0; i < k; ++i) {
    first.push_back(samples[i].launches_per_s);
    last.push_back(samples[samples.size() - k + i].launches_per_s);
  }
  const double before = median(first);
  if (before <= 0) return std::nullopt;
  return 1.0 - median(last) / before;
}

// MiB between the first and the last sample that report the value.
template <typename Member>
std::optional<double> growth_mib(const std::vector<StabilitySample>& samples, Member member) {
  std::optional<uint64_t> first, last;
  for (const StabilitySample& s : samples) {
    const std::optional<uint64_t>& value = s.*member;
    if (!value) continue;
    if (!first) first = value;
    last = value;
  }
  if (!first) return std::nullopt;
  return (static_cast<double>(*last) - static_cast<double>(*first)) / (1024.0 * 1024.0);
}

void fail_on_count(results::StabilityRun& run, uint64_t count, std::string_view what) {
  if (count > 0) run.failures.push_back(fmt::format("{} {}", count, what));
}

}  // namespace

void judge(results::StabilityRun& run, bool device_is_cpu) {
  const results::StabilityTotals& t = run.totals;
  const results::StabilityBounds& b = run.bounds;
  run.failures.clear();
  run.throughput_drift = throughput_drift(run.samples);
  run.host_memory_growth_mib = growth_mib(run.samples, &StabilitySample::host_resident_bytes);
  run.device_memory_growth_mib =
      growth_mib(run.samples, &StabilitySample::device_memory_used_bytes);
  fail_on_count(run, t.wrong_results, "wrong results (outside the oracle's tolerance)");
  fail_on_count(run, t.nan_results, "results with NaN where the oracle has none");
  fail_on_count(run, t.launch_errors, "launch or synchronize errors");
  fail_on_count(run, t.device_losses, "device losses");
  if (t.checks == 0) run.failures.push_back("no output was checked against the oracle");
  if (run.throughput_drift && *run.throughput_drift > b.max_throughput_drift) {
    run.failures.push_back(fmt::format("throughput drift {:.1f}% above the bound {:.1f}%",
                                       *run.throughput_drift * 100, b.max_throughput_drift * 100));
  }
  if (run.host_memory_growth_mib && *run.host_memory_growth_mib > b.max_memory_growth_mib) {
    run.failures.push_back(fmt::format("resident memory grew {:.1f} MiB, above the bound {:g} MiB",
                                       *run.host_memory_growth_mib, b.max_memory_growth_mib));
  }
  if (!device_is_cpu && run.device_memory_growth_mib &&
      *run.device_memory_growth_mib > b.max_memory_growth_mib) {
    run.failures.push_back(fmt::format("device memory grew {:.1f} MiB, above the bound {:g} MiB",
                                       *run.device_memory_growth_mib, b.max_memory_growth_mib));
  }
  run.passed = run.failures.empty();
}

}  // namespace hwcert::stability

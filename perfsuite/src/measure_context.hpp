// What every measurement of one perf run shares. Internal to perfsuite.
#pragma once

#include "benchmark_runner.hpp"
#include "hwcert/loader/plugin.hpp"
#include "hwcert/perfsuite/driver.hpp"
#include "hwcert/perfsuite/results.hpp"

namespace hwcert::perf {

struct MeasureContext {
  const Plugin& plugin;
  const Device& device;
  const Stream& stream;
  const Event& start;
  const Event& end;
  CollectingReporter& reporter;
  const PerfOptions& options;
  Clock::time_point deadline;
  std::string size_class;

  void progress(const std::string& line) const {
    if (options.progress) options.progress(line);
  }
};

// Best copy_d2d bandwidth and best f32 square matmul rate; nullopt when neither works.
std::optional<Roofline> measure_roofline(const MeasureContext& context);

// Per-launch cost of the ABI (see results.hpp AbiOverhead).
std::optional<AbiOverhead> measure_abi_overhead(const MeasureContext& context);

}  // namespace hwcert::perf

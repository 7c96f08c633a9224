// A stability run: the load launched round after round on every stream for a duration, one
// sample per interval (throughput, memory, clock, power), outputs checked against the oracle
// in every interval, and the verdict against the bounds.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hwcert/loader/plugin.hpp"
#include "hwcert/model/graph.hpp"
#include "hwcert/perfsuite/suite.hpp"
#include "hwcert/results/stability_record.hpp"

namespace hwcert::stability {

struct RunOptions {
  results::StabilityBounds bounds;  // bounds.duration_s is how long the load runs
  double interval_s = 1;
  uint32_t streams = 4;
  uint64_t seed = 1;
  std::string suite_name;
  std::vector<model::Graph> models;  // run beside the op cases, each on a stream of its own
  std::string hwcert_version;
  std::function<void(const std::string&)> progress;  // one line per interval; may be empty
};

// Runs the load on `device` and returns the time series with its verdict. An error when the
// load cannot be prepared (no supported case, a buffer that cannot be allocated).
Expected<results::StabilityRun> run_stability(const Device& device,
                                              const std::vector<perf::PerfCase>& cases,
                                              const RunOptions& options);

// Fills drift, growth, passed and failures of `run` from its samples, totals and bounds.
// `device_is_cpu`: device memory of a CPU device is the whole machine's, not judged.
void judge(results::StabilityRun& run, bool device_is_cpu);

}  // namespace hwcert::stability

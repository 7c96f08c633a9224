// Runs a perf suite on one device of a loaded plugin through Google Benchmark.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "hwcert/loader/plugin.hpp"
#include "hwcert/perfsuite/floor_cases.hpp"
#include "hwcert/perfsuite/results.hpp"
#include "hwcert/perfsuite/suite.hpp"

namespace hwcert::perf {

// Peak numbers of a target, filled by the caller (e.g. from a target profile).
struct PeakTable {
  std::map<std::string, double> tflops;  // by dtype name ("f32", "f16", "i8" in TOP/s)
  double bandwidth_gbps = 0;             // 0: unknown
};

// How launches are timed. kCold: the last-level cache flushed before each launch, one
// launch per event pair, the stream synchronized after it. kLatency: one launch per event
// pair and a synchronize after each, caches warm: what one launch costs when nothing
// overlaps it. kHot: launches back to back, several between one event pair with no
// synchronize inside the window; the time per launch is the window over its launch count.
enum class TimingMode { kCold, kLatency, kHot };
std::string_view to_string(TimingMode mode);  // "cold", "latency", "hot"

// How one repetition of `launches` launches is split into timed windows: hot mode takes at
// most kHotWindowsPerRepetition windows of equal launch counts (so that the launch samples
// still show a distribution), every other mode one launch per window.
inline constexpr int64_t kHotWindowsPerRepetition = 16;
struct RepetitionShape {
  int64_t windows = 1;
  int64_t launches_per_window = 1;
};
RepetitionShape repetition_shape(TimingMode mode, int64_t launches);

// Judges output 0 of one perf launch (`output`, dense) given the input images uploaded for it:
// an empty string when it agrees with the reference, else what is wrong; an error Status when
// it cannot judge. The command line sets it to conformance's float64 oracle with its
// tolerances and comparator (perfsuite itself never includes conformance:
// docs/architecture.md, rule 6).
using OutputJudge = std::function<Expected<std::string>(
    const OpCall& call, std::vector<std::span<const std::byte>> inputs,
    std::span<const std::byte> output)>;

struct PerfOptions {
  std::string filter = "*";  // gtest-style globs over case ids: "a*:b*-c*"
  TimingMode mode = TimingMode::kCold;
  double min_time_s = 0.05;  // measured time per repetition (per-case budget)
  int repetitions = 5;
  int warmup_launches = 2;
  double noisy_cv = 0.05;  // cv above this after the retry flags a case noisy
  // A repetition whose clock is below this fraction of the highest clock seen in the run is
  // throttled and left out of the statistics (conditions.hpp); 0 judges none.
  double throttle_fraction = 0.9;
  int noisy_retries = 1;
  double timeout_s = 1800;  // whole run; cases not reached are reported "timeout"
  std::string size_class;   // empty: chosen from the device's memory size
  uint64_t seed = 20261123;
  std::optional<PeakTable> peaks;
  std::optional<std::string> target_name;
  bool measure_roofline = true;
  bool measure_abi_overhead = true;
  // Cases a target's floors need, added to the suite's at sizes that suit the device
  // (floor_cases.hpp); a suite case of the same id is kept instead.
  std::vector<FloorCase> floor_cases;
  std::string suite_name;
  std::string hwcert_version;
  std::function<void(const std::string&)> progress;  // one line per event; may be empty
  // Judges the output of each measured case's last timed launch: a wrong one makes the case
  // an error however fast it ran (record.output_check). Empty: outputs are not checked.
  OutputJudge judge_output;
};

// The size class for a device of `memory_bytes` (unknown: "small").
std::string size_class_for_memory(std::optional<uint64_t> memory_bytes);

// Runs every selected case. Google Benchmark's registry is process-wide: one run at a time.
PerfResult run_perf(const Plugin& plugin, const Device& device, const Suite& suite,
                    const PerfOptions& options);

}  // namespace hwcert::perf

// One measured piece of work run through Google Benchmark, with its repetition samples.
// Internal to perfsuite.
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "hwcert/loader/status.hpp"
#include "hwcert/perfsuite/conditions.hpp"

namespace hwcert::perf {

using Clock = std::chrono::steady_clock;

// The work of one benchmark iteration. `timed` returns the seconds of the iteration (device
// time from events, or host time for host-side measurements), which runs
// `launches_per_iteration` launches: what is reported is the time per launch.
struct TimedWork {
  std::function<Status()> before;  // untimed, before each iteration (cache flush); may be empty
  std::function<Expected<double>()> timed;
  std::function<Status()> after;  // untimed, after each iteration; may be empty
  int64_t launches_per_iteration = 1;
  // Read before and after each repetition, outside the timed region; may be empty.
  std::function<DeviceReading()> read_conditions;
};

// Collects every run Google Benchmark reports and forwards the accepted ones to its own
// JSON reporter, so that benchmark.json holds exactly one entry set per case.
class CollectingReporter : public benchmark::BenchmarkReporter {
 public:
  CollectingReporter();
  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;

  std::vector<Run> take_pending();
  void publish(const std::vector<Run>& runs);
  // The complete JSON document (call once, at the end).
  std::string finish();

 private:
  benchmark::JSONReporter json_;
  std::ostringstream json_text_;
  std::ostringstream json_errors_;
  bool context_sent_ = false;
  std::vector<Run> pending_;
};

struct RunRequest {
  std::string name;
  int64_t iterations = 1;
  int repetitions = 1;
  Clock::time_point deadline = Clock::time_point::max();
  double noisy_cv = 0;  // 0: never run again
  int noisy_retries = 0;
  std::string skip_reason;  // non-empty: report the benchmark as skipped with this message
};

struct RunOutcome {
  std::string benchmark_name;        // as Google Benchmark names it
  std::vector<double> samples_ns;    // per repetition: reported time per launch
  std::vector<double> host_wall_ns;  // per repetition: host wall time per launch
  std::vector<double> launch_ns;     // every iteration's time per launch, repetitions in order
  std::vector<RepetitionReadings> readings;  // per repetition in samples_ns
  std::string error;                         // set when the work failed or was skipped
  bool timed_out = false;
  int attempts = 0;
};

RunOutcome run_benchmark(CollectingReporter& reporter, const RunRequest& request,
                         const TimedWork& work);

// Runs `work` `count` times outside any measurement; returns the mean host seconds per run
// (before + timed + after), or the first error.
Expected<double> warm_up(const TimedWork& work, int count);

// Iterations per repetition so that one repetition costs about min_time_s of host time.
int64_t iterations_for(double seconds_per_iteration, double min_time_s);

}  // namespace hwcert::perf

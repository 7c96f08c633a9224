#include "benchmark_runner.hpp"

#include <algorithm>
#include <cmath>

#include "hwcert/perfsuite/statistics.hpp"

namespace hwcert::perf {
namespace {

constexpr const char* kHostWallCounter = "host_wall_ns";
constexpr const char* kTimeoutMessage = "global timeout reached";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

CollectingReporter::CollectingReporter() {
  json_.SetOutputStream(&json_text_);
  json_.SetErrorStream(&json_errors_);
}

bool CollectingReporter::ReportContext(const Context& context) {
  if (!context_sent_) context_sent_ = json_.ReportContext(context);
  return true;
}

void CollectingReporter::ReportRuns(const std::vector<Run>& runs) {
  pending_.insert(pending_.end(), runs.begin(), runs.end());
}

std::vector<benchmark::BenchmarkReporter::Run> CollectingReporter::take_pending() {
  std::vector<Run> out;
  out.swap(pending_);
  return out;
}

void CollectingReporter::publish(const std::vector<Run>& runs) {
  if (context_sent_ && !runs.empty()) json_.ReportRuns(runs);
}

std::string CollectingReporter::finish() {
  if (!context_sent_) return "{\n  \"context\": {},\n  \"benchmarks\": []\n}\n";
  json_.Finalize();
  return json_text_.str();
}

Expected<double> warm_up(const TimedWork& work, int count) {
  const auto start = Clock::now();
  for (int i = 0; i < count; ++i) {
    if (work.before) {
      if (Status s = work.before(); !s.ok()) return s;
    }
    auto timed = work.timed();
    if (!timed.ok()) return timed.status();
    if (work.after) {
      if (Status s = work.after(); !s.ok()) return s;
    }
  }
  return seconds_since(start) / std::max(1, count);
}

int64_t iterations_for(double seconds_per_iteration, double min_time_s) {
  if (!(seconds_per_iteration > 0)) return 1000;
  const double n = std::ceil(min_time_s / seconds_per_iteration);
  return static_cast<int64_t>(std::clamp(n, 1.0, 1.0e6));
}

namespace {

// The timed iterations of one repetition: the device time per launch of each iteration, and
// the host wall time per launch around it as a counter; each is appended to `launch_ns`. The
// first failure is kept in `failure` (later repetitions skip with it) and ends the repetition.
void time_iterations(benchmark::State& state, const TimedWork& work, std::string& failure,
                     std::vector<double>& launch_ns) {
  const int64_t launches = std::max<int64_t>(1, work.launches_per_iteration);
  double wall = 0;
  int64_t done = 0;
  for (auto _ : state) {
    if (work.before) {
      if (Status s = work.before(); !s.ok()) {
        failure = s.to_string();
        state.SkipWithError(failure.c_str());
        break;
      }
    }
    const auto start = Clock::now();
    auto seconds = work.timed();
    wall += seconds_since(start);
    if (!seconds.ok()) {
      failure = seconds.status().to_string();
      state.SkipWithError(failure.c_str());
      break;
    }
    const double per_launch = *seconds / static_cast<double>(launches);
    state.SetIterationTime(per_launch);
    launch_ns.push_back(per_launch * 1e9);
    ++done;
    if (work.after) {
      if (Status s = work.after(); !s.ok()) {
        failure = s.to_string();
        state.SkipWithError(failure.c_str());
        break;
      }
    }
  }
  if (done > 0) {
    state.counters[kHostWallCounter] = wall / static_cast<double>(done * launches) * 1e9;
  }
}

// The samples of one attempt's repetitions into `outcome`; the first error is kept.
void collect_runs(const std::vector<benchmark::BenchmarkReporter::Run>& runs, RunOutcome& outcome) {
  for (const auto& run : runs) {
    if (outcome.benchmark_name.empty()) outcome.benchmark_name = run.benchmark_name();
    if (run.run_type != benchmark::BenchmarkReporter::Run::RT_Iteration) continue;
    if (run.error_occurred) {
      if (outcome.error.empty()) outcome.error = run.error_message;
      continue;
    }
    outcome.samples_ns.push_back(run.GetAdjustedRealTime());
    auto wall = run.counters.find(kHostWallCounter);
    outcome.host_wall_ns.push_back(wall != run.counters.end() ? wall->second.value : 0.0);
  }
}

}  // namespace

RunOutcome run_benchmark(CollectingReporter& reporter, const RunRequest& request,
                         const TimedWork& work) {
  RunOutcome outcome;
  if (benchmark::BenchmarkReporter::Context::executable_name == nullptr) {
    benchmark::BenchmarkReporter::Context::executable_name = "hwcert";
  }
  const int attempts = 1 + std::max(0, request.noisy_retries);
  for (int attempt = 0; attempt < attempts; ++attempt) {
    outcome = RunOutcome{};
    outcome.attempts = attempt + 1;
    std::string failure;  // first failure of this attempt, shared with later repetitions
    std::vector<double> launch_ns;
    std::vector<RepetitionReadings> readings;
    bool timed_out = false;
    auto body = [&](benchmark::State& state) {
      if (!request.skip_reason.empty()) {
        state.SkipWithError(request.skip_reason.c_str());
        return;
      }
      if (!failure.empty()) {
        state.SkipWithError(failure.c_str());
        return;
      }
      if (Clock::now() > request.deadline) {
        timed_out = true;
        failure = kTimeoutMessage;
        state.SkipWithError(kTimeoutMessage);
        return;
      }
      RepetitionReadings around;
      if (work.read_conditions) around.before = work.read_conditions();
      time_iterations(state, work, failure, launch_ns);
      if (work.read_conditions) around.after = work.read_conditions();
      if (failure.empty()) readings.push_back(around);
    };
    benchmark::RegisterBenchmark(request.name.c_str(), body)
        ->Iterations(std::max<int64_t>(1, request.iterations))
        ->Repetitions(std::max(1, request.repetitions))
        ->UseManualTime()
        ->Unit(benchmark::kNanosecond);
    // Only this benchmark is registered; an explicit spec ignores BENCHMARK_FILTER.
    benchmark::RunSpecifiedBenchmarks(&reporter, std::string("."));
    std::vector<benchmark::BenchmarkReporter::Run> runs = reporter.take_pending();
    collect_runs(runs, outcome);
    outcome.launch_ns = std::move(launch_ns);
    outcome.readings = std::move(readings);
    if (!failure.empty() && outcome.error.empty()) outcome.error = failure;
    outcome.timed_out = timed_out;
    const bool last = attempt + 1 == attempts;
    const bool noisy = request.noisy_cv > 0 && outcome.error.empty() &&
                       summarize(outcome.samples_ns).cv > request.noisy_cv;
    if (last || !noisy || Clock::now() > request.deadline) {
      reporter.publish(runs);
      benchmark::ClearRegisteredBenchmarks();
      break;
    }
    benchmark::ClearRegisteredBenchmarks();  // noisy: discard this attempt, run it again
  }
  return outcome;
}

}  // namespace hwcert::perf

#include "hwcert/stability/run.hpp"

#include <fmt/format.h>

#include <chrono>

#include "hwcert/loader/device_properties.hpp"
#include "hwcert/stability/load.hpp"
#include "hwcert/support/process_memory.hpp"
#include "hwcert/support/timestamp.hpp"

namespace hwcert::stability {
namespace {

using Clock = std::chrono::steady_clock;
using results::StabilitySample;

constexpr std::size_t kWrongExamples = 5;

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Clock, power and memory in use, each null where the plugin does not report it.
void sample_device(const Device& device, StabilitySample& s) {
  if (auto mhz = device.info_u32(HWC_DEVICE_INFO_CURRENT_CLOCK_MHZ)) s.clock_mhz = *mhz;
  if (auto watts = device.info_f64(HWC_DEVICE_INFO_POWER_WATTS)) s.power_watts = *watts;
  auto total = device.info_u64(HWC_DEVICE_INFO_MEMORY_BYTES);
  auto free = device.info_u64(HWC_DEVICE_INFO_MEMORY_FREE_BYTES);
  if (total && free && *free <= *total) s.device_memory_used_bytes = *total - *free;
  support::release_cached_memory();
  if (auto resident = support::resident_bytes()) {
    s.host_resident_bytes = static_cast<uint64_t>(*resident);
  }
}

class Runner {
 public:
  Runner(const Device& device, const Load& load, const RunOptions& options,
         results::StabilityRun& run)
      : device_(device), load_(load), options_(options), run_(run) {}

  // Intervals of at least one round each, until the duration is over; an interval's rate
  // counts the time of its rounds only, not that of its checks and samples.
  void run() {
    start_ = Clock::now();
    const double duration = options_.bounds.duration_s;
    for (std::size_t index = 0; !lost_; ++index) {
      StabilitySample s;
      const Clock::time_point interval_start = Clock::now();
      Clock::time_point now = interval_start;
      do {
        round(s);
        now = Clock::now();
      } while (!lost_ && seconds_between(interval_start, now) < options_.interval_s &&
               seconds_between(start_, now) < duration);
      const double load_s = seconds_between(interval_start, now);
      s.launches_per_s = load_s > 0 ? static_cast<double>(s.launches) / load_s : 0;
      if (!lost_) check_outputs(s, index);
      if (!lost_) check_models(s);
      sample_device(device_, s);
      now = Clock::now();
      s.t_s = seconds_between(start_, now);
      s.interval_s = seconds_between(interval_start, now);
      add_to_totals(s);
      if (options_.progress) options_.progress(describe(s));
      run_.samples.push_back(s);
      if (s.t_s >= duration) break;
    }
  }

 private:
  // Every slot launched once on its stream and every model once on its own (each node a
  // launch), then every stream synchronized.
  void round(StabilitySample& s) {
    for (const LoadCase& c : load_.cases) {
      for (const LoadSlot& slot : c.slots) {
        count_status(slot.launch(load_.streams[slot.stream_index()]), s);
        ++s.launches;
      }
    }
    for (const LoadModel& m : load_.models) {
      count_status(m.launch(), s);
      s.launches += m.node_count();
    }
    for (const Stream& stream : load_.streams) count_status(stream.synchronize(), s);
    for (const LoadModel& m : load_.models) count_status(m.stream().synchronize(), s);
  }

  void count_status(const Status& status, StabilitySample& s) {
    if (status.ok()) return;
    ++s.launch_errors;
    if (status.code() == StatusCode::kDeviceLost) {
      lost_ = true;
      ++run_.totals.device_losses;
    }
    note(fmt::format("{:.2f} s: {}", seconds_between(start_, Clock::now()), status.message()));
  }

  // Each case's output from one stream (a different one every interval).
  void check_outputs(StabilitySample& s, std::size_t interval) {
    for (const LoadCase& c : load_.cases) {
      auto checked = check_case(load_, c, interval % c.slots.size());
      if (!checked) {
        count_status(checked.status(), s);
        continue;
      }
      ++s.checks;
      if (checked->nan_elements > 0) ++s.nan_results;
      if (checked->comparison.status != conformance::CaseStatus::kPass) {
        ++s.wrong_results;
        note(fmt::format("{} at {:.2f} s: {}", c.id, seconds_between(start_, Clock::now()),
                         checked->comparison.message));
      }
    }
  }

  // Each model run once more, its outputs against the float64 chain.
  void check_models(StabilitySample& s) {
    for (const LoadModel& m : load_.models) {
      auto failures = m.check();
      if (!failures) {
        count_status(failures.status(), s);
        continue;
      }
      ++s.checks;
      if (failures->empty()) continue;
      ++s.wrong_results;
      note(fmt::format("{} at {:.2f} s: {}", m.id(), seconds_between(start_, Clock::now()),
                       failures->front()));
    }
  }

  void note(std::string line) {
    if (run_.wrong_examples.size() < kWrongExamples) run_.wrong_examples.push_back(std::move(line));
  }

  void add_to_totals(const StabilitySample& s) { run_.totals += s; }

  static std::string describe(const StabilitySample& s) {
    return fmt::format("{:7.2f} s  {:9.1f} launches/s  checks {}  wrong {}  errors {}", s.t_s,
                       s.launches_per_s, s.checks, s.wrong_results, s.launch_errors);
  }

  const Device& device_;
  const Load& load_;
  const RunOptions& options_;
  results::StabilityRun& run_;
  Clock::time_point start_;
  bool lost_ = false;
};

}  // namespace

Expected<results::StabilityRun> run_stability(const Device& device,
                                              const std::vector<perf::PerfCase>& cases,
                                              const RunOptions& options) {
  const DeviceProperties properties = read_device_properties(device);
  results::StabilityRun run;
  run.hwcert_version = options.hwcert_version;
  run.date = support::utc_timestamp_now();
  run.plugin = device.plugin().name();
  run.plugin_version = device.plugin().version();
  run.device = to_json(properties);
  run.suite = options.suite_name;
  run.streams = options.streams;
  run.interval_s = options.interval_s;
  run.seed = options.seed;
  run.bounds = options.bounds;
  auto load = prepare_load(device, cases, options.models, options.streams, options.seed);
  if (!load) return load.status();
  for (const LoadCase& c : load->cases) run.cases.push_back(c.id);
  for (const LoadModel& m : load->models) run.cases.push_back(m.id());
  if (options.progress) {
    for (const std::string& skipped : load->skipped) options.progress("skipped " + skipped);
  }
  const Clock::time_point start = Clock::now();
  Runner(device, *load, options, run).run();
  run.wall_seconds = seconds_between(start, Clock::now());
  judge(run, properties.type == "cpu");
  return run;
}

}  // namespace hwcert::stability

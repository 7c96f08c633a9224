#include "hwcert/perfsuite/driver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "hwcert/catalogue/op_cost.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/loader/device_properties.hpp"
#include "hwcert/perfsuite/conditions.hpp"
#include "hwcert/perfsuite/statistics.hpp"
#include "hwcert/support/enum_names.hpp"
#include "hwcert/support/glob.hpp"
#include "hwcert/support/stable_hash.hpp"
#include "hwcert/support/timestamp.hpp"
#include "measure_context.hpp"
#include "op_fixture.hpp"

namespace hwcert::perf {
namespace {

constexpr uint64_t kMiB = 1024ULL * 1024ULL;
constexpr uint64_t kGiB = 1024ULL * kMiB;
// Launch samples a record keeps (evenly spaced); its percentiles see every one.
constexpr std::size_t kKeptLaunchSamples = 2048;

// Cold mode evicts the last-level cache by filling a buffer twice its size.
uint64_t flush_bytes_for(const DeviceProperties& properties) {
  uint64_t bytes = properties.last_level_cache_bytes.value_or(32 * kMiB) * 2;
  bytes = std::max<uint64_t>(bytes, 4 * kMiB);
  if (properties.memory_bytes) bytes = std::min(bytes, *properties.memory_bytes / 8);
  return std::max<uint64_t>(bytes / 4096 * 4096, 4096);
}

// Judges the case's repetitions against the highest clock seen in the run so far
// (`highest`, raised by this case's readings), keeps the launch samples of the unthrottled
// ones in `record` and returns them all.
std::vector<double> judge_conditions(PerfRecord& record, const RunOutcome& outcome, int64_t windows,
                                     std::optional<double>& highest, double fraction) {
  for (const RepetitionReadings& r : outcome.readings) {
    for (const auto& clock : {r.before.clock_mhz, r.after.clock_mhz}) {
      if (clock) highest = std::max(highest.value_or(0), *clock);
    }
  }
  std::vector<double> launch_ns = apply_conditions(
      record, {outcome.readings, outcome.launch_ns, windows}, highest.value_or(0), fraction);
  record.launch_sample_count = static_cast<int64_t>(launch_ns.size());
  record.launch_samples_ns = evenly_spaced_subset(launch_ns, kKeptLaunchSamples);
  return launch_ns;
}

// The statistics of the samples in `record` and of every launch sample (`launch_ns`), and
// the rates derived from them.
void fill_metrics(PerfRecord& record, std::span<const double> launch_ns, const PerfOptions& options,
                  const std::optional<Roofline>& roofline) {
  const SampleStats stats = summarize(record.samples_ns);
  record.median_ns = stats.median;
  record.min_ns = stats.min;
  record.max_ns = stats.max;
  record.stddev_ns = stats.stddev;
  record.cv = stats.cv;
  record.noisy = stats.cv > options.noisy_cv;
  record.host_wall_median_ns = median_of(record.host_wall_samples_ns);
  if (record.median_ns <= 0) return;
  if (record.measured() && !launch_ns.empty()) {
    const Percentiles p = percentiles_of(launch_ns);
    record.p50_ns = p.p50;
    record.p90_ns = p.p90;
    record.p99_ns = p.p99;
  }
  record.tflops = record.flops / record.median_ns * 1e-3;
  record.gbps = record.bytes / record.median_ns;
  if (options.peaks) {
    if (catalogue::is_compute_bound(record.op)) {
      auto peak = options.peaks->tflops.find(record.dtype);
      if (peak != options.peaks->tflops.end() && peak->second > 0) {
        record.peak_fraction = record.tflops / peak->second;
      }
    } else if (options.peaks->bandwidth_gbps > 0) {
      record.peak_fraction = record.gbps / options.peaks->bandwidth_gbps;
    }
  }
  if (roofline && roofline->copy_gbps > 0) {
    // Attainable time on the measured roofline: the larger of compute and memory time.
    const double memory_ns = record.bytes / roofline->copy_gbps;
    const double compute_ns =
        roofline->matmul_tflops > 0 ? record.flops / (roofline->matmul_tflops * 1e3) : 0;
    record.roofline_fraction = std::max(memory_ns, compute_ns) / record.median_ns;
  }
}

// Judges the output of the case's last timed launch (options.judge_output): a wrong result
// makes the case an error, however fast it ran.
void judge_last_launch(PerfRecord& record, const OpFixture& fixture, const MeasureContext& c) {
  if (!c.options.judge_output || !record.measured()) return;
  auto output = fixture.read_output(c.stream, 0);
  Expected<std::string> verdict =
      output.ok() ? c.options.judge_output(fixture.call(), fixture.input_images(), *output)
                  : Expected<std::string>(output.status());
  if (!verdict.ok()) {
    record.output_check = "unjudged";
    record.output_check_note = verdict.status().to_string();
  } else if (verdict->empty()) {
    record.output_check = "pass";
  } else {
    record.output_check = "fail";
    record.output_check_note = *verdict;
    record.status = std::string(results::kPerfStatusError);
    record.reason = "wrong result in a timed launch: " + *verdict;
  }
}

// The record of `perf_case` before it runs: what it is and how it is measured.
PerfRecord case_record(const PerfCase& perf_case, TimingMode mode) {
  PerfRecord record;
  record.case_id = perf_case.id;
  record.op = perf_case.op;
  record.dtype = perf_case.dtype;
  record.out_dtype = perf_case.out_dtype;
  record.shape = perf_case.shape;
  record.mode = std::string(to_string(mode));
  return record;
}

// The samples of a benchmark run into `record`, and its status when it failed.
void record_outcome(PerfRecord& record, const RunOutcome& outcome, int64_t iterations) {
  record.benchmark_name = outcome.benchmark_name;
  record.attempts = outcome.attempts;
  record.iterations = iterations;
  record.samples_ns = outcome.samples_ns;
  record.host_wall_samples_ns = outcome.host_wall_ns;
  if (outcome.timed_out) {
    record.status = std::string(results::kPerfStatusTimeout);
    record.reason = outcome.error;
  } else if (!outcome.error.empty()) {
    record.status = std::string(results::kPerfStatusError);
    record.reason = outcome.error;
  }
}

PerfRecord run_case(const MeasureContext& c, const PerfCase& perf_case,
                    const std::optional<Buffer>& flush, uint64_t flush_bytes,
                    const std::optional<Roofline>& roofline, std::optional<uint64_t> memory,
                    std::optional<double>& highest_clock) {
  PerfRecord record = case_record(perf_case, c.options.mode);
  const catalogue::OpCost cost = catalogue::op_cost(perf_case.call);
  record.flops = cost.flops;
  record.bytes = cost.bytes;

  RunRequest request;
  request.name = perf_case.id;
  request.repetitions = c.options.repetitions;
  request.deadline = c.deadline;
  request.noisy_cv = c.options.noisy_cv;
  request.noisy_retries = c.options.noisy_retries;
  TimedWork work;
  auto skip = [&](std::string_view status, std::string reason) {
    record.status = std::string(status);
    record.reason = std::move(reason);
    request.skip_reason = fmt::format("{}: {}", status, record.reason);
    request.repetitions = 1;
    RunOutcome outcome = run_benchmark(c.reporter, request, work);
    record.benchmark_name = outcome.benchmark_name;
    return record;
  };

  if (Clock::now() > c.deadline)
    return skip(results::kPerfStatusTimeout, "global timeout reached before the case");
  auto support = c.device.op_support(perf_case.call);
  if (!support.ok())
    return skip(results::kPerfStatusError, "op_support failed: " + support.status().to_string());
  if (!support->supported) return skip(results::kPerfStatusUnsupported, support->reason);
  const uint64_t needed = required_device_bytes(perf_case.call);
  if (memory && needed > *memory / 10 * 8) {
    return skip(results::kPerfStatusSkipped,
                fmt::format("needs {} MiB of the device's {} MiB", needed / kMiB, *memory / kMiB));
  }
  auto prepared = OpFixture::prepare(c.device, c.stream, perf_case.call,
                                     c.options.seed ^ support::stable_hash(perf_case.id));
  if (!prepared.ok())
    return skip(results::kPerfStatusError, "preparing inputs: " + prepared.status().to_string());
  const OpFixture& fixture = **prepared;
  work.timed = [&]() {
    return fixture.launch_timed(c.stream, c.start, c.end, work.launches_per_iteration);
  };
  work.read_conditions = [&c]() { return read_conditions(c.device); };
  if (c.options.mode == TimingMode::kCold && flush) {
    uint32_t pattern_value = 0;
    work.before = [&c, &flush, flush_bytes, pattern_value]() mutable {
      ++pattern_value;
      const auto* bytes = reinterpret_cast<const std::byte*>(&pattern_value);
      if (Status s = c.stream.fill(*flush, 0, flush_bytes, std::span(bytes, 4)); !s.ok()) return s;
      return c.stream.synchronize();
    };
  }
  auto per_iteration = warm_up(work, std::max(1, c.options.warmup_launches));
  if (per_iteration.ok()) {
    if (Status s = c.stream.synchronize(); !s.ok()) per_iteration = s;
  }
  if (!per_iteration.ok())
    return skip(results::kPerfStatusError, per_iteration.status().to_string());
  // Sized on single launches; hot mode then groups them into windows.
  const RepetitionShape shape =
      repetition_shape(c.options.mode, iterations_for(*per_iteration, c.options.min_time_s));
  request.iterations = shape.windows;
  work.launches_per_iteration = shape.launches_per_window;

  RunOutcome outcome = run_benchmark(c.reporter, request, work);
  record_outcome(record, outcome, shape.windows * shape.launches_per_window);
  const std::vector<double> launch_ns =
      judge_conditions(record, outcome, shape.windows, highest_clock, c.options.throttle_fraction);
  record.repetitions = static_cast<int64_t>(record.samples_ns.size());
  record.device_clock_mhz = current_clock(c.device);
  fill_metrics(record, launch_ns, c.options, roofline);
  judge_last_launch(record, fixture, c);
  return record;
}

std::string describe(const PerfRecord& r) {
  if (r.status != results::kPerfStatusOk)
    return fmt::format("{}: {} ({})", r.case_id, r.status, r.reason);
  return fmt::format("{}: median {:.0f} ns, cv {:.1f}%{}", r.case_id, r.median_ns, r.cv * 100,
                     r.noisy ? " NOISY" : "");
}

// Appends the cases the target's floors need (options.floor_cases), sized now that the
// roofline is known, unless the suite already has a case of the same id.
void add_floor_cases(const MeasureContext& c, const PerfHeader& h, std::vector<PerfCase>& cases) {
  if (c.options.floor_cases.empty()) return;
  auto built = floor_suite(c.options.floor_cases, h.size_class, h.roofline);
  if (const auto* error = std::get_if<SuiteError>(&built)) {
    c.progress("floors: no case for them: " + error->message);
    return;
  }
  for (PerfCase& floor_case : std::get<Suite>(built).cases) {
    const bool present = std::any_of(cases.begin(), cases.end(),
                                     [&](const PerfCase& pc) { return pc.id == floor_case.id; });
    if (present) continue;
    c.progress("floors: measuring " + floor_case.id);
    cases.push_back(std::move(floor_case));
  }
}

}  // namespace

std::string_view to_string(TimingMode mode) {
  static constexpr std::array<std::string_view, 3> kNames = {"cold", "latency", "hot"};
  return support::enum_name(kNames, mode, "cold");
}

RepetitionShape repetition_shape(TimingMode mode, int64_t launches) {
  launches = std::max<int64_t>(1, launches);
  if (mode != TimingMode::kHot) return {launches, 1};
  const int64_t windows = std::min(launches, kHotWindowsPerRepetition);
  return {windows, (launches + windows - 1) / windows};
}

std::string size_class_for_memory(std::optional<uint64_t> memory_bytes) {
  if (memory_bytes && *memory_bytes >= 32 * kGiB) return std::string(kSizeClassDatacenter);
  return std::string(kSizeClassSmall);
}

PerfResult run_perf(const Plugin& plugin, const Device& device, const Suite& suite,
                    const PerfOptions& options) {
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(options.timeout_s));
  PerfResult result;
  const DeviceProperties properties = read_device_properties(device);
  PerfHeader& h = result.header;
  h.plugin = plugin.name();
  h.plugin_version = plugin.version();
  h.plugin_library = plugin.path().string();
  h.device = to_json(properties);
  h.suite = options.suite_name.empty() ? suite.name : options.suite_name;
  h.size_class = options.size_class.empty() ? size_class_for_memory(properties.memory_bytes)
                                            : options.size_class;
  h.mode = std::string(to_string(options.mode));
  h.target = options.target_name;
  h.hwcert_version = options.hwcert_version;
  h.date = support::utc_timestamp_now();
  h.repetitions = options.repetitions;
  h.min_time_s = options.min_time_s;
  h.noisy_cv_threshold = options.noisy_cv;
  h.throttle_fraction = options.throttle_fraction;

  const support::NameFilter filter = support::NameFilter::parse(options.filter);
  CollectingReporter reporter;
  auto fail_all = [&](const std::string& reason) {
    for (const auto& perf_case : select_size_class(suite.cases, h.size_class)) {
      if (!filter.matches(perf_case.id)) continue;
      PerfRecord record = case_record(perf_case, options.mode);
      record.status = std::string(results::kPerfStatusError);
      record.reason = reason;
      result.cases.push_back(std::move(record));
    }
    result.benchmark_json = reporter.finish();
  };
  auto stream = device.create_stream();
  auto start = device.create_event();
  auto end = device.create_event();
  if (!stream.ok() || !start.ok() || !end.ok()) {
    fail_all("cannot create a stream and two events on the device");
    return result;
  }
  MeasureContext context{plugin,   device,  *stream,  *start,      *end,
                         reporter, options, deadline, h.size_class};

  if (options.measure_roofline) h.roofline = measure_roofline(context);
  if (options.measure_abi_overhead) h.abi_overhead = measure_abi_overhead(context);

  std::optional<Buffer> flush;
  if (options.mode == TimingMode::kCold) {
    h.flush_bytes = flush_bytes_for(properties);
    auto buffer = device.alloc(h.flush_bytes);
    if (buffer.ok()) {
      flush.emplace(std::move(buffer).value());
    } else {
      context.progress("cold mode: cannot allocate the flush buffer; caches are not flushed");
      h.flush_bytes = 0;
    }
  }
  std::vector<PerfCase> cases = select_size_class(suite.cases, h.size_class);
  add_floor_cases(context, h, cases);
  for (const auto& perf_case : cases) {
    if (!filter.matches(perf_case.id)) continue;
    PerfRecord record = run_case(context, perf_case, flush, h.flush_bytes, h.roofline,
                                 properties.memory_bytes, h.clock_reference_mhz);
    context.progress(describe(record));
    result.cases.push_back(std::move(record));
  }
  result.benchmark_json = reporter.finish();
  h.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return result;
}

}  // namespace hwcert::perf

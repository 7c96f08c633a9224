// `hwcert perf`: benchmarks a plugin's device with a perf suite (Google Benchmark JSON plus
// perf.json), or compares two perf.json files with a Mann-Whitney U test.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "contained_run.hpp"
#include "hwcert/conformance/output_check.hpp"
#include "hwcert/perfsuite/compare.hpp"
#include "hwcert/perfsuite/driver.hpp"
#include "hwcert/profile/load_profile.hpp"
#include "hwcert/support/error.hpp"
#include "hwcert/support/json_reader.hpp"
#include "output_files.hpp"
#include "suite_run_options.hpp"
#include "target_arg.hpp"

namespace hwcert::cli {
namespace {

struct PerfCommandOptions : SuiteRunOptions {
  bool cold = false;
  bool hot = false;
  bool latency = false;
  bool floors = false;  // also the cases the --target's floors need, sized for the device
  double min_time = 0.05;
  int repetitions = 5;
  double timeout = 1800;
  double noisy_cv = 0.05;
  double throttle_fraction = 0.9;
  std::string size_class;
  std::string out = "hwcert-perf";
  bool json = false;
  bool no_roofline = false;
  bool no_abi_overhead = false;
  bool no_output_check = false;
  std::vector<std::string> compare;
  double alpha = 0.05;
  double min_change = 0.02;
};

// The timing modes (perfsuite/README.md, "Methodology"), one flag each.
struct TimingFlag {
  const char* name;
  bool PerfCommandOptions::*member;
  const char* help;
};
constexpr TimingFlag kTimingFlags[] = {
    {"--cold", &PerfCommandOptions::cold,
     "Flush the last-level cache before every launch, one launch per event pair (default)"},
    {"--hot", &PerfCommandOptions::hot,
     "Caches warm, launches back to back: N launches between one event pair, no synchronize "
     "inside; time per launch = window / N"},
    {"--latency", &PerfCommandOptions::latency,
     "Caches warm, one launch per event pair and a synchronize after each: the latency of a "
     "launch that nothing overlaps"},
};

std::string percent(const std::optional<double>& fraction) {
  return fraction ? fmt::format("{:.1f}%", *fraction * 100) : "-";
}

std::string duration(double ns) {
  if (ns >= 1e9) return fmt::format("{:.3f} s", ns * 1e-9);
  if (ns >= 1e6) return fmt::format("{:.3f} ms", ns * 1e-6);
  if (ns >= 1e3) return fmt::format("{:.2f} us", ns * 1e-3);
  return fmt::format("{:.0f} ns", ns);
}

// NOISY, throttled repetitions left out, and the energy of a launch where power is known.
std::string case_notes(const perf::PerfRecord& r) {
  std::string notes = r.noisy ? "NOISY (cv above threshold)" : "";
  auto add = [&notes](const std::string& note) { notes += (notes.empty() ? "" : "; ") + note; };
  if (r.throttled_repetitions && *r.throttled_repetitions > 0) {
    add(fmt::format("{} throttled repetition(s){}", *r.throttled_repetitions,
                    r.throttled_samples_ns.empty() ? ", all kept" : " left out"));
  }
  if (r.energy_per_launch_j) add(fmt::format("{:.3g} J/launch", *r.energy_per_launch_j));
  return notes;
}

std::string optional_duration(const std::optional<double>& ns) {
  return ns ? duration(*ns) : "-";
}

// The run's header lines and one row per case; medians are over repetitions, the
// percentiles over every launch sample.
void print_table(const perf::PerfResult& result) {
  const perf::PerfHeader& h = result.header;
  std::cout << fmt::format("{} {} on {} - suite {} ({} sizes), {} mode, {} repetitions\n", h.plugin,
                           h.plugin_version, h.device.value("name", std::string("?")), h.suite,
                           h.size_class, h.mode, h.repetitions);
  if (h.roofline) {
    std::cout << fmt::format(
        "roofline: copy {:.2f} GB/s ({} MiB copy_d2d), matmul f32 {:.4f} TFLOP/s "
        "(n = {})\n",
        h.roofline->copy_gbps, h.roofline->copy_bytes >> 20, h.roofline->matmul_tflops,
        h.roofline->matmul_size);
  } else {
    std::cout << "roofline: not measured\n";
  }
  if (h.abi_overhead) {
    const auto& o = *h.abi_overhead;
    std::cout << fmt::format("abi_overhead: {}: launch+sync {:.3f} us, launch only {:.3f} us", o.op,
                             o.launch_sync_us, o.launch_only_us);
    if (o.direct_us) std::cout << fmt::format(", direct call {:.3f} us", *o.direct_us);
    if (o.overhead_us)
      std::cout << fmt::format(", ABI overhead {:.3f} us per launch", *o.overhead_us);
    std::cout << "\n";
  }
  std::size_t width = 4;
  for (const auto& r : result.cases) width = std::max(width, r.case_id.size());
  std::cout << fmt::format(
      "{:<{}}  {:>11}  {:>6}  {:>11}  {:>11}  {:>11}  {:>10}  {:>9}  {:>7}  {:>8}  {}\n", "case",
      width, "median", "cv", "p50", "p90", "p99", "TFLOP/s", "GB/s", "%peak", "%roof", "notes");
  for (const auto& r : result.cases) {
    if (r.status != results::kPerfStatusOk) {
      std::cout << fmt::format("{:<{}}  {}: {}\n", r.case_id, width, r.status, r.reason);
      continue;
    }
    std::cout << fmt::format(
        "{:<{}}  {:>11}  {:>5.1f}%  {:>11}  {:>11}  {:>11}  {:>10.4f}  {:>9.2f}  {:>7}  {:>8}  "
        "{}\n",
        r.case_id, width, duration(r.median_ns), r.cv * 100, optional_duration(r.p50_ns),
        optional_duration(r.p90_ns), optional_duration(r.p99_ns), r.tflops, r.gbps,
        percent(r.peak_fraction), percent(r.roofline_fraction), case_notes(r));
  }
  std::cout << fmt::format("wall time {:.1f} s\n", h.wall_seconds);
}

// Conformance's float64 oracle, tolerances and comparator on a perf launch's output.
Expected<std::string> judge_with_oracle(const OpCall& call,
                                        std::vector<std::span<const std::byte>> inputs,
                                        std::span<const std::byte> output) {
  auto checked = conformance::check_dense_output(call, std::move(inputs), 0, output);
  if (!checked.ok()) return checked.status();
  if (checked->comparison.status == conformance::CaseStatus::kPass) return std::string();
  return checked->comparison.message;
}

perf::PeakTable peaks_of(const profile::TargetProfile& target) {
  perf::PeakTable peaks;
  for (const auto& peak : target.peaks) {
    if (peak.math_mode == "strict") peaks.tflops[peak.dtype] = peak.tflops.value;
  }
  if (target.memory.bandwidth_gbps) peaks.bandwidth_gbps = target.memory.bandwidth_gbps->value;
  return peaks;
}

std::vector<perf::FloorCase> floor_cases_of(const profile::TargetProfile& target) {
  std::vector<perf::FloorCase> cases;
  for (const auto& f : target.floors) {
    cases.push_back({perf::floor_case_name(f.case_pattern, f.op), f.op, f.dtype, f.math_mode});
  }
  return cases;
}

std::optional<nlohmann::json> read_json(const std::string& path) {
  try {
    return support::read_json_file(path);
  } catch (const support::Error& e) {
    print_error(e.what());
    return std::nullopt;
  }
}

int run_compare(const PerfCommandOptions& options) {
  auto baseline = read_json(options.compare[0]);
  auto contender = read_json(options.compare[1]);
  if (!baseline || !contender) return kExitUsage;
  perf::CompareOptions compare;
  compare.alpha = options.alpha;
  compare.min_relative_change = options.min_change;
  const perf::Comparison result = perf::compare_results(*baseline, *contender, compare);
  bool any_slower = false;
  for (const auto& c : result.cases) any_slower = any_slower || c.verdict == perf::Verdict::kSlower;
  if (options.json) {
    std::cout << perf::to_json(result).dump(2) << "\n";
    return any_slower ? kExitFailures : kExitOk;
  }
  std::size_t width = 4;
  for (const auto& c : result.cases) width = std::max(width, c.case_id.size());
  std::cout << fmt::format("{:<{}}  {:>11}  {:>11}  {:>7}  {:>16}  {:>8}  {}\n", "case", width,
                           "baseline", "contender", "ratio",
                           fmt::format("{:.0f}% CI", 100 * (1 - options.alpha)), "p", "verdict");
  for (const auto& c : result.cases) {
    const std::string interval =
        c.ratio_ci_low && c.ratio_ci_high
            ? fmt::format("[{:.3f}, {:.3f}]", *c.ratio_ci_low, *c.ratio_ci_high)
            : "-";
    std::cout << fmt::format("{:<{}}  {:>11}  {:>11}  {:>7.3f}  {:>16}  {:>8.4f}  {}{}\n",
                             c.case_id, width, duration(c.baseline_median_ns),
                             duration(c.contender_median_ns), c.median_ratio, interval, c.p_value,
                             perf::to_string(c.verdict), c.note.empty() ? "" : " (" + c.note + ")");
  }
  for (const auto& id : result.only_in_baseline) std::cout << "only in baseline: " << id << "\n";
  for (const auto& id : result.only_in_contender) std::cout << "only in contender: " << id << "\n";
  return any_slower ? kExitFailures : kExitOk;
}

// Writes benchmark.json and perf.json into --out and prints the table (or perf.json). Exit 1
// when a case failed or timed out.
int write_perf_results(const PerfCommandOptions& options, const perf::PerfResult& result) {
  const std::filesystem::path out(options.out);
  const nlohmann::json perf_json = results::to_json(result);
  if (!write_output_files({{out / "benchmark.json", result.benchmark_json},
                           {out / "perf.json", perf_json.dump(2) + "\n"}})) {
    return kExitInternal;
  }
  if (options.json) {
    std::cout << perf_json.dump(2) << "\n";
  } else {
    print_table(result);
    std::cout << fmt::format("wrote {} and {}\n", (out / "benchmark.json").string(),
                             (out / "perf.json").string());
  }
  for (const auto& record : result.cases) {
    if (record.status == results::kPerfStatusError ||
        record.status == results::kPerfStatusTimeout) {
      return kExitFailures;
    }
  }
  return kExitOk;
}

int run_perf_command(const Context& context, const PerfCommandOptions& options) {
  if (!options.compare.empty()) return run_compare(options);
  if (options.plugin.empty()) {
    print_error("--plugin is required (or --compare A.json B.json)");
    return kExitUsage;
  }
  const auto modes = std::count_if(std::begin(kTimingFlags), std::end(kTimingFlags),
                                   [&](const TimingFlag& f) { return options.*f.member; });
  if (modes > 1) {
    print_error("--cold, --hot and --latency exclude each other");
    return kExitUsage;
  }
  if (options.repetitions < 1 || options.min_time <= 0 || options.timeout <= 0) {
    print_error("--repetitions, --min-time and --timeout must be positive");
    return kExitUsage;
  }
  const auto suite_file =
      perf::resolve_suite(options.suite, perf::default_suites_dir(context.executable));
  auto loaded = perf::load_suite(suite_file);
  if (auto* error = std::get_if<perf::SuiteError>(&loaded)) {
    print_error(error->message);
    return kExitUsage;
  }
  const perf::Suite& suite = std::get<perf::Suite>(loaded);

  perf::PerfOptions run;
  run.filter = options.filter;
  run.mode = options.hot       ? perf::TimingMode::kHot
             : options.latency ? perf::TimingMode::kLatency
                               : perf::TimingMode::kCold;
  run.min_time_s = options.min_time;
  run.repetitions = options.repetitions;
  run.timeout_s = options.timeout;
  run.noisy_cv = options.noisy_cv;
  run.throttle_fraction = options.throttle_fraction;
  run.size_class = options.size_class;
  run.measure_roofline = !options.no_roofline;
  run.measure_abi_overhead = !options.no_abi_overhead;
  if (!options.no_output_check) run.judge_output = judge_with_oracle;
  run.suite_name = suite.name;
  run.hwcert_version = version_string();
  run.progress = [](const std::string& line) { std::cerr << "perf: " << line << "\n"; };
  if (options.floors && options.target.empty()) {
    print_error("--floors measures what a target's floors need: give the --target");
    return kExitUsage;
  }
  if (!options.target.empty()) {
    std::string error;
    const auto target = load_target(options.target, &error);
    if (!target) {
      print_error(error);
      return kExitUsage;
    }
    run.peaks = peaks_of(*target);
    run.target_name = target->id;
    if (options.floors) run.floor_cases = floor_cases_of(*target);
  }

  // The plugin is loaded and driven in a child process: a crash or a launch that never
  // returns ends the child (reported, exit 1), not hwcert. The child stops starting cases at
  // --timeout; it is killed when it runs past that by a margin.
  const double limit_s = std::min(1e9, options.timeout + std::max(10.0, 0.1 * options.timeout));
  const auto limit = std::chrono::seconds(static_cast<int64_t>(std::ceil(limit_s)));
  return run_contained("perf run", limit, [&]() -> int {
    const std::optional<Device> device =
        open_device_or_report(context, options.plugin, options.device);
    if (!device) return kExitPluginLoad;
    return write_perf_results(options, perf::run_perf(device->plugin(), *device, suite, run));
  });
}

}  // namespace

void register_perf(CLI::App& app, Context& context) {
  auto [command, options] = add_command<PerfCommandOptions>(
      app, context, "perf", "Benchmark a device with a perf suite, or compare two perf.json files",
      run_perf_command);
  add_suite_run_options(
      *command, *options,
      "Target profile (id or TOML path): report each case's fraction of its peak");
  command->add_flag("--floors", options->floors,
                    "Also time what the --target profile's floors need, at sizes that suit the "
                    "device (a large matmul of the size class; copies of the roofline's size)");
  for (const TimingFlag& flag : kTimingFlags) {
    command->add_flag(flag.name, (*options).*flag.member, flag.help);
  }
  command->add_option("--min-time", options->min_time,
                      "Seconds of launches per repetition (default 0.05)");
  command->add_option("--repetitions", options->repetitions, "Repetitions per case (default 5)");
  command->add_option("--timeout", options->timeout, "Seconds for the whole run (default 1800)");
  command->add_option(
      "--noisy-cv", options->noisy_cv,
      "Coefficient of variation above which a case is flagged noisy (default 0.05)");
  command
      ->add_option("--throttle-fraction", options->throttle_fraction,
                   "A repetition whose clock is below this fraction of the highest clock seen is "
                   "throttled and left out of the statistics (default 0.9; 0: none)")
      ->check(CLI::Range(0.0, 1.0));
  command
      ->add_option("--size-class", options->size_class,
                   "small or datacenter (default: from the device's memory size)")
      ->check(CLI::IsMember({"small", "datacenter"}));
  command->add_option("-o,--out", options->out,
                      "Folder for benchmark.json and perf.json (default hwcert-perf)");
  command->add_flag("--json", options->json,
                    "Print perf.json (or the comparison) instead of a table");
  command->add_flag("--no-roofline", options->no_roofline,
                    "Skip measuring copy bandwidth and matmul rate");
  command->add_flag("--no-abi-overhead", options->no_abi_overhead,
                    "Skip measuring the ABI's launch cost");
  command->add_flag("--no-output-check", options->no_output_check,
                    "Do not judge each case's last timed launch against the float64 oracle (a "
                    "wrong result otherwise makes the case fail)");
  command
      ->add_option("--compare", options->compare, "Compare two perf.json files: BASELINE CONTENDER")
      ->expected(2);
  command->add_option("--alpha", options->alpha, "Significance level of the U test (default 0.05)");
  command->add_option(
      "--min-change", options->min_change,
      "Relative median change below which a significant difference is 'same' (0.02)");
}

}  // namespace hwcert::cli

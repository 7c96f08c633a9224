// `hwcert stability`: the perf suite's op cases and small zoo models as a sustained load on
// several streams for a duration, outputs checked against the float64 oracle (the models'
// against their float64 chain) in every interval, throughput, memory, clock and power sampled;
// writes stability.json and judges it against the bounds.
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "contained_run.hpp"
#include "hwcert/perfsuite/suite.hpp"
#include "hwcert/stability/run.hpp"
#include "hwcert/support/error.hpp"
#include "hwcert/support/glob.hpp"
#include "model_args.hpp"
#include "output_files.hpp"
#include "suite_run_options.hpp"
#include "target_arg.hpp"

namespace hwcert::cli {
namespace {

struct StabilityCommandOptions : SuiteRunOptions {
  std::optional<double> duration;
  std::optional<double> interval;
  std::optional<double> max_drift;
  std::optional<double> max_growth_mib;
  uint32_t streams = 4;
  std::vector<std::string> models = {"resnet50_small", "llama_small_decode"};
  uint64_t seed = 1;
  std::string out = "hwcert-stability";
  bool json = false;
};

// The bounds: the --target profile's [stability] (or the defaults), then the flags.
std::optional<results::StabilityBounds> bounds_of(const StabilityCommandOptions& options) {
  results::StabilityBounds bounds;
  if (!options.target.empty()) {
    std::string error;
    const auto target = load_target(options.target, &error);
    if (!target) {
      print_error(error);
      return std::nullopt;
    }
    bounds = target->stability;
  }
  if (options.duration) bounds.duration_s = *options.duration;
  if (options.max_drift) bounds.max_throughput_drift = *options.max_drift;
  if (options.max_growth_mib) bounds.max_memory_growth_mib = *options.max_growth_mib;
  return bounds;
}

std::optional<std::vector<perf::PerfCase>> load_cases(const Context& context,
                                                      const StabilityCommandOptions& options,
                                                      std::string* suite_name) {
  const auto file =
      perf::resolve_suite(options.suite, perf::default_suites_dir(context.executable));
  auto loaded = perf::load_suite(file);
  if (auto* error = std::get_if<perf::SuiteError>(&loaded)) {
    print_error(error->message);
    return std::nullopt;
  }
  const perf::Suite& suite = std::get<perf::Suite>(loaded);
  *suite_name = suite.name;
  const support::NameFilter filter = support::NameFilter::parse(options.filter);
  std::vector<perf::PerfCase> cases;
  for (const perf::PerfCase& c : perf::select_size_class(suite.cases, perf::kSizeClassSmall)) {
    if (filter.matches(c.id)) cases.push_back(c);
  }
  if (cases.empty()) {
    print_error(
        fmt::format("no case of suite {} matches --filter '{}'", suite.name, options.filter));
    return std::nullopt;
  }
  return cases;
}

// The --models graphs, parsed; an empty list when the option was given as "none".
std::optional<std::vector<model::Graph>> load_models(const Context& context,
                                                     const StabilityCommandOptions& options) {
  std::vector<model::Graph> graphs;
  for (const std::string& name : options.models) {
    if (name == "none") continue;
    std::optional<model::Graph> graph = read_model(context, name);
    if (!graph) return std::nullopt;
    graphs.push_back(std::move(*graph));
  }
  return graphs;
}

void print_summary(const results::StabilityRun& run) {
  const auto& t = run.totals;
  const auto figure = [](const std::optional<double>& v, const char* format) {
    return v ? fmt::format(fmt::runtime(format), *v) : std::string("not measured");
  };
  std::cout << fmt::format("{} {}: {} cases on {} streams for {:.1f} s\n", run.plugin,
                           run.plugin_version, run.cases.size(), run.streams, run.wall_seconds);
  std::cout << fmt::format(
      "launches {}, checks {}, wrong {}, NaN {}, errors {}, device losses {}\n", t.launches,
      t.checks, t.wrong_results, t.nan_results, t.launch_errors, t.device_losses);
  std::cout << fmt::format(
      "throughput drift {}, resident memory growth {}, device memory "
      "growth {}\n",
      figure(
          run.throughput_drift ? std::optional<double>(*run.throughput_drift * 100) : std::nullopt,
          "{:.1f}%"),
      figure(run.host_memory_growth_mib, "{:.1f} MiB"),
      figure(run.device_memory_growth_mib, "{:.1f} MiB"));
  for (const std::string& line : run.wrong_examples) std::cout << "  " << line << "\n";
  std::cout << (run.passed ? "PASS" : "FAIL") << "\n";
  for (const std::string& line : run.failures) std::cout << "  " << line << "\n";
}

int write_stability(const StabilityCommandOptions& options, const results::StabilityRun& run) {
  const std::filesystem::path out(options.out);
  const nlohmann::json document = results::to_json(run);
  if (!write_output_files({{out / "stability.json", document.dump(2) + "\n"}}))
    return kExitInternal;
  if (options.json) {
    std::cout << document.dump(2) << "\n";
  } else {
    print_summary(run);
    std::cout << "wrote " << (out / "stability.json").string() << "\n";
  }
  return run.passed ? kExitOk : kExitFailures;
}

int run_stability_command(const Context& context, const StabilityCommandOptions& options) {
  if (options.plugin.empty()) {
    print_error("--plugin is required");
    return kExitUsage;
  }
  const auto bounds = bounds_of(options);
  if (!bounds) return kExitUsage;
  if (!(bounds->duration_s > 0) || options.streams < 1 ||
      (options.interval && !(*options.interval > 0))) {
    print_error("--duration, --interval and --streams must be positive");
    return kExitUsage;
  }
  stability::RunOptions run;
  run.bounds = *bounds;
  run.interval_s = options.interval.value_or(std::min(1.0, bounds->duration_s / 8));
  run.streams = options.streams;
  run.seed = options.seed;
  run.hwcert_version = version_string();
  if (!options.json)
    run.progress = [](const std::string& line) { std::cerr << "stability: " << line << "\n"; };
  const auto cases = load_cases(context, options, &run.suite_name);
  if (!cases) return kExitUsage;
  auto models = load_models(context, options);
  if (!models) return kExitUsage;
  run.models = std::move(*models);
  // The plugin is driven in a child process: a crash or a hang ends the child, not hwcert.
  const auto limit =
      std::chrono::seconds(static_cast<int64_t>(std::ceil(bounds->duration_s * 1.5 + 60)));
  return run_contained("stability run", limit, [&]() -> int {
    const std::optional<Device> device =
        open_device_or_report(context, options.plugin, options.device);
    if (!device) return kExitPluginLoad;
    auto result = stability::run_stability(*device, *cases, run);
    if (!result) {
      print_error(fmt::format("stability run: {}", result.status().message()));
      return kExitFailures;
    }
    return write_stability(options, *result);
  });
}

}  // namespace

void register_stability(CLI::App& app, Context& context) {
  auto [command, options] = add_command<StabilityCommandOptions>(
      app, context, "stability",
      "Run a sustained, checked multi-stream load and judge its stability", run_stability_command);
  add_suite_run_options(*command, *options,
                        "Target profile (id or TOML path) whose [stability] table sets the bounds");
  command->add_option("--duration", options->duration,
                      "Seconds of load (default: the --target's [stability] duration_s, else 60)");
  command->add_option("--interval", options->interval,
                      "Seconds per sample (default: 1, or duration/8 when shorter)");
  command->add_option("--streams", options->streams, "Streams loaded at once (default 4)");
  command
      ->add_option("--models", options->models,
                   "Zoo models (or graph files) in the load, comma-separated, each on a stream "
                   "of its own; 'none' for ops only (default resnet50_small,llama_small_decode)")
      ->delimiter(',');
  command
      ->add_option("--max-drift", options->max_drift,
                   "Fraction of throughput that may be lost, last intervals vs first (0 < F < 1)")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            const double value = std::strtod(text.c_str(), nullptr);
            return value > 0 && value < 1 ? "" : "must be above 0 and below 1";
          },
          "FRACTION"));
  command->add_option("--max-memory-growth-mib", options->max_growth_mib,
                      "MiB that resident (and device) memory may grow");
  command->add_option("--seed", options->seed, "Seed of the input data (default 1)");
  command->add_option("-o,--out", options->out,
                      "Folder for stability.json (default hwcert-stability)");
  command->add_flag("--json", options->json, "Print stability.json instead of a summary");
}

}  // namespace hwcert::cli

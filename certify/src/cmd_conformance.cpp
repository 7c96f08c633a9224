// `hwcert conformance`: runs a suite through a plugin, one worker process per device, with a
// journal (--resume), waivers, filters and shards; writes results JSON and JUnit XML.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

#include "commands.hpp"
#include "device_options.hpp"
#include "hwcert/conformance/execute_case.hpp"
#include "hwcert/conformance/input_generator.hpp"
#include "hwcert/conformance/suite.hpp"
#include "hwcert/runner/conformance_run.hpp"
#include "hwcert/runner/result_json.hpp"
#include "hwcert/runner/shard.hpp"
#include "hwcert/runner/tensor_files.hpp"
#include "hwcert/runner/waivers.hpp"
#include "hwcert/support/child_process.hpp"
#include "hwcert/support/glob.hpp"
#include "plugin_probe.hpp"

namespace hwcert::cli {
namespace {

using conformance::Case;
using conformance::CaseResult;
using conformance::CaseStatus;

struct ConformanceOptions {
  std::string plugin;
  std::string device = "0";  // index or "all"
  std::string suite = "smoke";
  std::string filter;
  std::optional<uint64_t> seed;
  bool resume = false;
  std::string out;
  bool json = false;
  std::string waivers;
  std::string dump_failures;
  bool api = false;
  bool list = false;
  double case_timeout_s = 30;
  std::optional<uint32_t> total_shards;
  std::optional<uint32_t> shard_index;
};

// Per-case seeds derive from --seed and the suite's own seed, so a changed --seed changes
// every input while each case stays reproducible from its printed line.
uint64_t reseed(uint64_t run_seed, uint64_t case_seed) {
  return conformance::splitmix64(run_seed ^ conformance::splitmix64(case_seed));
}

std::string sanitize_for_path(std::string text) {
  for (char& c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    if (!keep) c = '_';
  }
  return text;
}

bool env_flag(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

Expected<uint32_t> device_count_in_worker(const std::filesystem::path& library) {
  const PluginProbe probe = probe_plugin(library, [](Plugin& plugin) {
    auto count = plugin.device_count();
    return count.ok() ? nlohmann::json{{"device_count", *count}}
                      : nlohmann::json{{"error", "device_count: " + count.status().to_string()}};
  });
  if (!probe.loaded) return Status(StatusCode::kInternal, probe.error);
  if (probe.description.contains("error")) {
    return Status(StatusCode::kInternal, probe.description["error"].get<std::string>());
  }
  return probe.description["device_count"].get<uint32_t>();
}

// The API conformance tests live in their own GoogleTest binary installed beside hwcert; it
// runs in a child process so that a plugin that crashes on a bad argument cannot take hwcert
// down. Exit 0 when every check passed, 1 when one failed or the binary died, 3 when the
// plugin does not load or has no device (nothing tested is never a pass).
int run_api_conformance(const Context& context, const std::string& plugin_arg,
                        const std::string& device, const std::string& filter) {
  auto resolved = resolve_plugin(plugin_arg, context.discovery);
  if (auto* error = std::get_if<LoadError>(&resolved)) {
    print_error(error->message);
    return kExitPluginLoad;
  }
  const auto library = std::filesystem::absolute(std::get<PluginCandidate>(resolved).library);
  const std::filesystem::path binary = context.executable.parent_path() / "hwcert-api-conformance";
  if (!std::filesystem::exists(binary)) {
    print_error("the API conformance binary is not installed: " + binary.string());
    return kExitInternal;
  }
  std::vector<std::string> args = {binary.string(), "--plugin=" + library.string()};
  if (device != "all") args.push_back("--device=" + device);
  if (!filter.empty()) args.push_back("--gtest_filter=" + filter);
  support::ChildOptions inherit_all;  // the tests print to hwcert's stdout and stderr
  inherit_all.stdin_from_null = false;
  const support::ChildExit exit = support::ChildProcess::run_program(args, inherit_all).wait();
  if (exit.kind == support::ChildExit::Kind::kNotStarted) {
    print_error("cannot start " + binary.string());
    return kExitInternal;
  }
  if (exit.kind == support::ChildExit::Kind::kSignaled) {
    print_error("API conformance tests died: " + support::describe_signal(exit.signal_number));
    return kExitFailures;
  }
  if (exit.exit_code == 3) return kExitPluginLoad;
  if (exit.exit_code == 77) {  // the plugin has no device here: nothing was tested
    print_error(fmt::format("{}: no device to run the API conformance tests on", library.string()));
    return kExitPluginLoad;
  }
  return exit.succeeded() ? kExitOk : kExitFailures;
}

void print_summary(const runner::RunReport& report, uint32_t device_index) {
  const std::string plugin = report.plugin.value("name", "?");
  std::cout << fmt::format("\n{} {} — device {}: {}\n", plugin, report.plugin.value("version", ""),
                           device_index, report.device.value("name", "?"));
  if (report.resumed_cases > 0) {
    std::cout << fmt::format("  ({} case(s) taken from the journal of an interrupted run)\n",
                             report.resumed_cases);
  }
  std::cout << "  status        cases\n";
  std::size_t total = 0;
  for (const auto& [status, count] : report.counts) {
    total += count;
    if (count > 0) std::cout << fmt::format("  {:<12} {:>6}\n", status, count);
  }
  std::cout << fmt::format("  {:<12} {:>6}\n", "total", total);
  bool header = false;
  for (const CaseResult& r : report.results) {
    if (results::is_acceptable(r.status)) continue;
    if (!header) {
      std::cout << "\nFailing cases (reproduce with the line after each):\n";
      header = true;
    }
    std::cout << fmt::format("  {} {}: {}\n    {}\n", conformance::to_string(r.status), r.case_id,
                             r.message, r.reproducer);
  }
  for (const CaseResult& r : report.results) {
    if (r.status == CaseStatus::kXPass) {
      std::cout << fmt::format("  xpass {}: {}\n", r.case_id, r.message);
    }
  }
  for (const std::string& warning : report.warnings)
    std::cerr << "hwcert: warning: " << warning << "\n";
  std::cout << fmt::format("\nresults: {}\njunit:   {}\nlog:     {}\n",
                           report.results_json.string(), report.junit_xml.string(),
                           report.worker_log.string());
}

// The suite's cases that pass the filter and belong to this shard, reseeded by --seed.
// Returns kExitOk, or the exit code of a bad shard, suite or filter (printed).
int select_cases(const Context& context, const ConformanceOptions& options,
                 const runner::Shard& shard, const support::NameFilter& filter,
                 std::vector<Case>* selected) {
  auto suite = conformance::load_named_suite(options.suite, context.executable);
  if (!suite.ok()) {
    print_error(suite.status().message());
    return kExitUsage;
  }
  std::size_t position = 0;
  for (Case& c : suite->cases) {
    if (!filter.matches(c.id)) continue;
    if (shard.owns(position++)) {
      if (options.seed.value_or(0) != 0) c.seed = reseed(*options.seed, c.seed);
      selected->push_back(std::move(c));
    }
  }
  return kExitOk;
}

// The devices to run: every device the plugin reports (asked in a worker) for "all", else
// the one index. Returns kExitOk, or the exit code of the problem (printed).
int resolve_devices(const ConformanceOptions& options, const PluginCandidate& candidate,
                    const std::filesystem::path& library, std::vector<uint32_t>* devices) {
  if (options.device != "all") {
    try {
      std::size_t used = 0;
      const unsigned long index = std::stoul(options.device, &used);
      if (used != options.device.size()) throw std::invalid_argument(options.device);
      devices->push_back(static_cast<uint32_t>(index));
      return kExitOk;
    } catch (const std::exception&) {
      print_error("--device must be a device index or 'all', not '" + options.device + "'");
      return kExitUsage;
    }
  }
  auto count = device_count_in_worker(library);
  if (!count.ok()) {
    print_error(count.status().message());
    return kExitPluginLoad;
  }
  if (*count > kMaxDevices) {
    print_error(
        fmt::format("plugin {} reports {} devices, more than the {} devices hwcert "
                    "accepts; the plugin's device_count is broken",
                    candidate.name, *count, kMaxDevices));
    return kExitPluginLoad;
  }
  for (uint32_t i = 0; i < *count; ++i) devices->push_back(i);
  if (devices->empty()) {
    const char* require = std::getenv("HWCERT_REQUIRE_DEVICES");
    const bool required = require != nullptr && std::string_view(require) == "1";
    print_error(
        fmt::format("plugin {} reports no devices{}", candidate.name,
                    required ? " (HWCERT_REQUIRE_DEVICES=1: this runner must have one)" : ""));
    return kExitPluginLoad;
  }
  return kExitOk;
}

// Everything one device's run shares with the others.
struct ConformancePlan {
  runner::Shard shard;
  std::string filter_text;
  std::vector<Case> cases;
  std::vector<runner::Waiver> waivers;
  PluginCandidate candidate;
  std::filesystem::path library;  // absolute
  std::size_t device_count = 1;
};

runner::RunOptions device_run_options(const ConformanceOptions& options,
                                      const ConformancePlan& plan, uint32_t device_index) {
  runner::RunOptions run;
  run.identity.suite = options.suite;
  run.identity.filter = plan.filter_text;
  run.identity.shard = plan.shard;
  run.identity.seed = options.seed.value_or(0);
  run.identity.plugin = plan.library.string();
  run.identity.device_index = device_index;
  run.identity.case_count = plan.cases.size();
  run.plugin_library = plan.library;
  run.plugin_name = options.plugin;
  run.cases = plan.cases;
  std::filesystem::path out = options.out.empty()
                                  ? std::filesystem::path("hwcert-results") /
                                        sanitize_for_path(fmt::format(
                                            "conformance-{}-{}", plan.candidate.name, device_index))
                                  : std::filesystem::path(options.out);
  if (!options.out.empty() && plan.device_count > 1) out /= fmt::format("device-{}", device_index);
  run.out_dir = out;
  run.resume = options.resume;
  run.case_timeout = std::chrono::milliseconds(static_cast<int64_t>(options.case_timeout_s * 1000));
  run.waivers = plan.waivers;
  run.run_waived = env_flag("HWCERT_RUN_WAIVED");
  run.show_progress = !options.json && ::isatty(STDERR_FILENO);
  run.hwcert_version = version_string();
  conformance::ExecuteOptions execute;
  // Reproducers name the plugin as the user did, so the printed line runs as it is.
  execute.plugin_name = options.plugin;
  execute.device_index = device_index;
  const std::filesystem::path dump_dir = options.dump_failures;
  run.executor = [execute, dump_dir](const Device& device, const Case& c) {
    CaseResult result = conformance::execute_case(device, c, execute);
    if (!dump_dir.empty() && !results::is_acceptable(result.status) &&
        result.status != CaseStatus::kCrash && result.status != CaseStatus::kTimeout) {
      runner::dump_failure(device, c, dump_dir, &result);
    }
    return result;
  };
  return run;
}

// Runs the plan on each device in turn; prints each summary (or one JSON document).
int run_devices(const ConformanceOptions& options, const ConformancePlan& plan,
                const std::vector<uint32_t>& devices) {
  bool all_acceptable = true;
  nlohmann::json json_out = nlohmann::json::array();
  for (const uint32_t device_index : devices) {
    auto report = runner::run_conformance(device_run_options(options, plan, device_index));
    if (!report.ok()) {
      print_error(report.status().message());
      return report.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitInternal;
    }
    if (report->plugin_load_failed) {
      print_error(report->load_error);
      return kExitPluginLoad;
    }
    all_acceptable = all_acceptable && report->all_acceptable;
    if (options.json) {
      json_out.push_back({{"device_index", device_index},
                          {"results_file", report->results_json.string()},
                          {"junit_file", report->junit_xml.string()},
                          {"summary", report->counts},
                          {"passed", report->all_acceptable},
                          {"warnings", report->warnings},
                          {"results", report->document["results"]}});
    } else {
      print_summary(*report, device_index);
    }
  }
  if (options.json) std::cout << nlohmann::json{{"runs", json_out}}.dump(2) << "\n";
  return all_acceptable ? kExitOk : kExitFailures;
}

int run_conformance_command(const Context& context, const ConformanceOptions& options) {
  // Shard, filter and suite first: input errors are reported before any plugin work.
  auto shard =
      runner::resolve_shard(options.total_shards, options.shard_index,
                            std::getenv("GTEST_TOTAL_SHARDS"), std::getenv("GTEST_SHARD_INDEX"));
  if (!shard.ok()) {
    print_error(shard.status().message());
    return kExitUsage;
  }
  if (options.api) {
    if (options.plugin.empty()) {
      print_error("--api needs --plugin");
      return kExitUsage;
    }
    return run_api_conformance(context, options.plugin, options.device, options.filter);
  }
  ConformancePlan plan;
  plan.shard = *shard;
  const support::NameFilter filter = support::NameFilter::parse(options.filter);
  plan.filter_text = filter.text();
  if (int code = select_cases(context, options, plan.shard, filter, &plan.cases); code != kExitOk) {
    return code;
  }
  if (options.list) {
    for (const Case& c : plan.cases) std::cout << c.id << "\n";
    return kExitOk;
  }
  if (options.plugin.empty()) {
    print_error("--plugin is required (a name from `hwcert plugins` or a path)");
    return kExitUsage;
  }
  if (!options.waivers.empty()) {
    auto loaded = runner::load_waivers(options.waivers);
    if (!loaded.ok()) {
      print_error(loaded.status().message());
      return kExitUsage;
    }
    plan.waivers = std::move(*loaded);
  }
  if (!(options.case_timeout_s > 0 && options.case_timeout_s <= 1e6)) {  // NaN, inf, overflow
    print_error("--case-timeout must be a positive number of seconds, at most 1000000");
    return kExitUsage;
  }
  // The plugin is resolved here but loaded only in worker processes.
  auto resolved = resolve_plugin(options.plugin, context.discovery);
  if (auto* error = std::get_if<LoadError>(&resolved)) {
    print_error(error->message);
    return kExitPluginLoad;
  }
  plan.candidate = std::get<PluginCandidate>(resolved);
  plan.library = std::filesystem::absolute(plan.candidate.library);
  std::vector<uint32_t> devices;
  if (int code = resolve_devices(options, plan.candidate, plan.library, &devices);
      code != kExitOk) {
    return code;
  }
  plan.device_count = devices.size();
  return run_devices(options, plan, devices);
}

}  // namespace

void register_conformance(CLI::App& app, Context& context) {
  auto [command, options] = add_command<ConformanceOptions>(
      app, context, "conformance",
      "Run a conformance suite through a plugin (each device in worker processes)",
      run_conformance_command);
  add_plugin_option(*command, options->plugin);
  command->add_option("--device", options->device, "Device index or 'all' (default 0)");
  command->add_option("--suite", options->suite,
                      "Suite name (smoke, core) or path to a suite .toml");
  command->add_option("--filter", options->filter,
                      "gtest-style case filter: 'POS1:POS2-NEG1:NEG2' with * and ?");
  command->add_option(
      "--seed", options->seed,
      "Run seed mixed into every case seed (0, the default: the suite's own seeds)");
  command->add_flag("--resume", options->resume,
                    "Finish an interrupted run from its journal in the output directory");
  command->add_option("-o,--out", options->out,
                      "Output directory (default hwcert-results/conformance-<plugin>-<device>)");
  command->add_flag("--json", options->json, "Machine-readable summary on stdout");
  command->add_option("--dump-failures", options->dump_failures,
                      "Write inputs, expected and actual outputs of failing cases as .npy here");
  command->add_flag("--api", options->api, "Run the API (ABI contract) conformance tests instead");
  command->add_flag("--list", options->list, "Print the ids of the selected cases and exit");
  add_case_options(*command, options->waivers, options->case_timeout_s);
  command->add_option("--total-shards", options->total_shards,
                      "Number of shards (default: GTEST_TOTAL_SHARDS or 1)");
  command->add_option("--shard-index", options->shard_index,
                      "This shard, 0-based (default: GTEST_SHARD_INDEX or 0)");
}

}  // namespace hwcert::cli

// `hwcert certify`: API conformance, the conformance suite, the perf suite and a stability run
// for one device of one plugin, judged against a target profile, written as a (signed)
// result bundle.
//
// Each stage runs as a child `hwcert` process (the same binary), so a plugin that crashes
// or hangs costs at most that stage, and the stage's own isolation, journal and output files
// are reused unchanged. The bundle is assembled in a staging directory beside --out and
// renamed into place only when complete: an interrupted certify never leaves half a bundle.
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "device_options.hpp"
#include "hwcert/bundle/archive.hpp"
#include "hwcert/bundle/error.hpp"
#include "hwcert/bundle/sha256.hpp"
#include "hwcert/bundle/sign_verify.hpp"
#include "hwcert/profile/evaluate.hpp"
#include "hwcert/profile/load_profile.hpp"
#include "hwcert/reports/bundle_io.hpp"
#include "hwcert/results/json_io.hpp"
#include "hwcert/results/stability_record.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/child_process.hpp"
#include "hwcert/support/json_reader.hpp"
#include "hwcert/support/timestamp.hpp"

namespace hwcert::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CertifyOptions {
  std::string plugin;
  uint32_t device = 0;
  std::string target;
  std::string level = "core";
  std::string out;
  std::string suite = "core";
  std::string perf_suite = "smoke";
  std::string waivers;
  std::string key;
  std::string archive;
  std::string availability = "preview";
  double case_timeout_s = 30;
  uint64_t seed = 0;  // the certifier's challenge seed; 0: the suites' own seeds
  bool skip_perf = false;
  bool skip_stability = false;
  bool force = false;
  bool json_output = false;
};

// Runs `args` with stdout and stderr appended to `log`; returns the exit status, or
// 128 + signal when it died on one (127: it did not start).
int run_logged(const std::vector<std::string>& args, const fs::path& log) {
  support::ChildOptions options;
  options.stdout_target = support::OutputTarget::append_to(log);
  options.stderr_target = support::OutputTarget::same_as_stdout();
  return support::ChildProcess::run_program(args, options).wait().shell_status();
}

std::string first_line_of(const fs::path& file, std::string_view prefix) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) {
      const auto colon = line.find(':');
      std::string value = colon == std::string::npos ? line : line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      return value;
    }
  }
  return "";
}

json host_description() {
  json host;
  char name[256] = {};
  gethostname(name, sizeof(name) - 1);
  host["hostname"] = name;
  utsname uts{};
  if (uname(&uts) == 0) {
    host["os"] = fmt::format("{} {} {}", uts.sysname, uts.release, uts.machine);
  }
  std::string pretty = first_line_of("/etc/os-release", "PRETTY_NAME=");
  if (!pretty.empty()) {
    const auto eq = pretty.find('=');
    pretty = eq == std::string::npos ? pretty : pretty.substr(eq + 1);
    std::erase(pretty, '"');
    host["distribution"] = pretty;
  }
  host["cpu"] = first_line_of("/proc/cpuinfo", "model name");
  host["logical_cpus"] = sysconf(_SC_NPROCESSORS_ONLN);
  host["memory_bytes"] = static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) *
                         static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
  return host;
}

// The API conformance binary's gtest JSON: {"tests": N, "failures": F, ...}.
struct ApiOutcome {
  bool ran = false;
  int tests = 0;
  int failures = 0;
  std::vector<std::string> failed;
  std::string problem;
};

ApiOutcome run_api_stage(const Context& context, const fs::path& library, uint32_t device,
                         const fs::path& staging) {
  ApiOutcome outcome;
  const fs::path binary = context.executable.parent_path() / "hwcert-api-conformance";
  if (!fs::exists(binary)) {
    outcome.problem = "API conformance binary not installed: " + binary.string();
    return outcome;
  }
  const fs::path report = staging / "api-conformance.json";
  const int status =
      run_logged({binary.string(), "--plugin=" + library.string(),
                  fmt::format("--device={}", device), "--gtest_output=json:" + report.string()},
                 staging / "logs" / "api-conformance.log");
  if (!fs::exists(report)) {
    outcome.problem = fmt::format("API conformance ended with status {} and no report", status);
    return outcome;
  }
  const json doc = support::read_json_file(report);
  outcome.ran = true;
  outcome.tests = doc.value("tests", 0);
  outcome.failures = doc.value("failures", 0);
  for (const auto& suite : doc.value("testsuites", json::array())) {
    for (const auto& test : suite.value("testsuite", json::array())) {
      if (test.contains("failures")) {
        outcome.failed.push_back(suite.value("name", "") + "." + test.value("name", ""));
      }
    }
  }
  if (status != 0 && outcome.failures == 0) {
    outcome.problem = fmt::format("API conformance exited with status {}", status);
  }
  return outcome;
}

json system_description(const CertifyOptions& options, const json& conformance_doc,
                        const fs::path& library) {
  json system;
  system["format_version"] = results::kBundleFormatVersion;
  system["hwcert_version"] = version_string();
  system["created"] = support::utc_timestamp_now();
  system["availability"] = options.availability;
  // The challenge seed, so anyone holding the bundle can re-run the suite (and every
  // reproducer line in conformance.json) on the same inputs.
  system["conformance_seed"] = options.seed;
  json plugin = conformance_doc.value("plugin", json::object());
  plugin["file"] = library.filename().string();
  plugin["path"] = library.string();
  plugin["sha256"] = bundle::sha256_hex_file(library);
  plugin.erase("library");
  system["plugin"] = plugin;
  const json properties = conformance_doc.value("device", json::object());
  json device;
  for (const char* key : {"index", "name", "vendor", "driver_version", "firmware_version", "uuid",
                          "memory_bytes", "compute_units"}) {
    if (properties.contains(key) && !properties[key].is_null()) device[key] = properties[key];
  }
  if (!device.contains("name")) device["name"] = "unknown";
  system["device"] = device;
  system["device_properties"] = properties;
  system["host"] = host_description();
  return system;
}

void add_api_verdict(results::BundleSummary& summary, const ApiOutcome& api) {
  std::vector<std::string> reasons;
  if (!api.ran) reasons.push_back("api-conformance did not run: " + api.problem);
  if (api.failures > 0) {
    reasons.push_back(fmt::format("api-conformance: {} of {} checks failed ({})", api.failures,
                                  api.tests, fmt::join(api.failed, ", ")));
  } else if (!api.problem.empty() && api.ran) {
    reasons.push_back(api.problem);
  }
  if (reasons.empty()) return;
  for (auto& level : summary.levels) {
    level.status = "not_certified";
    level.failing.insert(level.failing.begin(), reasons.begin(), reasons.end());
  }
}

void print_summary(const results::BundleSummary& summary, const fs::path& out, bool signed_bundle) {
  std::cout << fmt::format("\nTarget {} ({})\n", summary.target, summary.target_name);
  std::string counts;
  for (const auto& [status, count] : summary.counts) {
    if (count > 0) counts += fmt::format(" {} {}", status, count);
  }
  std::cout << "Cases:" << counts << "\n";
  for (const auto& level : summary.levels) {
    std::cout << fmt::format("  level {:<6} {}\n", level.level,
                             level.status == "certified" ? "CERTIFIED" : "NOT CERTIFIED");
    auto list = [](const char* what, const std::vector<std::string>& items) {
      const std::size_t shown = std::min<std::size_t>(items.size(), 8);
      for (std::size_t i = 0; i < shown; ++i)
        std::cout << "    " << what << ": " << items[i] << "\n";
      if (items.size() > shown) {
        std::cout << fmt::format("    ... and {} more {}\n", items.size() - shown, what);
      }
    };
    list("failing", level.failing);
    list("missing", level.missing);
    list("math mode never passed", level.math_mode_gaps);
    for (const auto& floor : level.floors) {
      if (floor.met) continue;
      std::cout << fmt::format(
          "    perf floor {} {} ({}): {} of {} {}{}\n", floor.op, floor.dtype, floor.basis,
          floor.achieved ? fmt::format("{:.3f}", *floor.achieved) : std::string("not measured"),
          floor.min_fraction, floor.basis, floor.advisory ? " [advisory]" : "");
    }
  }
  std::cout << fmt::format("Bundle: {}{}\n", out.string(),
                           signed_bundle ? " (signed)" : " (unsigned: sign with `hwcert sign`)");
}

// What certify works with once every input is known to be good.
struct CertifyInputs {
  fs::path profile_file;
  profile::TargetProfile target;
  fs::path library;  // absolute
  fs::path out;      // the bundle directory
};

// A signing key must exist and be private to its owner. Empty: fine.
std::string key_problem(const std::string& key) {
  if (key.empty()) return "";
  struct stat info {};
  if (stat(key.c_str(), &info) != 0) return "signing key not found: " + key;
  if ((info.st_mode & 077) != 0) {
    return fmt::format(
        "refusing to sign with {}: it is readable or writable by group or "
        "others (chmod 600 it)",
        key);
  }
  return "";
}

// Checks every input before anything is written; on a bad one prints why and returns its exit
// code (kExitOk: `inputs` is filled).
int check_inputs(const Context& context, const CertifyOptions& options, CertifyInputs& inputs) {
  inputs.profile_file = options.target;
  if (inputs.profile_file.extension() != ".toml") {
    inputs.profile_file = profile::default_targets_dir() / (options.target + ".toml");
  }
  profile::ProfileLoad loaded = profile::load_profile(inputs.profile_file);
  if (!loaded.ok()) {
    print_error(loaded.error_text());
    return kExitUsage;
  }
  inputs.target = std::move(*loaded.profile);
  if (inputs.target.find_level(options.level) == nullptr) {
    print_error(fmt::format("target '{}' has no level '{}'", inputs.target.id, options.level));
    return kExitUsage;
  }
  if (options.availability != "available" && options.availability != "preview" &&
      options.availability != "research") {
    print_error("--availability must be available, preview or research");
    return kExitUsage;
  }
  if (const std::string problem = key_problem(options.key); !problem.empty()) {
    print_error(problem);
    return kExitUsage;
  }
  auto resolved = resolve_plugin(options.plugin, context.discovery);
  if (auto* error = std::get_if<LoadError>(&resolved)) {
    print_error(error->message);
    return kExitPluginLoad;
  }
  inputs.library = fs::absolute(std::get<PluginCandidate>(resolved).library);
  const std::string plugin_name = std::get<PluginCandidate>(resolved).name;
  inputs.out = options.out.empty()
                   ? fs::path("hwcert-results") / fmt::format("bundle-{}-{}-{}", plugin_name,
                                                              options.device, inputs.target.id)
                   : fs::path(options.out);
  std::error_code ec;
  if (fs::exists(inputs.out, ec) && !fs::is_empty(inputs.out, ec) && !options.force) {
    print_error(
        fmt::format("{} exists and is not empty; choose another --out or pass --force "
                    "to replace it",
                    inputs.out.string()));
    return kExitUsage;
  }
  return kExitOk;
}

void announce_stage(const std::string& name) {
  std::cerr << "hwcert certify: " << name << "...\n";
}

// Runs `hwcert conformance` into staging/raw/conformance. Returns its results.json, or
// nullopt (with *exit_code set) when the stage failed.
std::optional<json> run_conformance_stage(const Context& context, const CertifyOptions& options,
                                          const CertifyInputs& inputs, const fs::path& staging,
                                          int* exit_code) {
  announce_stage(fmt::format("conformance suite '{}'", options.suite));
  const fs::path conformance_dir = staging / "raw" / "conformance";
  std::vector<std::string> args = {context.executable.string(),
                                   "conformance",
                                   "--plugin",
                                   inputs.library.string(),
                                   "--device",
                                   std::to_string(options.device),
                                   "--suite",
                                   options.suite,
                                   "--out",
                                   conformance_dir.string(),
                                   "--case-timeout",
                                   fmt::format("{}", options.case_timeout_s),
                                   "--seed",
                                   std::to_string(options.seed)};
  if (!options.waivers.empty()) {
    args.push_back("--waivers");
    args.push_back(fs::absolute(options.waivers).string());
  }
  const int status = run_logged(args, staging / "logs" / "conformance.log");
  if (status == kExitUsage || status == kExitPluginLoad ||
      !fs::exists(conformance_dir / "results.json")) {
    print_error(fmt::format("conformance stage failed (exit {}); see {}", status,
                            (staging / "logs" / "conformance.log").string()));
    *exit_code = status == kExitOk ? kExitInternal : status;
    return std::nullopt;
  }
  json conformance_doc = support::read_json_file(conformance_dir / "results.json");
  std::cerr << "  " << conformance_doc.value("summary", json::object()).dump() << "\n";
  return conformance_doc;
}

// Runs `hwcert perf` into staging/raw/perf; a perf stage that writes nothing is reported and
// judged later (its floors are not met).
void run_perf_stage(const Context& context, const CertifyOptions& options,
                    const CertifyInputs& inputs, const fs::path& staging) {
  announce_stage(fmt::format("perf suite '{}' and the target's floors", options.perf_suite));
  const fs::path perf_dir = staging / "raw" / "perf";
  const int status =
      run_logged({context.executable.string(), "perf", "--plugin", inputs.library.string(),
                  "--device", std::to_string(options.device), "--suite", options.perf_suite,
                  "--target", inputs.profile_file.string(), "--floors", "--out", perf_dir.string()},
                 staging / "logs" / "perf.log");
  if (!fs::exists(perf_dir / "perf.json")) {
    print_error(fmt::format("perf stage wrote no results (exit {}); see {}", status,
                            (staging / "logs" / "perf.log").string()));
  }
}

// Runs `hwcert stability` into staging/raw/stability for the duration and bounds of the
// target's [stability] table.
void run_stability_stage(const Context& context, const CertifyOptions& options,
                         const CertifyInputs& inputs, const fs::path& staging) {
  announce_stage(fmt::format("stability, {:g} s of load", inputs.target.stability.duration_s));
  const fs::path stability_dir = staging / "raw" / "stability";
  const int status =
      run_logged({context.executable.string(), "stability", "--plugin", inputs.library.string(),
                  "--device", std::to_string(options.device), "--target",
                  inputs.profile_file.string(), "--out", stability_dir.string()},
                 staging / "logs" / "stability.log");
  if (!fs::exists(stability_dir / "stability.json")) {
    print_error(fmt::format("stability stage wrote no results (exit {}); see {}", status,
                            (staging / "logs" / "stability.log").string()));
  }
}

// A stability run that failed, or that was due and wrote nothing, fails every level.
void add_stability_verdict(results::BundleSummary& summary, const fs::path& staging, bool skipped) {
  std::vector<std::string> reasons;
  const fs::path file = staging / "stability.json";
  if (fs::exists(file)) {
    const results::StabilityRun run =
        results::stability_run_from_json(support::read_json_file(file), file.string());
    for (const std::string& failure : run.failures) reasons.push_back("stability: " + failure);
  } else if (!skipped) {
    reasons.push_back("stability: the stage wrote no results");
  }
  for (auto& level : summary.levels) {
    if (reasons.empty()) break;
    level.status = "not_certified";
    level.failing.insert(level.failing.end(), reasons.begin(), reasons.end());
  }
}

// Copies the stages' results and logs into the bundle's own files, with system.json.
void stage_bundle_files(const CertifyOptions& options, const CertifyInputs& inputs,
                        const json& conformance_doc, const fs::path& staging) {
  const fs::path conformance_dir = staging / "raw" / "conformance";
  const fs::path perf_dir = staging / "raw" / "perf";
  support::write_file_atomic(staging / "conformance.json", conformance_doc.dump(2) + "\n");
  if (fs::exists(perf_dir / "perf.json")) {
    support::write_file_atomic(staging / "perf.json",
                               support::read_json_file(perf_dir / "perf.json").dump(2) + "\n");
  }
  const fs::path stability_file = staging / "raw" / "stability" / "stability.json";
  if (fs::exists(stability_file)) fs::rename(stability_file, staging / "stability.json");
  for (const char* log : {"worker.log", "journal.jsonl"}) {
    if (fs::exists(conformance_dir / log)) {
      fs::rename(conformance_dir / log, staging / "logs" / (std::string("conformance-") + log));
    }
  }
  support::write_file_atomic(
      staging / "system.json",
      system_description(options, conformance_doc, inputs.library).dump(2) + "\n");
}

// Judges the staged results against the target, writes summary.json and waivers.json, signs,
// and moves the bundle into place. Returns the exit code of the decisive level.
int finish_bundle(const CertifyOptions& options, const CertifyInputs& inputs, const ApiOutcome& api,
                  const fs::path& staging) {
  results::BundleResults results = reports::read_bundle(staging);
  profile::EvaluateOptions evaluate_options;
  evaluate_options.date = support::utc_timestamp_now();
  results::BundleSummary summary =
      profile::evaluate(inputs.target, results.conformance, results.perf, evaluate_options);
  add_api_verdict(summary, api);
  add_stability_verdict(summary, staging, options.skip_stability);
  json summary_json = results::to_json(summary);
  summary_json["decisive_level"] = options.level;
  summary_json["api_conformance"] = {{"tests", api.tests},
                                     {"failures", api.failures},
                                     {"failed", api.failed},
                                     {"problem", api.problem}};
  support::write_file_atomic(staging / "summary.json", summary_json.dump(2) + "\n");
  if (!results.waivers.empty() || !fs::exists(staging / "waivers.json")) {
    support::write_file_atomic(staging / "waivers.json",
                               results::waivers_file_json(results.waivers).dump(2) + "\n");
  }
  if (!options.key.empty()) bundle::sign_bundle(staging, options.key);

  if (fs::exists(inputs.out)) fs::remove_all(inputs.out);
  fs::rename(staging, inputs.out);
  if (!options.archive.empty()) bundle::write_archive(inputs.out, options.archive);

  if (options.json_output) {
    std::cout << summary_json.dump(2) << "\n";
  } else {
    print_summary(summary, inputs.out, !options.key.empty());
  }
  for (const auto& level : summary.levels) {
    if (level.level == options.level) return level.status == "certified" ? kExitOk : kExitFailures;
  }
  return kExitFailures;
}

int run_certify(const Context& context, const CertifyOptions& options) {
  // Inputs first: nothing is written before every input is known to be good.
  CertifyInputs inputs;
  if (const int code = check_inputs(context, options, inputs); code != kExitOk) return code;

  const fs::path staging = fs::path(inputs.out.string() + ".partial");
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging / "logs");
  fs::create_directories(staging / "raw");

  announce_stage("API conformance");
  const ApiOutcome api = run_api_stage(context, inputs.library, options.device, staging);
  std::cerr << fmt::format("  {} checks, {} failed{}\n", api.tests, api.failures,
                           api.problem.empty() ? "" : " (" + api.problem + ")");
  int exit_code = kExitOk;
  const std::optional<json> conformance_doc =
      run_conformance_stage(context, options, inputs, staging, &exit_code);
  if (!conformance_doc) return exit_code;
  if (!options.skip_perf) run_perf_stage(context, options, inputs, staging);
  if (!options.skip_stability) run_stability_stage(context, options, inputs, staging);

  try {
    stage_bundle_files(options, inputs, *conformance_doc, staging);
    return finish_bundle(options, inputs, api, staging);
  } catch (const std::exception& failure) {
    print_error(fmt::format("assembling the bundle failed: {} (partial files kept in {})",
                            failure.what(), staging.string()));
    return kExitInternal;
  }
}

}  // namespace

void register_certify(CLI::App& app, Context& context) {
  auto [command, options] = add_command<CertifyOptions>(
      app, context, "certify",
      "Run API conformance, the conformance suite and the perf suite for one device against a "
      "target profile, and write a result bundle (signed with --key)",
      run_certify);
  add_required_device_options(*command, options->plugin, options->device);
  command
      ->add_option("--target", options->target,
                   "Target profile id (see `hwcert targets`) or path to a profile .toml")
      ->required();
  command->add_option("--level", options->level,
                      "Level that decides the exit code (default core); every level is judged");
  command->add_option(
      "-o,--out", options->out,
      "Bundle directory (default hwcert-results/bundle-<plugin>-<device>-<target>)");
  command->add_option("--suite", options->suite, "Conformance suite (default core)");
  command->add_option("--perf-suite", options->perf_suite, "Perf suite (default smoke)");
  command->add_flag("--skip-perf", options->skip_perf,
                    "No perf run (performance floors then count as not met)");
  command->add_flag("--skip-stability", options->skip_stability,
                    "No stability run (the bundle then holds no stability.json)");
  command->add_option("--key", options->key, "Ed25519 private key to sign the bundle (mode 0600)");
  command->add_option("--archive", options->archive, "Also write the bundle as this .tar.gz");
  command->add_option("--availability", options->availability,
                      "available, preview (default) or research, as MLPerf categories");
  add_case_options(*command, options->waivers, options->case_timeout_s);
  command->add_option("--seed", options->seed,
                      "Challenge seed mixed into every case seed and recorded in the bundle "
                      "(default 0: the suite's own seeds)");
  command->add_flag("--force", options->force, "Replace an existing bundle directory");
  command->add_flag("--json", options->json_output, "Print summary.json on stdout");
}

}  // namespace hwcert::cli

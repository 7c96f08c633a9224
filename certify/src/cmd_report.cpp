// `hwcert report BUNDLE... [--registry LOG] -o DIR`: merges bundles (and the certified list)
// into report.json, report.md, junit.xml and report.html.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "bundle_check.hpp"
#include "commands.hpp"
#include "hwcert/profile/load_profile.hpp"
#include "hwcert/registry/registry.hpp"
#include "hwcert/reports/bundle_io.hpp"
#include "hwcert/reports/comparison.hpp"
#include "hwcert/reports/writers.hpp"
#include "hwcert/results/json_io.hpp"
#include "hwcert/support/error.hpp"
#include "hwcert/support/timestamp.hpp"
#include "report_classes.hpp"
#include "run_diff.hpp"

namespace hwcert::cli {
namespace {

struct ReportOptions {
  std::vector<std::string> bundles;
  std::string output;
  std::string pubkey;                // verify every bundle first when set
  std::vector<std::string> targets;  // expected targets: a column each, "no result" if absent
  bool fail_on_failures = false;
  std::string baseline;  // a bundle, results.json, perf.json or report.json to diff against
  std::string registry;  // the certified list to render (`hwcert registry`)
};

// The baseline run of `column`: the one with the same label, or the only one when both the
// baseline and the report hold a single device.
const reports::RunResults* baseline_for(const reports::DeviceColumn& column,
                                        const std::vector<reports::RunResults>& runs,
                                        size_t measured_columns) {
  for (const reports::RunResults& run : runs) {
    if (run.label == column.label) return &run;
  }
  return runs.size() == 1 && measured_columns == 1 ? &runs.front() : nullptr;
}

// Fills comparison.since_baseline; throws results::ModelError for an unreadable baseline.
void compare_with_baseline(reports::Comparison& comparison, const std::string& path) {
  const std::vector<reports::RunResults> runs = reports::read_runs(path);
  size_t measured = 0;
  for (const auto& col : comparison.columns) measured += col.placeholder ? 0 : 1;
  for (const reports::DeviceColumn& col : comparison.columns) {
    if (col.placeholder) continue;
    const reports::RunResults* before = baseline_for(col, runs, measured);
    if (before == nullptr) {
      comparison.baseline_notes.push_back(
          fmt::format("{}: the baseline {} holds no run of this device", col.label, path));
      continue;
    }
    reports::RunResults now{col.bundle->path.string(), col.label, col.bundle->conformance,
                            col.bundle->perf};
    comparison.since_baseline.push_back(diff_runs(*before, now));
  }
}

// The entries of the certified list at `log`, which must check (`hwcert registry verify`);
// nullopt after saying why when it does not. Throws support::Error when it cannot be read.
std::optional<std::vector<results::CertifiedEntry>> certified_list(const std::string& log) {
  const registry::RegistryCheck check = registry::check_registry(log);
  if (!check.intact()) {
    for (const auto& problem : check.problems) std::cerr << problem.to_string() << "\n";
    print_error(fmt::format("{} does not verify: not rendered", log));
    return std::nullopt;
  }
  std::vector<results::CertifiedEntry> entries;
  for (const registry::ListedEntry& listed : check.entries) entries.push_back(listed.entry);
  return entries;
}

int run_report(const ReportOptions& options) {
  if (options.bundles.empty() && options.registry.empty()) {
    print_error("report: give bundle directories, --registry LOG, or both");
    return kExitUsage;
  }
  if (!options.pubkey.empty()) {
    bool all_intact = true;
    for (const std::string& dir : options.bundles) {
      try {
        all_intact = bundle_verifies(dir, options.pubkey) && all_intact;
      } catch (const support::Error& e) {  // a bundle or a file problem
        print_error(e.what());
        return kExitUsage;
      }
    }
    if (!all_intact) return kExitFailures;
  }
  std::vector<results::BundleResults> bundles;
  try {
    for (const std::string& dir : options.bundles) bundles.push_back(reports::read_bundle(dir));
  } catch (const results::ModelError& e) {
    print_error(e.what());
    return kExitUsage;
  }
  reports::Comparison comparison = reports::build_comparison(bundles, support::utc_timestamp_now(),
                                                             version_string(), options.targets);
  add_target_classes(comparison, options.targets, profile::default_targets_dir());
  if (!options.registry.empty()) {
    try {
      auto entries = certified_list(options.registry);
      if (!entries) return kExitFailures;
      comparison.certified = std::move(*entries);
    } catch (const support::Error& e) {
      print_error(e.what());
      return kExitUsage;
    }
  }
  if (!options.baseline.empty()) {
    try {
      compare_with_baseline(comparison, options.baseline);
    } catch (const std::exception& e) {  // results::ModelError, support::Error
      print_error(e.what());
      return kExitUsage;
    }
  }
  reports::ReportFiles files;
  try {
    files = reports::write_reports(comparison, options.output);
  } catch (const std::exception& e) {
    print_error(e.what());
    return kExitInternal;
  }
  size_t failures = 0;
  for (const auto& b : bundles) {
    for (const auto& r : b.conformance) failures += results::is_failure(r.status) ? 1 : 0;
  }
  std::cout << fmt::format("{} bundle(s), {} failing case(s)\n", bundles.size(), failures);
  for (const auto& path : {files.json, files.markdown, files.junit, files.html}) {
    std::cout << "wrote " << path.string() << "\n";
  }
  bool regressed = false;
  for (const auto& d : comparison.since_baseline) {
    std::cout << fmt::format("since the baseline, {}: {}\n", d.contender,
                             d.regressed() ? "regressed" : "no regression");
    regressed = regressed || d.regressed();
  }
  for (const auto& note : comparison.baseline_notes) std::cout << note << "\n";
  return (options.fail_on_failures && failures > 0) || regressed ? kExitFailures : kExitOk;
}

}  // namespace

void register_report(CLI::App& app, Context& context) {
  auto [command, options] = add_command<ReportOptions>(
      app, context, "report",
      "Merge result bundles into report.json, report.md, junit.xml and report.html", run_report);
  command->add_option("bundles", options->bundles, "Bundle directories (one per device)")
      ->check(CLI::ExistingDirectory);
  command->add_option("-o,--out,--output", options->output, "Directory for the four report files")
      ->required();
  command
      ->add_option("--pubkey", options->pubkey,
                   "Verify every bundle against this public key first; refuse changed ones")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--targets", options->targets,
                   "Target profile ids the comparison must show (a100,h100,...); one without a "
                   "bundle gets a column of \"no result\"")
      ->delimiter(',');
  command->add_option("--baseline", options->baseline,
                      "Compare with an earlier run (bundle, results.json, perf.json or "
                      "report.json): a \"changes since the baseline\" section; exit 1 on a "
                      "regression");
  command->add_option("--registry", options->registry,
                      "Render the certified list in this log (`hwcert registry`) in report.md "
                      "and report.html; it must verify");
  command->add_flag("--fail-on-failures", options->fail_on_failures,
                    "Exit 1 when any bundle holds a failing case (for CI)");
}

}  // namespace hwcert::cli

// `hwcert report BUNDLE... -o DIR`: merges bundles into report.json, report.md, junit.xml and
// report.html.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "hwcert/bundle/sign_verify.hpp"
#include "hwcert/reports/bundle_io.hpp"
#include "hwcert/reports/comparison.hpp"
#include "hwcert/reports/writers.hpp"
#include "hwcert/results/json_io.hpp"
#include "hwcert/support/error.hpp"
#include "hwcert/support/timestamp.hpp"

namespace hwcert::cli {
namespace {

struct ReportOptions {
  std::vector<std::string> bundles;
  std::string output;
  std::string pubkey;                // verify every bundle first when set
  std::vector<std::string> targets;  // expected targets: a column each, "no result" if absent
  bool fail_on_failures = false;
};

int run_report(const ReportOptions& options) {
  if (!options.pubkey.empty()) {
    bool all_intact = true;
    for (const std::string& dir : options.bundles) {
      try {
        const bundle::VerifyReport check = bundle::verify_bundle(dir, options.pubkey);
        if (!check.intact()) {
          all_intact = false;
          std::cerr << fmt::format("hwcert: {} does not verify:\n{}", dir, check.describe());
        }
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
  const reports::Comparison comparison = reports::build_comparison(
      bundles, support::utc_timestamp_now(), version_string(), options.targets);
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
  return options.fail_on_failures && failures > 0 ? kExitFailures : kExitOk;
}

}  // namespace

void register_report(CLI::App& app, Context& context) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* command = app.add_subcommand(
      "report", "Merge result bundles into report.json, report.md, junit.xml and report.html");
  command->add_option("bundles", options->bundles, "Bundle directories (one per device)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("-o,--output", options->output, "Directory for the four report files")
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
  command->add_flag("--fail-on-failures", options->fail_on_failures,
                    "Exit 1 when any bundle holds a failing case (for CI)");
  command->callback([&context, options] { context.exit_code = run_report(*options); });
}

}  // namespace hwcert::cli

// `hwcert diff BASELINE CONTENDER`: what changed between two runs (bundles, results.json,
// perf.json or single-device report.json): new failures, fixed, lost support, new xpass, and
// each perf case's Mann-Whitney verdict with its ratio. Markdown (a pull-request comment) or
// --json on stdout; --out DIR also writes diff.md and diff.json. Exit 1 on a regression.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "hwcert/reports/baseline_diff.hpp"
#include "hwcert/results/json_io.hpp"
#include "hwcert/support/error.hpp"
#include "output_files.hpp"
#include "run_diff.hpp"

namespace hwcert::cli {
namespace {

struct DiffOptions {
  std::string baseline;
  std::string contender;
  std::string out;
  DiffThresholds thresholds;
  size_t max_bytes = 60000;
  bool json = false;
};

std::string json_text(const reports::BaselineDiff& diff) {
  return reports::to_json(diff).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

int run_diff(const DiffOptions& options) {
  reports::BaselineDiff diff;
  try {
    diff = diff_runs(reports::read_run_results(options.baseline),
                     reports::read_run_results(options.contender), options.thresholds);
  } catch (const std::exception& e) {  // results::ModelError, support::Error: the input's fault
    print_error(e.what());
    return kExitUsage;
  }
  const std::string markdown = reports::diff_markdown(diff, options.max_bytes);
  std::cout << (options.json ? json_text(diff) : markdown);
  const std::filesystem::path dir(options.out);
  if (!options.out.empty() &&
      !write_output_files({{dir / "diff.md", markdown}, {dir / "diff.json", json_text(diff)}})) {
    return kExitInternal;
  }
  return diff.regressed() ? kExitFailures : kExitOk;
}

}  // namespace

void register_diff(CLI::App& app, Context& context) {
  auto [command, options] = add_command<DiffOptions>(
      app, context, "diff",
      "What changed between two runs: new failures, fixed, lost support, perf verdicts", run_diff);
  command->footer(
      "BASELINE and CONTENDER are each a bundle directory, a conformance results.json, a\n"
      "perf.json, or a report.json of one device. Exit codes: 0 no regression; 1 a new\n"
      "failure, a case that lost support, or a perf case judged slower; 2 unreadable input.");
  command->add_option("baseline", options->baseline, "The earlier run")->required();
  command->add_option("contender", options->contender, "The new run")->required();
  command->add_option("-o,--out", options->out,
                      "Also write diff.md and diff.json into this directory");
  command->add_flag("--json", options->json, "Print the JSON instead of Markdown");
  command->add_option("--alpha", options->thresholds.alpha,
                      "Significance level of the U test (default 0.05)");
  command->add_option("--min-change", options->thresholds.min_change,
                      "Smallest relative change of the median that counts (default 0.02)");
  command->add_option("--max-bytes", options->max_bytes,
                      "Size limit of the Markdown (default 60000: a pull-request comment)");
}

}  // namespace hwcert::cli

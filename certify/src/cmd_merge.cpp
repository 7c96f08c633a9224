// `hwcert merge`: combines the results files of the shards of one conformance run.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "hwcert/results/junit.hpp"
#include "hwcert/runner/result_json.hpp"
#include "hwcert/runner/results_merge.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/error.hpp"
#include "hwcert/support/json_reader.hpp"

namespace hwcert::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> inputs;
  std::string output;
  std::string junit;
};

int run_merge(const MergeOptions& options) {
  std::vector<runner::MergeInput> inputs;
  for (const std::string& file : options.inputs) {
    try {
      inputs.push_back({file, support::read_json_file(file)});
    } catch (const support::Error& e) {
      print_error(e.what());
      return kExitUsage;
    }
  }
  auto merged = runner::merge_results(inputs);
  if (!merged.ok()) {
    print_error(merged.status().message());
    return kExitUsage;
  }
  for (const auto& warning : merged->warnings) std::cerr << "hwcert: warning: " << warning << "\n";
  std::vector<conformance::CaseResult> results;
  bool acceptable = true;
  for (const auto& record : merged->document["results"]) {
    auto result = runner::case_result_from_json(record);
    if (!result.ok()) continue;  // checked by merge_results
    acceptable = acceptable && results::is_acceptable(result->status);
    results.push_back(std::move(*result));
  }
  try {
    const auto& doc = merged->document;
    support::write_file_atomic(options.output, doc.dump(2) + "\n");
    if (!options.junit.empty()) {
      const std::string label = fmt::format("{} device {}", doc["plugin"].value("name", "?"),
                                            doc["device"].value("index", 0));
      support::write_file_atomic(options.junit, results::conformance_run_junit_xml(
                                                    doc.value("suite", ""), label, results));
    }
  } catch (const support::Error& e) {
    print_error(e.what());
    return kExitInternal;
  }
  std::cout << fmt::format("merged {} file(s), {} case(s) into {}\n", inputs.size(), results.size(),
                           options.output);
  for (const auto& [name, count] : merged->document["summary"].items()) {
    if (count.get<int64_t>() > 0)
      std::cout << fmt::format("  {:<12} {:>6}\n", name, count.get<int64_t>());
  }
  return acceptable ? kExitOk : kExitFailures;
}

}  // namespace

void register_merge(CLI::App& app, Context& context) {
  auto [command, options] = add_command<MergeOptions>(
      app, context, "merge", "Merge the conformance results files of the shards of one run",
      run_merge);
  command->add_option("results", options->inputs, "results.json of each shard")->required();
  command->add_option("-o,--out,--output", options->output, "Merged results file")->required();
  command->add_option("--junit", options->junit, "Also write JUnit XML of the merged results here");
}

}  // namespace hwcert::cli

// `hwcert merge`: combines the results files of the shards of one conformance run.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "hwcert/runner/atomic_file.hpp"
#include "hwcert/runner/junit.hpp"
#include "hwcert/runner/result_json.hpp"
#include "hwcert/runner/results_merge.hpp"

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
    auto text = runner::read_file(file);
    if (!text.ok()) {
      print_error(text.status().message());
      return kExitUsage;
    }
    nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      print_error(file + ": not valid JSON");
      return kExitUsage;
    }
    inputs.push_back({file, std::move(doc)});
  }
  auto merged = runner::merge_results(inputs);
  if (!merged.ok()) {
    print_error(merged.status().message());
    return kExitUsage;
  }
  for (const auto& warning : merged->warnings) std::cerr << "hwcert: warning: " << warning << "\n";
  Status status = runner::write_file_atomically(options.output, merged->document.dump(2) + "\n");
  if (!status.ok()) {
    print_error(status.message());
    return kExitInternal;
  }
  std::vector<conformance::CaseResult> results;
  bool acceptable = true;
  for (const auto& record : merged->document["results"]) {
    auto result = runner::case_result_from_json(record);
    if (!result.ok()) continue;  // checked by merge_results
    acceptable = acceptable && runner::is_acceptable(result->status);
    results.push_back(std::move(*result));
  }
  if (!options.junit.empty()) {
    const auto& doc = merged->document;
    const std::string label = fmt::format("{} device {}", doc["plugin"].value("name", "?"),
                                          doc["device"].value("index", 0));
    status = runner::write_file_atomically(
        options.junit, runner::junit_xml(doc.value("suite", ""), label, results));
    if (!status.ok()) {
      print_error(status.message());
      return kExitInternal;
    }
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
  auto options = std::make_shared<MergeOptions>();
  CLI::App* command =
      app.add_subcommand("merge", "Merge the conformance results files of the shards of one run");
  command->add_option("results", options->inputs, "results.json of each shard")->required();
  command->add_option("-o,--output", options->output, "Merged results file")->required();
  command->add_option("--junit", options->junit, "Also write JUnit XML of the merged results here");
  command->callback([&context, options] { context.exit_code = run_merge(*options); });
}

}  // namespace hwcert::cli

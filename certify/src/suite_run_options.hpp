// The options of the commands that run a perf suite's cases on one device (`hwcert perf`,
// `hwcert stability`): the plugin and device, the suite and a filter over its cases, and the
// target profile.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace hwcert::cli {

struct SuiteRunOptions {
  std::string plugin;
  uint32_t device = 0;
  std::string suite = "smoke";
  std::string filter = "*";
  std::string target;
};

/// Registers --plugin, --device, --suite, --filter and --target on `command`, filling
/// `options`; `target_help` says what the command takes from the profile.
void add_suite_run_options(CLI::App& command, SuiteRunOptions& options,
                           const std::string& target_help);

}  // namespace hwcert::cli

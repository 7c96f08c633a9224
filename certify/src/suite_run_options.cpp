#include "suite_run_options.hpp"

namespace hwcert::cli {

void add_suite_run_options(CLI::App& command, SuiteRunOptions& options,
                           const std::string& target_help) {
  command.add_option("--plugin", options.plugin, "Plugin name or path to its library/manifest");
  command.add_option("--device", options.device, "Device index (default 0)");
  command.add_option("--suite", options.suite,
                     "Perf suite: smoke (default), core or a path to a suite TOML file");
  command.add_option("--filter", options.filter, "gtest-style globs over case ids ('a*:b*-c*')");
  command.add_option("--target", options.target, target_help);
}

}  // namespace hwcert::cli

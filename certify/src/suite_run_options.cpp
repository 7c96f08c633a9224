#include "suite_run_options.hpp"

#include "device_options.hpp"

namespace hwcert::cli {

void add_suite_run_options(CLI::App& command, SuiteRunOptions& options,
                           const std::string& target_help) {
  add_plugin_option(command, options.plugin);
  add_device_option(command, options.device);
  command.add_option("--suite", options.suite,
                     "Perf suite: smoke (default), core or a path to a suite TOML file");
  command.add_option("--filter", options.filter, "gtest-style globs over case ids ('a*:b*-c*')");
  command.add_option("--target", options.target, target_help);
}

}  // namespace hwcert::cli

#include "device_options.hpp"

namespace hwcert::cli {

CLI::Option* add_plugin_option(CLI::App& command, std::string& plugin) {
  return command.add_option("--plugin", plugin, "Plugin name or path to its library/manifest");
}

CLI::Option* add_device_option(CLI::App& command, uint32_t& device) {
  return command.add_option("--device", device, "Device index (default 0)");
}

void add_required_device_options(CLI::App& command, std::string& plugin, uint32_t& device) {
  add_plugin_option(command, plugin)->required();
  add_device_option(command, device);
}

void add_case_options(CLI::App& command, std::string& waivers, double& case_timeout_s) {
  command.add_option("--waivers", waivers, "Waiver TOML file of this plugin");
  command.add_option("--case-timeout", case_timeout_s, "Seconds per case (default 30)");
}

}  // namespace hwcert::cli

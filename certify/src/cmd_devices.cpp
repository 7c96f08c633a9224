// `hwcert devices`: the properties every device of one or all plugins reports via get_info.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "device_options.hpp"
#include "hwcert/loader/device_properties.hpp"
#include "plugin_probe.hpp"

namespace hwcert::cli {
namespace {

struct DevicesOptions {
  std::string plugin;  // empty: every discovered plugin
  bool json = false;
};

std::string human_bytes(const nlohmann::json& value) {
  if (value.is_null()) return "unknown";
  const double bytes = value.get<double>();
  return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024.0 * 1024.0));
}

// Returns false when the plugin could not be loaded or could not count its devices. The
// plugin is loaded and asked in a worker process, so one that crashes or hangs cannot take
// hwcert down.
bool describe_plugin(const Context& context, const std::string& name_or_path, nlohmann::json* out) {
  auto resolved = resolve_plugin(name_or_path, context.discovery);
  if (auto* error = std::get_if<LoadError>(&resolved)) {
    print_error(error->message);
    return false;
  }
  const PluginCandidate& candidate = std::get<PluginCandidate>(resolved);
  const PluginProbe probe = probe_plugin(candidate.library, [](Plugin& plugin) {
    nlohmann::json entry;
    entry["plugin"] = plugin.name();
    entry["library"] = plugin.path().string();
    entry["version"] = plugin.version();
    entry["abi_version"] = fmt::format("{}.{}", plugin.abi_major(), plugin.abi_minor());
    entry["warnings"] = plugin.info_warnings();  // malformed get_info strings
    entry["devices"] = nlohmann::json::array();
    auto count = plugin.device_count();
    if (!count.ok()) {
      entry["error"] = count.status().to_string();
      return entry;
    }
    if (*count > kMaxDevices) {
      entry["error"] =
          fmt::format("device_count reports {} devices, more than the {} devices hwcert accepts",
                      *count, kMaxDevices);
      return entry;
    }
    for (uint32_t index = 0; index < *count; ++index) {
      auto device = plugin.open_device(index);
      if (!device.ok()) {
        entry["devices"].push_back({{"index", index}, {"error", device.status().to_string()}});
        continue;
      }
      entry["devices"].push_back(to_json(read_device_properties(*device)));
    }
    return entry;
  });
  for (const std::string& line : probe.log) {
    std::cerr << "[" << candidate.name << "] " << line << "\n";
  }
  if (!probe.loaded) {
    print_error(probe.error);
    return false;
  }
  const bool counted = !probe.description.contains("error");
  out->push_back(probe.description);
  return counted;
}

void print_text(const nlohmann::json& plugins) {
  for (const auto& plugin : plugins) {
    std::cout << fmt::format("{} {} (ABI {}, {})\n", plugin["plugin"].get<std::string>(),
                             plugin["version"].get<std::string>(),
                             plugin["abi_version"].get<std::string>(),
                             plugin["library"].get<std::string>());
    if (plugin.contains("error"))
      std::cout << "  error: " << plugin["error"].get<std::string>() << "\n";
    for (const auto& warning : plugin.value("warnings", nlohmann::json::array()))
      std::cout << "  warning: " << warning.get<std::string>() << "\n";
    for (const auto& device : plugin["devices"]) {
      if (device.contains("error")) {
        std::cout << fmt::format("  [{}] cannot open: {}\n", device["index"].dump(),
                                 device["error"].get<std::string>());
        continue;
      }
      std::cout << fmt::format(
          "  [{}] {} ({}, {})\n", device["index"].dump(), device["name"].get<std::string>(),
          device["vendor"].get<std::string>(), device["type"].get<std::string>());
      std::cout << fmt::format(
          "      memory {}  compute units {}  clock {} MHz\n", human_bytes(device["memory_bytes"]),
          device["compute_units"].is_null() ? "?" : device["compute_units"].dump(),
          device["clock_mhz"].is_null() ? "?" : device["clock_mhz"].dump());
      std::cout << fmt::format(
          "      driver {}  dtypes {}\n", device["driver_version"].get<std::string>(),
          fmt::join(device["supported_dtypes"].get<std::vector<std::string>>(), " "));
      for (const auto& warning : device.value("warnings", nlohmann::json::array()))
        std::cout << "      warning: " << warning.get<std::string>() << "\n";
    }
  }
}

int run_devices_command(const Context& context, const DevicesOptions& options) {
  nlohmann::json plugins = nlohmann::json::array();
  bool all_loaded = true;
  if (!options.plugin.empty()) {
    all_loaded = describe_plugin(context, options.plugin, &plugins);
  } else {
    for (const PluginCandidate& candidate : discover_plugins(context.discovery)) {
      if (candidate.error) {
        print_error(candidate.error->message);
        all_loaded = false;
        continue;
      }
      all_loaded = describe_plugin(context, candidate.library.string(), &plugins) && all_loaded;
    }
  }
  if (options.json) {
    std::cout << nlohmann::json{{"plugins", plugins}}.dump(2) << "\n";
  } else {
    print_text(plugins);
  }
  return all_loaded ? kExitOk : kExitPluginLoad;
}

}  // namespace

void register_devices(CLI::App& app, Context& context) {
  auto [command, options] = add_command<DevicesOptions>(
      app, context, "devices", "Show the devices of a plugin (or of every plugin found)",
      run_devices_command);
  add_plugin_option(*command, options->plugin);
  command->add_flag("--json", options->json, "Machine-readable output");
}

}  // namespace hwcert::cli

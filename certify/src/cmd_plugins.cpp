// `hwcert plugins`: every plugin found, where from, its ABI version, loaded or why not.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "plugin_probe.hpp"

namespace hwcert::cli {
namespace {

struct PluginsOptions {
  bool json = false;
};

nlohmann::json describe(const PluginCandidate& candidate, bool* all_loaded) {
  nlohmann::json entry;
  entry["name"] = candidate.name;
  entry["origin"] = candidate.origin;
  entry["library"] = candidate.library.string();
  entry["manifest"] = candidate.manifest ? candidate.manifest->manifest_path.string() : "";
  entry["manifest_abi_version"] = candidate.manifest ? candidate.manifest->abi_version : "";
  if (candidate.error) {
    entry["loaded"] = false;
    entry["error"] = candidate.error->message;
    entry["error_kind"] = to_string(candidate.error->kind);
    *all_loaded = false;
    return entry;
  }
  // Loaded in a worker: a plugin that crashes or hangs in its entry point is listed as not
  // loaded, and what it prints does not reach hwcert's output.
  const PluginProbe probe = probe_plugin(candidate.library, [](Plugin& plugin) {
    nlohmann::json d;
    d["plugin_name"] = plugin.name();
    d["version"] = plugin.version();
    d["abi_version"] = fmt::format("{}.{}", plugin.abi_major(), plugin.abi_minor());
    auto vendor = plugin.info_string(HWC_PLUGIN_INFO_VENDOR);
    d["vendor"] = vendor.ok() ? *vendor : "";
    auto count = plugin.device_count();
    d["device_count"] = count.ok() ? nlohmann::json(*count) : nlohmann::json(nullptr);
    d["unimplemented"] = plugin.stubbed_slots();
    d["warnings"] = plugin.info_warnings();  // malformed get_info strings
    return d;
  });
  if (!probe.loaded) {
    entry["loaded"] = false;
    entry["error"] = probe.error;
    entry["error_kind"] = probe.error_kind;
    *all_loaded = false;
    return entry;
  }
  entry["loaded"] = true;
  entry.update(probe.description);
  return entry;
}

int run_plugins(const Context& context, const PluginsOptions& options) {
  bool all_loaded = true;
  nlohmann::json list = nlohmann::json::array();
  for (const PluginCandidate& candidate : discover_plugins(context.discovery)) {
    list.push_back(describe(candidate, &all_loaded));
  }
  if (options.json) {
    std::cout << nlohmann::json{{"plugins", list}}.dump(2) << "\n";
  } else if (list.empty()) {
    std::cout << "No plugins found. Searched:";
    for (const auto& dir : context.discovery.manifest_dirs) std::cout << " " << dir.string();
    std::cout << (context.discovery.env_plugin_path.empty() ? "" : " and HWCERT_PLUGIN_PATH")
              << "\n";
  } else {
    for (const auto& entry : list) {
      if (entry["loaded"].get<bool>()) {
        std::cout << fmt::format(
            "{:<12} ABI {}  version {}  devices {}  {}\n", entry["name"].get<std::string>(),
            entry["abi_version"].get<std::string>(), entry["version"].get<std::string>(),
            entry["device_count"].is_null() ? std::string("?") : entry["device_count"].dump(),
            entry["library"].get<std::string>());
      } else {
        std::cout << fmt::format("{:<12} NOT LOADED: {}\n", entry["name"].get<std::string>(),
                                 entry["error"].get<std::string>());
      }
      std::cout << fmt::format("{:<12} from {}\n", "", entry["origin"].get<std::string>());
      for (const auto& warning : entry.value("warnings", nlohmann::json::array())) {
        std::cout << fmt::format("{:<12} warning: {}\n", "", warning.get<std::string>());
      }
    }
  }
  return all_loaded ? kExitOk : kExitPluginLoad;
}

}  // namespace

void register_plugins(CLI::App& app, Context& context) {
  auto [command, options] = add_command<PluginsOptions>(app, context, "plugins",
                                                        "List every plugin found, where from, its "
                                                        "ABI version, and whether it loads",
                                                        run_plugins);
  command->add_flag("--json", options->json, "Machine-readable output");
}

}  // namespace hwcert::cli

#include "context.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace hwcert::cli {

#ifndef HWCERT_GIT_REVISION
#define HWCERT_GIT_REVISION "unknown"
#endif

std::string version_string() {
  return fmt::format("hwcert {} (plugin ABI {}.{}, revision {})", HWCERT_VERSION,
                     HWC_ABI_VERSION_MAJOR, HWC_ABI_VERSION_MINOR, HWCERT_GIT_REVISION);
}

void print_error(const std::string& message) {
  std::fprintf(stderr, "hwcert: error: %s\n", message.c_str());
}

PluginPtr load_plugin_or_report(const Context& context, const std::string& name_or_path) {
  auto resolved = resolve_plugin(name_or_path, context.discovery);
  if (auto* error = std::get_if<LoadError>(&resolved)) {
    print_error(error->message);
    return nullptr;
  }
  const auto& candidate = std::get<PluginCandidate>(resolved);
  LoadOptions options;
  options.log = [name = candidate.name](int32_t level, std::string_view message) {
    if (level >= HWC_LOG_WARNING) {
      std::fprintf(stderr, "[%s] %.*s\n", name.c_str(), static_cast<int>(message.size()),
                   message.data());
    }
  };
  auto loaded = load_plugin(candidate.library, std::move(options));
  if (auto* error = std::get_if<LoadError>(&loaded)) {
    print_error(error->message);
    return nullptr;
  }
  return std::get<PluginPtr>(loaded);
}

std::optional<Device> open_device_or_report(const Context& context, const std::string& name_or_path,
                                            uint32_t index) {
  PluginPtr plugin = load_plugin_or_report(context, name_or_path);
  if (!plugin) return std::nullopt;
  auto device = plugin->open_device(index);
  if (!device.ok()) {
    print_error(fmt::format("cannot open device {}: {}", index, device.status().to_string()));
    return std::nullopt;
  }
  return std::move(*device);
}

}  // namespace hwcert::cli

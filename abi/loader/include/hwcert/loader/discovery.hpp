// Finding plugins: explicit paths, directories of TOML manifests, HWCERT_PLUGIN_PATH.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hwcert/loader/plugin.hpp"

namespace hwcert {

// A manifest file: name = "...", library = "libx.so" (relative to the manifest's folder),
// abi_version = "1.0", description = "..." (optional).
struct PluginManifest {
  std::filesystem::path manifest_path;
  std::string name;
  std::filesystem::path library;  // absolute
  std::string abi_version;
  std::string description;
};

// Errors carry "file:line:column: what was expected".
std::variant<PluginManifest, LoadError> parse_manifest(const std::filesystem::path& file);

struct PluginCandidate {
  std::string name;                        // manifest name or library stem
  std::filesystem::path library;           // what would be loaded
  std::string origin;                      // "manifest <file>", "HWCERT_PLUGIN_PATH", ...
  std::optional<PluginManifest> manifest;  // when found through one
  std::optional<LoadError> error;          // a manifest that could not be read
};

struct DiscoveryOptions {
  std::vector<std::filesystem::path> manifest_dirs;  // searched in order
  std::string env_plugin_path;  // value of HWCERT_PLUGIN_PATH: dirs or files, ':'-separated
};

// manifest_dirs = <exe_dir>/../lib/hwcert/plugins; env_plugin_path from the environment.
DiscoveryOptions default_discovery_options(const std::filesystem::path& executable);

// Every candidate, environment entries first, then manifest dirs; duplicates by name keep the
// first. Never throws; unreadable manifests come back with `error` set.
std::vector<PluginCandidate> discover_plugins(const DiscoveryOptions& options);

// A name (matched against discovered candidates) or a path to a library or a manifest.
std::variant<PluginCandidate, LoadError> resolve_plugin(std::string_view name_or_path,
                                                        const DiscoveryOptions& options);

}  // namespace hwcert

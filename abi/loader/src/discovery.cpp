#include "hwcert/loader/discovery.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "hwcert/support/toml_reader.hpp"

namespace hwcert {
namespace {

namespace fs = std::filesystem;

// The name a bare library file gets: libhwcert_plugin_foo.so -> foo.
std::string name_from_library(const fs::path& library) {
  std::string stem = library.stem().string();
  for (std::string_view prefix : {"lib", "hwcert_plugin_"}) {
    if (stem.rfind(prefix, 0) == 0 && stem.size() > prefix.size()) stem.erase(0, prefix.size());
  }
  return stem;
}

bool looks_like_path(std::string_view text) {
  return text.find('/') != std::string_view::npos || text.ends_with(".so") ||
         text.ends_with(".toml") || text.find(".so.") != std::string_view::npos;
}

std::vector<fs::path> manifests_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A string the manifest must give, not empty.
std::string required_string(support::TomlReader& reader, const toml::table& table,
                            std::string_view key) {
  std::string value = reader.string(table, key, "the manifest", true).value_or("");
  if (value.empty()) reader.error(*table.get(key), fmt::format("'{}' must not be empty", key));
  return value;
}

// Throws support::Error ("file:line:column: what was expected").
PluginManifest read_manifest(const fs::path& file) {
  const toml::table table = support::read_toml_file(file);
  support::TomlReader reader(file.string());
  PluginManifest manifest;
  manifest.manifest_path = fs::absolute(file);
  manifest.name = required_string(reader, table, "name");
  const fs::path library(required_string(reader, table, "library"));
  manifest.abi_version = required_string(reader, table, "abi_version");
  manifest.description = reader.string(table, "description", "the manifest", false).value_or("");
  unsigned major = 0;
  unsigned minor = 0;
  char extra = 0;
  if (std::sscanf(manifest.abi_version.c_str(), "%u.%u%c", &major, &minor, &extra) != 2) {
    reader.error(
        *table.get("abi_version"),
        fmt::format("abi_version '{}' must look like \"1.0\" (major.minor)", manifest.abi_version));
  }
  manifest.library =
      library.is_absolute() ? library : manifest.manifest_path.parent_path() / library;
  return manifest;
}

PluginCandidate candidate_from_manifest(const fs::path& file, const std::string& origin) {
  PluginCandidate candidate;
  candidate.origin = origin;
  auto parsed = parse_manifest(file);
  if (auto* error = std::get_if<LoadError>(&parsed)) {
    candidate.name = file.stem().string();
    candidate.error = *error;
    return candidate;
  }
  auto& manifest = std::get<PluginManifest>(parsed);
  candidate.name = manifest.name;
  candidate.library = manifest.library;
  candidate.manifest = std::move(manifest);
  return candidate;
}

PluginCandidate candidate_from_library(const fs::path& library, const std::string& origin) {
  PluginCandidate candidate;
  candidate.name = name_from_library(library);
  candidate.library = fs::absolute(library);
  candidate.origin = origin;
  return candidate;
}

}  // namespace

std::variant<PluginManifest, LoadError> parse_manifest(const fs::path& file) {
  try {
    return read_manifest(file);
  } catch (const support::Error& error) {
    return LoadError{LoadErrorKind::kMalformedManifest, file, error.what()};
  }
}

DiscoveryOptions default_discovery_options(const fs::path& executable) {
  DiscoveryOptions options;
  std::error_code error;
  fs::path exe = fs::weakly_canonical(executable, error);
  if (error) exe = executable;
  options.manifest_dirs.push_back(exe.parent_path().parent_path() / "lib" / "hwcert" / "plugins");
  if (const char* env = std::getenv("HWCERT_PLUGIN_PATH")) options.env_plugin_path = env;
  return options;
}

std::vector<PluginCandidate> discover_plugins(const DiscoveryOptions& options) {
  std::vector<PluginCandidate> found;
  std::set<std::string> names;
  auto add = [&](PluginCandidate candidate) {
    if (names.insert(candidate.name).second) found.push_back(std::move(candidate));
  };

  std::string_view env = options.env_plugin_path;
  while (!env.empty()) {
    const std::size_t colon = env.find(':');
    const fs::path entry(std::string(env.substr(0, colon)));
    env = colon == std::string_view::npos ? std::string_view{} : env.substr(colon + 1);
    if (entry.empty()) continue;
    const std::string origin = fmt::format("HWCERT_PLUGIN_PATH entry {}", entry.string());
    std::error_code error;
    if (fs::is_directory(entry, error)) {
      for (const fs::path& file : manifests_in(entry)) add(candidate_from_manifest(file, origin));
    } else if (entry.extension() == ".toml") {
      add(candidate_from_manifest(entry, origin));
    } else {
      add(candidate_from_library(entry, origin));
    }
  }
  for (const fs::path& dir : options.manifest_dirs) {
    for (const fs::path& file : manifests_in(dir)) {
      add(candidate_from_manifest(file, fmt::format("manifest {}", file.string())));
    }
  }
  return found;
}

std::variant<PluginCandidate, LoadError> resolve_plugin(std::string_view name_or_path,
                                                        const DiscoveryOptions& options) {
  std::error_code error;
  if (looks_like_path(name_or_path) || fs::is_regular_file(fs::path(name_or_path), error)) {
    const fs::path path(name_or_path);
    if (path.extension() == ".toml") {
      PluginCandidate candidate = candidate_from_manifest(path, "--plugin " + path.string());
      if (candidate.error) return *candidate.error;
      return candidate;
    }
    return candidate_from_library(path, "--plugin " + path.string());
  }
  std::vector<std::string> known;
  for (PluginCandidate& candidate : discover_plugins(options)) {
    if (candidate.name == name_or_path) {
      if (candidate.error) return *candidate.error;
      return std::move(candidate);
    }
    known.push_back(candidate.name);
  }
  std::string searched;
  for (const fs::path& dir : options.manifest_dirs) searched += " " + dir.string();
  return LoadError{
      LoadErrorKind::kUnknownPlugin, fs::path(name_or_path),
      fmt::format("no plugin named '{}' (known: {}; searched:{}{})", name_or_path,
                  known.empty() ? std::string("none") : fmt::format("{}", fmt::join(known, ", ")),
                  searched.empty() ? std::string(" nothing") : searched,
                  options.env_plugin_path.empty()
                      ? std::string()
                      : " and HWCERT_PLUGIN_PATH=" + options.env_plugin_path)};
}

}  // namespace hwcert

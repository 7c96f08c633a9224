// `hwcert targets [PROFILE.toml...]`: the shipped target profiles, or a check of given ones.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "hwcert/profile/load_profile.hpp"
#include "hwcert/profile/match_device.hpp"

namespace hwcert::cli {
namespace {

struct TargetsOptions {
  std::vector<std::string> files;  // empty: every profile in the targets directory
  std::string dir;
  std::string match;  // a device name: print the profile that covers it
  bool json = false;
};

nlohmann::json describe(const profile::TargetProfile& p) {
  nlohmann::json levels = nlohmann::json::object();
  for (const auto& l : p.levels) levels[l.name] = l.requirements.size();
  nlohmann::json peaks = nlohmann::json::object();
  for (const auto& peak : p.peaks) {
    const std::string key =
        peak.math_mode == "strict" ? peak.dtype : peak.dtype + "/" + peak.math_mode;
    peaks[key] = peak.tflops.value;
  }
  return {{"id", p.id},
          {"name", p.name},
          {"vendor", p.vendor},
          {"device_class", p.device_class},
          {"file", p.source_file},
          {"native_dtypes", p.native_dtypes},
          {"peaks_tflops", peaks},
          {"memory_bandwidth_gbps", p.memory.bandwidth_gbps
                                        ? nlohmann::json(p.memory.bandwidth_gbps->value)
                                        : nlohmann::json(nullptr)},
          {"required_op_dtype_pairs", levels},
          {"floors", p.floors.size()}};
}

// `--match NAME`: the id of the profile whose device_patterns occur in NAME (else cpu).
int print_match(const std::vector<std::filesystem::path>& files, const TargetsOptions& options) {
  std::vector<profile::TargetProfile> profiles;
  for (const auto& file : files) {
    profile::ProfileLoad loaded = profile::load_profile(file);
    if (!loaded.ok()) {
      std::cerr << loaded.error_text();
      return kExitUsage;
    }
    profiles.push_back(std::move(*loaded.profile));
  }
  const profile::DeviceMatch m = profile::match_device(profiles, options.match);
  if (options.json) {
    std::cout << nlohmann::json{{"device", options.match},
                                {"target", m.target},
                                {"pattern", m.pattern},
                                {"fallback", m.fallback}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << m.target << "\n";
    if (m.fallback) {
      std::cerr << fmt::format("hwcert: no profile's device_patterns occur in '{}'; using {}\n",
                               options.match, m.target);
    }
  }
  return kExitOk;
}

int run_targets(const TargetsOptions& options) {
  std::vector<std::filesystem::path> files(options.files.begin(), options.files.end());
  if (files.empty()) {
    const std::filesystem::path dir =
        options.dir.empty() ? profile::default_targets_dir() : std::filesystem::path(options.dir);
    files = profile::list_profiles(dir);
    if (files.empty()) {
      print_error(fmt::format("no target profiles (*.toml) in {}", dir.string()));
      return kExitUsage;
    }
  }
  if (!options.match.empty()) return print_match(files, options);
  bool all_ok = true;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& file : files) {
    const profile::ProfileLoad loaded = profile::load_profile(file);
    if (!loaded.ok()) {
      all_ok = false;
      std::cerr << loaded.error_text();
      continue;
    }
    const profile::TargetProfile& p = *loaded.profile;
    if (options.json) {
      list.push_back(describe(p));
      continue;
    }
    std::string levels;
    for (const auto& l : p.levels) levels += fmt::format(" {}={}", l.name, l.requirements.size());
    std::cout << fmt::format(
        "{:<13} {:<32} {:<4} peaks {:<2} floors {:<2} required op x dtype:{}\n", p.id, p.name,
        p.device_class, p.peaks.size(), p.floors.size(), levels);
  }
  if (options.json) std::cout << nlohmann::json{{"targets", list}}.dump(2) << "\n";
  return all_ok ? kExitOk : kExitUsage;
}

}  // namespace

void register_targets(CLI::App& app, Context& context) {
  auto [command, options] = add_command<TargetsOptions>(
      app, context, "targets",
      "List the target profiles, or check profile files (errors as file:line:column)", run_targets);
  command->add_option("files", options->files,
                      "Profile files to check (default: every shipped one)");
  command->add_option("--dir", options->dir, "Directory of profiles (default: the installed ones)");
  command->add_option("--match", options->match,
                      "A device name: print the id of the profile whose device_patterns occur "
                      "in it (the longest match; cpu when none does)");
  command->add_flag("--json", options->json, "Machine-readable output");
}

}  // namespace hwcert::cli

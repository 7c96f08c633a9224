#include "target_arg.hpp"

#include <filesystem>

#include "hwcert/profile/load_profile.hpp"

namespace hwcert::cli {

std::optional<profile::TargetProfile> load_target(const std::string& target, std::string* error) {
  std::filesystem::path file(target);
  if (!file.has_extension() && !file.has_parent_path()) {
    file = profile::default_targets_dir() / (target + ".toml");
  }
  profile::ProfileLoad loaded = profile::load_profile(file);
  if (!loaded.ok()) {
    *error = loaded.error_text();
    return std::nullopt;
  }
  return std::move(loaded.profile);
}

}  // namespace hwcert::cli

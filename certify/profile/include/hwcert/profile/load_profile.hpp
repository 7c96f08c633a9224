// Loading and validating target profiles. Every problem is reported with the file, line and
// column it comes from; a profile with any problem is not returned.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/profile/profile.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::profile {

// where.line is 0 when the problem has no position (e.g. an unreadable file);
// to_string() is "file:line:column: message".
using ProfileError = support::Diagnostic;

struct ProfileLoad {
  std::optional<TargetProfile> profile;  // set only when errors is empty
  std::vector<ProfileError> errors;
  bool ok() const { return profile.has_value(); }
  std::string error_text() const;  // every error, one a line
};

// `source_name` names the text in errors; `id` becomes TargetProfile::id (must equal the
// profile's `id` key).
ProfileLoad parse_profile(std::string_view toml_text, std::string_view source_name,
                          std::string_view id);
// The id is the file stem ("a100" for targets/a100.toml).
ProfileLoad load_profile(const std::filesystem::path& file);

// Profiles in a directory (*.toml, sorted by name).
std::vector<std::filesystem::path> list_profiles(const std::filesystem::path& dir);

// Where shipped profiles live: $HWCERT_TARGETS_DIR if set, else <prefix>/share/hwcert/targets
// relative to the running executable, else the source tree's certify/targets.
std::filesystem::path default_targets_dir();

}  // namespace hwcert::profile

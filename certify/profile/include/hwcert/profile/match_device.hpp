// Which target profile covers a device: the one whose device_patterns match its name.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "hwcert/profile/profile.hpp"

namespace hwcert::profile {

inline constexpr std::string_view kFallbackTarget = "cpu";

struct DeviceMatch {
  std::string target;   // profile id
  std::string pattern;  // the device_patterns entry found in the name; empty for the fallback
  bool fallback = false;
};

// The profile with a device_patterns entry that occurs in `device_name` (case-sensitive
// substring, as the profiles write them: "H100", "910B"); the longest such entry wins, so a
// more specific pattern beats a general one, and equal lengths go to the first profile.
// None: `kFallbackTarget` with fallback = true.
DeviceMatch match_device(std::span<const TargetProfile> profiles, std::string_view device_name);

}  // namespace hwcert::profile

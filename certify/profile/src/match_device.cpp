#include "hwcert/profile/match_device.hpp"

namespace hwcert::profile {

DeviceMatch match_device(std::span<const TargetProfile> profiles, std::string_view device_name) {
  DeviceMatch best{std::string(kFallbackTarget), "", true};
  for (const TargetProfile& p : profiles) {
    for (const std::string& pattern : p.device_patterns) {
      if (pattern.empty() || device_name.find(pattern) == std::string_view::npos) continue;
      if (!best.fallback && pattern.size() <= best.pattern.size()) continue;
      best = {p.id, pattern, false};
    }
  }
  return best;
}

}  // namespace hwcert::profile

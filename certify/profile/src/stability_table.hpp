// The [stability] table of a target profile (private to the profile loader).
#pragma once

#include "hwcert/profile/profile.hpp"
#include "hwcert/support/toml_reader.hpp"

namespace hwcert::profile {

// Reads duration_s, max_throughput_drift and max_memory_growth_mib; every key is optional
// (the defaults of results::StabilityBounds) and each must be positive (drift below 1).
void read_stability(support::TomlReader& c, const toml::table& root, TargetProfile& p);

}  // namespace hwcert::profile

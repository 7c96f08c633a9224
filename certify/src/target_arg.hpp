// A --target argument: a profile id (certify/targets/<id>.toml) or a path to a TOML file.
#pragma once

#include <optional>
#include <string>

#include "hwcert/profile/profile.hpp"

namespace hwcert::cli {

// The loaded profile, or nullopt with every problem in *error.
std::optional<profile::TargetProfile> load_target(const std::string& target, std::string* error);

}  // namespace hwcert::cli

// Names of the silent behaviours a profile may forbid ([math_modes] forbidden_silent). The op
// names, dtype rules and math modes a profile is checked against come from the op catalogue
// (abi/catalogue).
#pragma once

#include <span>
#include <string_view>

namespace hwcert::profile {

std::span<const std::string_view> silent_behaviours();
bool is_known_silent_behaviour(std::string_view name);

}  // namespace hwcert::profile

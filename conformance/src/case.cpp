// Names of input tiers, and the one-line reproducer of a case.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

#include "hwcert/conformance/case.hpp"
#include "hwcert/conformance/reproducer.hpp"
#include "hwcert/support/enum_names.hpp"

namespace hwcert::conformance {

// Indexed by InputTier.
constexpr std::array<std::string_view, 5> kTierNames = {"exact", "statistical", "special", "range",
                                                        "out_of_range"};

std::string_view to_string(InputTier tier) {
  return support::enum_name(kTierNames, tier, "statistical");
}

std::optional<InputTier> parse_input_tier(std::string_view name) {
  return support::enum_from_name<InputTier>(kTierNames, name);
}

std::string input_tier_list() {
  return fmt::format("{}", fmt::join(kTierNames, ", "));
}

std::string reproducer(const Case& c, std::string_view plugin, uint32_t device_index) {
  std::string line = fmt::format("hwcert run-op --plugin {} --device {} {}", shell_quote(plugin),
                                 device_index, case_spec_arguments(c));
  return line;
}

}  // namespace hwcert::conformance

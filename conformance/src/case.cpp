// Names of input tiers, and the one-line reproducer of a case.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hwcert/conformance/case.hpp"
#include "hwcert/conformance/reproducer.hpp"

namespace hwcert::conformance {

std::string_view to_string(InputTier tier) {
  switch (tier) {
    case InputTier::kExact:
      return "exact";
    case InputTier::kStatistical:
      return "statistical";
    case InputTier::kSpecial:
      return "special";
    case InputTier::kRange:
      return "range";
  }
  return "statistical";
}

std::optional<InputTier> parse_input_tier(std::string_view name) {
  if (name == "exact") return InputTier::kExact;
  if (name == "statistical") return InputTier::kStatistical;
  if (name == "special") return InputTier::kSpecial;
  if (name == "range") return InputTier::kRange;
  return std::nullopt;
}

std::string reproducer(const Case& c, std::string_view plugin, uint32_t device_index) {
  std::string line = fmt::format("hwcert run-op --plugin {} --device {} {}", shell_quote(plugin),
                                 device_index, case_spec_arguments(c));
  return line;
}

}  // namespace hwcert::conformance

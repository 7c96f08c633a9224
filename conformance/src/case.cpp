// Names of tiers and statuses, and the one-line reproducer of a case.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

#include "hwcert/conformance/case.hpp"
#include "hwcert/conformance/reproducer.hpp"

namespace hwcert::conformance {
namespace {

constexpr std::array<std::pair<CaseStatus, std::string_view>, 9> kStatusNames{{
    {CaseStatus::kPass, "pass"},
    {CaseStatus::kFail, "fail"},
    {CaseStatus::kMistrusted, "mistrusted"},
    {CaseStatus::kUnsupported, "unsupported"},
    {CaseStatus::kWaived, "waived"},
    {CaseStatus::kXPass, "xpass"},
    {CaseStatus::kCrash, "crash"},
    {CaseStatus::kTimeout, "timeout"},
    {CaseStatus::kError, "error"},
}};

}  // namespace

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

std::string_view to_string(CaseStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "error";
}

std::optional<CaseStatus> parse_case_status(std::string_view name) {
  for (const auto& [value, text] : kStatusNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string reproducer(const Case& c, std::string_view plugin, uint32_t device_index) {
  std::string line = fmt::format("hwcert run-op --plugin {} --device {} {}", shell_quote(plugin),
                                 device_index, case_spec_arguments(c));
  return line;
}

}  // namespace hwcert::conformance

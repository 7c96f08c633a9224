#include "hwcert/profile/profile.hpp"

#include <algorithm>
#include <array>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/support/enum_names.hpp"

namespace hwcert::profile {

const Level* TargetProfile::find_level(std::string_view level_name) const {
  auto it = std::find_if(levels.begin(), levels.end(),
                         [&](const Level& l) { return l.name == level_name; });
  return it == levels.end() ? nullptr : &*it;
}

const Peak* TargetProfile::find_peak(std::string_view dtype, std::string_view math_mode) const {
  auto it = std::find_if(peaks.begin(), peaks.end(), [&](const Peak& p) {
    return p.dtype == dtype && p.math_mode == math_mode;
  });
  return it == peaks.end() ? nullptr : &*it;
}

bool TargetProfile::is_native(std::string_view dtype) const {
  return std::find(native_dtypes.begin(), native_dtypes.end(), dtype) != native_dtypes.end();
}

std::optional<double> TargetProfile::reference_peak(std::string_view op, std::string_view dtype,
                                                    std::string_view math_mode,
                                                    bool per_chip) const {
  std::optional<double> per_device;
  if (catalogue::is_compute_bound(op)) {
    if (const Peak* p = find_peak(dtype, math_mode)) per_device = p->tflops.value;
  } else if (memory.bandwidth_gbps) {
    per_device = memory.bandwidth_gbps->value;
  }
  if (!per_device || !per_chip) return per_device;
  return *per_device / static_cast<double>(std::max<uint32_t>(chips_per_card, 1));
}

namespace {

// Indexed by FigureBasis.
constexpr std::array<std::string_view, 4> kFigureBasisNames = {"vendor", "derived", "third-party",
                                                               "measured"};

}  // namespace

std::string_view to_string(FigureBasis basis) {
  return support::enum_name(kFigureBasisNames, basis, "vendor");
}

std::optional<FigureBasis> parse_figure_basis(std::string_view name) {
  return support::enum_from_name<FigureBasis>(kFigureBasisNames, name);
}

std::string_view to_string(FloorBasis basis) {
  return basis == FloorBasis::kPeak ? "peak" : "roofline";
}

}  // namespace hwcert::profile

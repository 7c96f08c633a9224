#include "hwcert/plugin_common/attribute_values.hpp"

#include <hwcert/hwcert_plugin.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hwcert::plugin_common {

double nearest_in_dtype(double v, int32_t dtype) {
  struct Format {
    int mantissa_bits, min_exponent, max_exponent;
  };
  Format f{};
  switch (dtype) {
    case HWC_DTYPE_F32:
      f = {23, -126, 127};
      break;
    case HWC_DTYPE_F16:
      f = {10, -14, 15};
      break;
    case HWC_DTYPE_BF16:
      f = {7, -126, 127};
      break;
    default:
      return v;
  }
  if (!std::isfinite(v) || v == 0) return v;
  int e = 0;
  std::frexp(v, &e);  // |v| in [2^(e-1), 2^e)
  // The spacing of the dtype's values around v (the subnormal spacing below the normal range);
  // v / quantum is exact, and nearbyint rounds to nearest even in the default mode.
  const double quantum = std::ldexp(1.0, std::max(e - 1, f.min_exponent) - f.mantissa_bits);
  const double rounded = std::nearbyint(v / quantum) * quantum;
  const double largest = std::ldexp(2.0 - std::ldexp(1.0, -f.mantissa_bits), f.max_exponent);
  return std::fabs(rounded) > largest ? std::copysign(std::numeric_limits<double>::infinity(), v)
                                      : rounded;
}

}  // namespace hwcert::plugin_common

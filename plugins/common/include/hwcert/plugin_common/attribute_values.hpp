// Float attributes (doubles on the ABI) in the dtype an op stores: what clip's bounds become
// when a clamped result is the bound (docs/op-catalogue.md: the bound rounded to the dtype).
#pragma once

#include <cstdint>

namespace hwcert::plugin_common {

/// The value of `dtype` (f64, f32, f16, bf16) nearest to `v`, ties to even, as a double;
/// +-Inf past the dtype's rounding threshold. Rounded once: an f16 bound taken through f32
/// could round twice. Other dtypes, NaN, +-Inf and +-0 return `v`.
double nearest_in_dtype(double v, int32_t dtype);

}  // namespace hwcert::plugin_common

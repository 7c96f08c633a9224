// A float attribute as an element of a tensor: the storage bits of a double converted to a
// dtype by the catalogue's cast rules (docs/op-catalogue.md), for ops that write a constant
// (pad's value) without arithmetic on the device.
#pragma once

#include <cstdint>

namespace hwcert::plugin_common {

/// The element bits (little-endian in the low dtype_size bytes) of `value` cast to `dtype`:
/// floats round to nearest even once (overflow to +-Inf; fp8 saturates as the catalogue
/// says), ints truncate toward zero and saturate (NaN gives 0), bool is value != 0.
uint64_t scalar_bits(double value, int32_t dtype);

}  // namespace hwcert::plugin_common

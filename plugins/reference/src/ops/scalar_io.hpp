// Unaligned-safe element reads/writes and the catalogue's scalar conversion rules.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "dtype_convert.hpp"

namespace hwcert::reference {

template <class T>
inline T read_as(const std::byte* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

template <class T>
inline void write_as(std::byte* p, T value) {
  std::memcpy(p, &value, sizeof(T));
}

// float -> int: truncate toward zero, saturate to I's range, NaN gives 0.
template <class I>
inline I float_to_int_saturating(double v) {
  if (std::isnan(v)) return 0;
  constexpr double lo = static_cast<double>(std::numeric_limits<I>::min());
  // First value above the range: 2^(bits-1) for signed types, 2^bits for unsigned ones.
  constexpr double hi = std::is_signed_v<I>
                            ? -lo
                            : 2.0 * (static_cast<double>(std::numeric_limits<I>::max() / 2) + 1.0);
  const double t = std::trunc(v);
  if (t < lo) return std::numeric_limits<I>::min();
  if (t >= hi) return std::numeric_limits<I>::max();
  return static_cast<I>(t);
}

// An attribute value (double) in compute type C, overflowing to +-Inf instead of UB.
template <class C>
inline C from_double(double v) {
  if constexpr (std::is_same_v<C, float>) {
    return f64_to_f32(v);
  } else {
    return static_cast<C>(v);
  }
}

// int -> int: two's-complement wrap.
template <class I>
inline I wrap_to(int64_t v) {
  return static_cast<I>(static_cast<std::make_unsigned_t<I>>(static_cast<uint64_t>(v)));
}

}  // namespace hwcert::reference

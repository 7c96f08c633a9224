// cast between every pair of dtypes, one kernel for all pairs. Each element is read exactly
// (floats as double, integers and bool as int64) and rounded once into the target:
//   float -> float: round to nearest even; overflow gives Inf except fp8, which saturates
//     (OCP satfinite: +-448 for e4m3, +-57344 for e5m2); Inf gives +-448 in e4m3 (no Inf)
//     and +-Inf in e5m2; NaN stays NaN with its sign (f16/bf16 on the bits, keeping the
//     payload where it fits: kernels/float_bits.hpp).
//   float -> int: truncate toward zero, saturate, NaN -> 0.  int -> int: wrap.
//   int -> float: round to nearest even (int64 goes through a round-to-odd double so that
//     the second rounding is still correct).  any -> bool: x != 0.  bool -> any: 0 or 1.
#include <cuda_fp8.h>
#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <limits>

#include "kernels/device_common.cuh"

namespace hwcert::cuda::kernels {
namespace {

struct Value {
  bool is_float;
  double f;   ///< when is_float
  int64_t i;  ///< otherwise
};

__device__ inline double fp8_to_double(uint8_t bits, __nv_fp8_interpretation_t kind) {
  const __half_raw h = __nv_cvt_fp8_to_halfraw(static_cast<__nv_fp8_storage_t>(bits), kind);
  return static_cast<double>(f16_bits_to_float(h.x));
}

__device__ Value load(const std::byte* base, int64_t element, int32_t dtype) {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return {true, reinterpret_cast<const double*>(base)[element], 0};
    case HWC_DTYPE_F32:
      return {true, reinterpret_cast<const float*>(base)[element], 0};
    case HWC_DTYPE_F16:
      return {true, f16_bits_to_float(reinterpret_cast<const uint16_t*>(base)[element]), 0};
    case HWC_DTYPE_BF16:
      return {true, bf16_bits_to_float(reinterpret_cast<const uint16_t*>(base)[element]), 0};
    case HWC_DTYPE_F8_E4M3:
      return {true, fp8_to_double(reinterpret_cast<const uint8_t*>(base)[element], __NV_E4M3), 0};
    case HWC_DTYPE_F8_E5M2:
      return {true, fp8_to_double(reinterpret_cast<const uint8_t*>(base)[element], __NV_E5M2), 0};
    case HWC_DTYPE_I8:
      return {false, 0.0, reinterpret_cast<const int8_t*>(base)[element]};
    case HWC_DTYPE_U8:
      return {false, 0.0, reinterpret_cast<const uint8_t*>(base)[element]};
    case HWC_DTYPE_I32:
      return {false, 0.0, reinterpret_cast<const int32_t*>(base)[element]};
    case HWC_DTYPE_I64:
      return {false, 0.0, reinterpret_cast<const int64_t*>(base)[element]};
    default:  // bool
      return {false, 0.0, reinterpret_cast<const uint8_t*>(base)[element] != 0 ? 1 : 0};
  }
}

/// x as a double rounded to odd: exact when representable, else the truncated value with
/// its last mantissa bit set. Rounding that again to any format of at most 51 bits gives the
/// correctly rounded result of x.
__device__ inline double int_to_odd_double(int64_t x) {
  double d = __ll2double_rz(x);
  if (static_cast<int64_t>(d) != x) d = __longlong_as_double(__double_as_longlong(d) | 1);
  return d;
}

__device__ inline uint8_t double_to_fp8(double v, __nv_fp8_interpretation_t kind) {
  const uint8_t sign = signbit(v) ? 0x80 : 0x00;
  if (isnan(v)) return sign | (kind == __NV_E4M3 ? 0x7F : 0x7E);
  if (isinf(v)) return sign | (kind == __NV_E4M3 ? 0x7E : 0x7C);  // +-448 / +-Inf
  return static_cast<uint8_t>(__nv_cvt_double_to_fp8(v, __NV_SATFINITE, kind));
}

/// The range of T as constants usable in device code.
template <typename T>
struct IntRange {
  static constexpr T kMin = std::numeric_limits<T>::min();
  static constexpr T kMax = std::numeric_limits<T>::max();
};

template <typename T>
__device__ inline T float_to_int(double v) {
  constexpr double lo = static_cast<double>(IntRange<T>::kMin);
  constexpr double hi = static_cast<double>(IntRange<T>::kMax);  // rounds up to 2^63 for i64
  if (isnan(v)) return T(0);
  const double t = trunc(v);
  if (t <= lo) return IntRange<T>::kMin;
  if (t >= hi) return IntRange<T>::kMax;
  return static_cast<T>(t);
}

template <typename T>
__device__ inline T to_int(const Value& v) {
  return v.is_float ? float_to_int<T>(v.f) : wrap<T>(static_cast<uint64_t>(v.i));
}

__device__ void store(std::byte* base, int64_t element, int32_t dtype, const Value& v) {
  // A value for the narrow float targets: exact floats, or an integer rounded to odd.
  const double wide = v.is_float ? v.f : int_to_odd_double(v.i);
  switch (dtype) {
    case HWC_DTYPE_F64:
      reinterpret_cast<double*>(base)[element] = v.is_float ? v.f : __ll2double_rn(v.i);
      return;
    case HWC_DTYPE_F32:
      reinterpret_cast<float*>(base)[element] =
          v.is_float ? __double2float_rn(v.f) : __ll2float_rn(v.i);
      return;
    case HWC_DTYPE_F16:
      reinterpret_cast<uint16_t*>(base)[element] = double_to_f16_bits(wide);
      return;
    case HWC_DTYPE_BF16:
      reinterpret_cast<uint16_t*>(base)[element] = double_to_bf16_bits(wide);
      return;
    case HWC_DTYPE_F8_E4M3:
      reinterpret_cast<uint8_t*>(base)[element] = double_to_fp8(wide, __NV_E4M3);
      return;
    case HWC_DTYPE_F8_E5M2:
      reinterpret_cast<uint8_t*>(base)[element] = double_to_fp8(wide, __NV_E5M2);
      return;
    case HWC_DTYPE_I8:
      reinterpret_cast<int8_t*>(base)[element] = to_int<int8_t>(v);
      return;
    case HWC_DTYPE_U8:
      reinterpret_cast<uint8_t*>(base)[element] = to_int<uint8_t>(v);
      return;
    case HWC_DTYPE_I32:
      reinterpret_cast<int32_t*>(base)[element] = to_int<int32_t>(v);
      return;
    case HWC_DTYPE_I64:
      reinterpret_cast<int64_t*>(base)[element] = to_int<int64_t>(v);
      return;
    default:  // bool: x != 0 (NaN is true)
      reinterpret_cast<uint8_t*>(base)[element] = (v.is_float ? v.f != 0.0 : v.i != 0) ? 1 : 0;
      return;
  }
}

__global__ void cast_elements(std::byte* y, int32_t y_dtype, const std::byte* x, int32_t x_dtype,
                              Indexer<2> ix, int64_t n) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t o[2];
    ix.offsets(i, o);
    store(y, o[0], y_dtype, load(x, o[1], x_dtype));
  }
}

}  // namespace

cudaError_t cast(std::byte* y, int32_t y_dtype, const Layout& y_layout, const std::byte* x,
                 int32_t x_dtype, const Layout& x_layout, cudaStream_t stream) {
  const int64_t n = element_count(y_layout);
  if (n == 0) return cudaSuccess;
  const Layout* views[2] = {&y_layout, &x_layout};
  cast_elements<<<grid_for(n), kBlock, 0, stream>>>(y, y_dtype, x, x_dtype, make_indexer(views), n);
  return cudaGetLastError();
}

}  // namespace hwcert::cuda::kernels

// Device helpers shared by the row-wise kernels and attention: element types by their
// bits with their accumulation type, math overloads for float and double (exp, log and sqrt
// are those of kernels/device_common.cuh), and warp / block reductions. Included by .cu
// files only.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <hwcert/hwcert_plugin.h>

#include <cstdint>

#include "kernels/device_common.cuh"
#include "kernels/float_bits.hpp"

namespace hwcert::cuda::library::device {

/// A stored element type: Bits is its representation, Acc the type computed in (f16/bf16
/// converted on the bits, NaN keeping its sign: kernels/float_bits.hpp).
struct F64 {
  using Bits = unsigned long long;
  using Acc = double;
  __device__ static Acc load(Bits b) { return __longlong_as_double(static_cast<long long>(b)); }
  __device__ static Bits store(Acc v) { return static_cast<Bits>(__double_as_longlong(v)); }
};
struct F32 {
  using Bits = unsigned int;
  using Acc = float;
  __device__ static Acc load(Bits b) { return __uint_as_float(b); }
  __device__ static Bits store(Acc v) { return __float_as_uint(v); }
};
struct F16 {
  using Bits = unsigned short;
  using Acc = float;
  __device__ static Acc load(Bits b) { return kernels::f16_bits_to_float(b); }
  __device__ static Bits store(Acc v) { return kernels::float_to_f16_bits(v); }
};
struct BF16 {
  using Bits = unsigned short;
  using Acc = float;
  __device__ static Acc load(Bits b) { return kernels::bf16_bits_to_float(b); }
  __device__ static Bits store(Acc v) { return kernels::float_to_bf16_bits(v); }
};

/// launch(T{}) for T the element type (F64, F32, F16, BF16) of the float `dtype`; `otherwise`
/// for any other dtype. Host code: picks the kernel instantiation of a launch.
template <class Result, class Launch>
Result with_element_type(int32_t dtype, Result otherwise, Launch&& launch) {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return launch(F64{});
    case HWC_DTYPE_F32:
      return launch(F32{});
    case HWC_DTYPE_F16:
      return launch(F16{});
    case HWC_DTYPE_BF16:
      return launch(BF16{});
    default:
      return otherwise;
  }
}

// exp, log and sqrt in the compute type: the elementwise kernels' overloads.
using kernels::m_exp;
using kernels::m_log;
using kernels::m_sqrt;

/// max that ignores a NaN operand (a NaN still reaches the result through exp and sums).
__device__ inline float math_max(float a, float b) {
  return fmaxf(a, b);
}
__device__ inline double math_max(double a, double b) {
  return fmax(a, b);
}

__device__ inline float negative_infinity(float) {
  return __int_as_float(static_cast<int>(0xff800000u));
}
__device__ inline double negative_infinity(double) {
  return __longlong_as_double(static_cast<long long>(0xfff0000000000000ull));
}

struct Sum {
  template <typename A>
  __device__ A operator()(A a, A b) const {
    return a + b;
  }
};
struct Max {
  template <typename A>
  __device__ A operator()(A a, A b) const {
    return math_max(a, b);
  }
};

/// Butterfly reduction over a warp: every lane ends with the same value.
template <typename A, typename Op>
__device__ inline A warp_reduce(A v, Op op) {
#pragma unroll
  for (int offset = 16; offset > 0; offset /= 2) v = op(v, __shfl_xor_sync(0xffffffffu, v, offset));
  return v;
}

/// Reduction over a group of THREADS threads: a warp (THREADS == 32) or the whole block
/// (THREADS == blockDim.x, a multiple of 32, at most 1024). Every thread of the group gets
/// the same value. scratch holds 32 values in shared memory; a block-wide call synchronizes
/// the block, so every thread of the block must make it.
template <int THREADS, typename A, typename Op>
__device__ inline A group_reduce(A v, Op op, A* scratch) {
  static_assert(THREADS % 32 == 0 && THREADS <= 1024, "a group is whole warps of one block");
  v = warp_reduce(v, op);
  if constexpr (THREADS > 32) {
    __syncthreads();  // scratch may still be read by the previous reduction
    if (threadIdx.x % 32 == 0) scratch[threadIdx.x / 32] = v;
    __syncthreads();
    v = scratch[0];
#pragma unroll
    for (int w = 1; w < THREADS / 32; ++w) v = op(v, scratch[w]);
  }
  return v;
}

}  // namespace hwcert::cuda::library::device

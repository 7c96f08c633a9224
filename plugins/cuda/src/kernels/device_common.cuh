// Device-side helpers shared by the plugin's kernels: index decomposition over strided
// views, launch geometry, storage/compute types and math overloads.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <type_traits>

#include "kernels/float_bits.hpp"
#include "kernels/kernels.hpp"

namespace hwcert::cuda::kernels {

constexpr int kBlock = 256;

/// Blocks for a grid-stride loop over `work` items (at least 1, at most 2^20).
inline unsigned grid_for(int64_t work) {
  const int64_t blocks = (work + kBlock - 1) / kBlock;
  return static_cast<unsigned>(blocks < 1 ? 1 : (blocks > (1 << 20) ? (1 << 20) : blocks));
}

/// N views over one shape: offsets(i) gives the element offset of linear (row-major)
/// index i in each view.
template <int N>
struct Indexer {
  int32_t rank = 0;
  int64_t shape[kMaxRank] = {};
  int64_t strides[N][kMaxRank] = {};

  __device__ void offsets(int64_t i, int64_t (&out)[N]) const {
#pragma unroll
    for (int v = 0; v < N; ++v) out[v] = 0;
    for (int d = rank - 1; d >= 0; --d) {
      const int64_t extent = shape[d];
      const int64_t k = i % extent;
      i /= extent;
#pragma unroll
      for (int v = 0; v < N; ++v) out[v] += k * strides[v][d];
    }
  }
};

/// An indexer over the shape of layouts[0] (every layout has that shape).
template <int N>
Indexer<N> make_indexer(const Layout* const (&layouts)[N]) {
  Indexer<N> ix;
  ix.rank = layouts[0]->rank;
  for (int d = 0; d < ix.rank; ++d) {
    ix.shape[d] = layouts[0]->shape[d];
    for (int v = 0; v < N; ++v) ix.strides[v][d] = layouts[v]->strides[d];
  }
  return ix;
}

/// Calls f(T{}) with T the unsigned integer type of `element_size` bytes (1, 2, 4 or 8), for
/// kernels that move raw elements of any dtype; cudaErrorInvalidValue for another size.
template <typename F>
cudaError_t with_raw_type(uint32_t element_size, F&& f) {
  switch (element_size) {
    case 1:
      return f(uint8_t{});
    case 2:
      return f(uint16_t{});
    case 4:
      return f(uint32_t{});
    case 8:
      return f(uint64_t{});
    default:
      return cudaErrorInvalidValue;
  }
}

/// Element offset of linear index i in one layout.
__device__ inline int64_t offset_of(const Layout& layout, int64_t i) {
  int64_t offset = 0;
  for (int d = layout.rank - 1; d >= 0; --d) {
    offset += (i % layout.shape[d]) * layout.strides[d];
    i /= layout.shape[d];
  }
  return offset;
}

/// Position (n, c, h, w) of linear index i of an NCHW layout's shape.
__device__ inline void nchw_of(const Layout& l, int64_t i, int64_t (&pos)[4]) {
  pos[3] = i % l.shape[3];
  i /= l.shape[3];
  pos[2] = i % l.shape[2];
  i /= l.shape[2];
  pos[1] = i % l.shape[1];
  pos[0] = i / l.shape[1];
}

/// Storage type S computes as Num<S>::C (f16/bf16 in f32, converted on the bits so that NaN
/// keeps its sign: kernels/float_bits.hpp).
template <typename S>
struct Num {
  using C = S;
  __device__ static C load(S v) { return v; }
  __device__ static S store(C v) { return v; }
};
template <>
struct Num<__half> {
  using C = float;
  __device__ static C load(__half v) { return f16_bits_to_float(__half_as_ushort(v)); }
  __device__ static __half store(C v) { return __ushort_as_half(float_to_f16_bits(v)); }
};
template <>
struct Num<__nv_bfloat16> {
  using C = float;
  __device__ static C load(__nv_bfloat16 v) { return bf16_bits_to_float(__bfloat16_as_ushort(v)); }
  __device__ static __nv_bfloat16 store(C v) {
    return __ushort_as_bfloat16(float_to_bf16_bits(v));
  }
};

/// 16 bytes of S, for vectorized loads and stores.
template <typename S>
struct alignas(16) Pack {
  static constexpr int kCount = 16 / static_cast<int>(sizeof(S));
  S v[kCount];
};

/// True when p is 16-byte aligned.
inline bool aligned16(const void* p) {
  return reinterpret_cast<uintptr_t>(p) % 16 == 0;
}

// Math in the compute type (float or double), without fast-math shortcuts.
__device__ inline float m_exp(float x) {
  return expf(x);
}
__device__ inline double m_exp(double x) {
  return exp(x);
}
__device__ inline float m_log(float x) {
  return logf(x);
}
__device__ inline double m_log(double x) {
  return log(x);
}
__device__ inline float m_sqrt(float x) {
  return sqrtf(x);
}
__device__ inline double m_sqrt(double x) {
  return sqrt(x);
}
__device__ inline float m_tanh(float x) {
  return tanhf(x);
}
__device__ inline double m_tanh(double x) {
  return tanh(x);
}
__device__ inline float m_erfc(float x) {
  return erfcf(x);
}
__device__ inline double m_erfc(double x) {
  return erfc(x);
}
__device__ inline float m_erf(float x) {
  return erff(x);
}
__device__ inline double m_erf(double x) {
  return erf(x);
}
__device__ inline float m_pow(float x, float y) {
  return powf(x, y);
}
__device__ inline double m_pow(double x, double y) {
  return pow(x, y);
}
__device__ inline float m_abs(float x) {
  return fabsf(x);
}
__device__ inline double m_abs(double x) {
  return fabs(x);
}

template <typename C>
__device__ inline bool is_nan(C x) {
  if constexpr (std::is_floating_point_v<C>) {
    return x != x;
  } else {
    return false;
  }
}

/// Integer arithmetic that wraps modulo 2^bits (two's complement), as the catalogue asks.
template <typename T>
__device__ inline T wrap(uint64_t bits) {
  return static_cast<T>(static_cast<std::make_unsigned_t<T>>(bits));
}

}  // namespace hwcert::cuda::kernels

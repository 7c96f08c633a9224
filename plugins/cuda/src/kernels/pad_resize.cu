// pad (constant, reflect, edge) on raw elements of any dtype, and resize of NCHW views:
// nearest on raw elements, bilinear (half-pixel centres) in the float dtype's compute type.
#include <hwcert/hwcert_plugin.h>

#include "kernels/device_common.cuh"
#include "kernels/dtype_dispatch.cuh"

namespace hwcert::cuda::kernels {
namespace {

template <typename T>
__global__ void pad_elements(T* y, const T* x, PadGeometry g, T value, int64_t n) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t rest = i, oy = 0, ox = 0;
    bool inside = true;
    for (int d = g.y.rank - 1; d >= 0; --d) {
      const int64_t q = rest % g.y.shape[d];
      rest /= g.y.shape[d];
      oy += q * g.y.strides[d];
      const int64_t e = g.x.shape[d];
      int64_t s = q - g.begin[d];
      if (g.mode == PadMode::kReflect) {
        s = s < 0 ? -s : (s >= e ? 2 * (e - 1) - s : s);  // mirror, edge not repeated
      } else if (g.mode == PadMode::kEdge) {
        s = s < 0 ? 0 : (s >= e ? e - 1 : s);
      } else {
        inside = inside && s >= 0 && s < e;
      }
      ox += s * g.x.strides[d];
    }
    y[oy] = inside ? x[ox] : value;
  }
}

template <typename T>
__global__ void resize_nearest_elements(T* y, Layout yl, const T* x, Layout xl, int64_t n) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t p[4];
    nchw_of(yl, i, p);
    const int64_t sh = p[2] * xl.shape[2] / yl.shape[2], sw = p[3] * xl.shape[3] / yl.shape[3];
    y[p[0] * yl.strides[0] + p[1] * yl.strides[1] + p[2] * yl.strides[2] + p[3] * yl.strides[3]] =
        x[p[0] * xl.strides[0] + p[1] * xl.strides[1] + sh * xl.strides[2] + sw * xl.strides[3]];
  }
}

/// Bilinear source of output index `dst`: lo, hi and the weight of hi.
template <typename C>
struct Sample {
  int64_t lo, hi;
  C weight;
};

template <typename C>
__device__ Sample<C> sample_position(int64_t dst, int64_t in, int64_t out) {
  C s = (static_cast<C>(dst) + C(0.5)) * static_cast<C>(in) / static_cast<C>(out) - C(0.5);
  if (s < C(0)) s = C(0);
  int64_t lo = static_cast<int64_t>(floor(s));
  if (lo > in - 1) lo = in - 1;
  return {lo, lo + 1 < in ? lo + 1 : in - 1, s - static_cast<C>(lo)};
}

/// (1 - w) a + w b, where a tap of weight 0 takes no part (an Inf there gives no NaN).
template <typename C>
__device__ C mix_taps(C a, C b, C w) {
  return w == C(0) ? a : (C(1) - w) * a + w * b;
}

template <typename S>
__global__ void resize_bilinear_elements(S* y, Layout yl, const S* x, Layout xl, int64_t n) {
  using C = typename Num<S>::C;
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t p[4];
    nchw_of(yl, i, p);
    const Sample<C> h = sample_position<C>(p[2], xl.shape[2], yl.shape[2]);
    const Sample<C> w = sample_position<C>(p[3], xl.shape[3], yl.shape[3]);
    const S* plane = x + p[0] * xl.strides[0] + p[1] * xl.strides[1];
    const auto at = [&](int64_t r, int64_t c) {
      return Num<S>::load(plane[r * xl.strides[2] + c * xl.strides[3]]);
    };
    const C top = mix_taps(at(h.lo, w.lo), at(h.lo, w.hi), w.weight);
    const C bottom = mix_taps(at(h.hi, w.lo), at(h.hi, w.hi), w.weight);
    y[p[0] * yl.strides[0] + p[1] * yl.strides[1] + p[2] * yl.strides[2] + p[3] * yl.strides[3]] =
        Num<S>::store(mix_taps(top, bottom, h.weight));
  }
}

}  // namespace

cudaError_t pad(const PadGeometry& geometry, uint64_t value_bits, std::byte* y, const std::byte* x,
                uint32_t element_size, cudaStream_t stream) {
  const int64_t n = element_count(geometry.y);
  if (n == 0) return cudaSuccess;
  return with_raw_type(element_size, [&](auto tag) {
    using T = decltype(tag);
    pad_elements<<<grid_for(n), kBlock, 0, stream>>>(reinterpret_cast<T*>(y),
                                                     reinterpret_cast<const T*>(x), geometry,
                                                     static_cast<T>(value_bits), n);
    return cudaGetLastError();
  });
}

cudaError_t resize(ResizeMode mode, int32_t dtype, std::byte* y, const Layout& y_layout,
                   const std::byte* x, const Layout& x_layout, cudaStream_t stream) {
  const int64_t n = element_count(y_layout);
  if (n == 0) return cudaSuccess;
  return with_float_type(dtype, [&](auto tag) {
    using S = decltype(tag);
    if (mode == ResizeMode::kBilinear) {
      resize_bilinear_elements<<<grid_for(n), kBlock, 0, stream>>>(
          reinterpret_cast<S*>(y), y_layout, reinterpret_cast<const S*>(x), x_layout, n);
    } else {
      resize_nearest_elements<<<grid_for(n), kBlock, 0, stream>>>(
          reinterpret_cast<S*>(y), y_layout, reinterpret_cast<const S*>(x), x_layout, n);
    }
    return cudaGetLastError();
  });
}

}  // namespace hwcert::cuda::kernels

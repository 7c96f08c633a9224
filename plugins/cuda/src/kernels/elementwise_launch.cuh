// One-input elementwise launches shared by the unary ops and the opset-2 activations: a
// 16-byte vectorized kernel for contiguous aligned views and an index-decomposition kernel
// for any strides. F maps a storage value to a storage value on the device.
#pragma once

#include "kernels/device_common.cuh"

namespace hwcert::cuda::kernels {

template <typename S, typename F>
__global__ void unary_vectorized(S* __restrict__ y, const S* __restrict__ x, int64_t n, F f) {
  using P = Pack<S>;
  const int64_t packs = n / P::kCount;
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const int64_t first = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  for (int64_t p = first; p < packs; p += step) {
    P in = reinterpret_cast<const P*>(x)[p];
    P out;
#pragma unroll
    for (int k = 0; k < P::kCount; ++k) out.v[k] = f(in.v[k]);
    reinterpret_cast<P*>(y)[p] = out;
  }
  for (int64_t i = packs * P::kCount + first; i < n; i += step) y[i] = f(x[i]);
}

template <typename S, typename F>
__global__ void unary_strided(S* y, const S* x, Indexer<2> ix, int64_t n, F f) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t o[2];
    ix.offsets(i, o);
    y[o[0]] = f(x[o[1]]);
  }
}

/// y = f(x) over their common shape (coalesced layouts); enqueues on `stream`.
template <typename S, typename F>
cudaError_t launch_elementwise(std::byte* y, const Layout& yl, const std::byte* x, const Layout& xl,
                               F f, cudaStream_t stream) {
  const int64_t n = element_count(yl);
  if (n == 0) return cudaSuccess;
  auto* ys = reinterpret_cast<S*>(y);
  const auto* xs = reinterpret_cast<const S*>(x);
  const bool dense = yl.rank == 1 && yl.strides[0] == 1 && xl.strides[0] == 1;
  if (dense && aligned16(y) && aligned16(x)) {
    unary_vectorized<<<grid_for(n / Pack<S>::kCount + 1), kBlock, 0, stream>>>(ys, xs, n, f);
  } else {
    const Layout* views[2] = {&yl, &xl};
    unary_strided<<<grid_for(n), kBlock, 0, stream>>>(ys, xs, make_indexer(views), n, f);
  }
  return cudaGetLastError();
}

}  // namespace hwcert::cuda::kernels

// reduce_sum / reduce_max / reduce_mean: a group of threads per output element (a warp, or a
// whole block when the reduced extent is large), strided reads through the reduced layout,
// a fixed combination order (deterministic). f16/bf16/f32 accumulate in f32, f64 in f64,
// integers in 64 bits (sums wrap to the output width). Max propagates NaN; an empty
// reduction gives 0 (sum), -Inf or the lowest integer (max), NaN (mean).
#include <hwcert/hwcert_plugin.h>

#include "kernels/device_common.cuh"
#include "kernels/dtype_dispatch.cuh"

namespace hwcert::cuda::kernels {
namespace {

template <typename S>
using Acc = std::conditional_t<std::is_integral_v<S>, long long, typename Num<S>::C>;

template <ReduceOp Op, typename A>
__device__ A initial() {
  if constexpr (Op != ReduceOp::max) {
    return A(0);
  } else if constexpr (std::is_integral_v<A>) {
    return static_cast<A>(1ULL << 63);  // lowest long long
  } else {
    return -INFINITY;
  }
}

template <ReduceOp Op, typename A>
__device__ A combine(A a, A b) {
  if constexpr (Op == ReduceOp::max) {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    return b > a ? b : a;
  } else if constexpr (std::is_integral_v<A>) {
    return static_cast<A>(static_cast<unsigned long long>(a) + static_cast<unsigned long long>(b));
  } else {
    return a + b;
  }
}

template <ReduceOp Op, typename A>
__device__ A warp_combine(A acc) {
#pragma unroll
  for (int lane_mask = 16; lane_mask > 0; lane_mask >>= 1)
    acc = combine<Op>(acc, __shfl_xor_sync(0xffffffffu, acc, lane_mask));
  return acc;
}

template <typename S, typename A>
__device__ S to_storage(A v) {
  if constexpr (std::is_integral_v<S>) {
    return wrap<S>(static_cast<uint64_t>(v));
  } else {
    return Num<S>::store(v);
  }
}

/// kThreads threads (32 or the whole block) per output element.
template <typename S, ReduceOp Op, int kThreads>
__global__ void reduce_groups(S* y, Layout y_layout, const S* x, Layout kept, Layout reduced,
                              int64_t outputs, int64_t count) {
  using A = Acc<S>;
  __shared__ A partial[kBlock / 32];
  const int lane = static_cast<int>(threadIdx.x) % kThreads;
  const int64_t groups = static_cast<int64_t>(gridDim.x) * (blockDim.x / kThreads);
  const int64_t first = (static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / kThreads;
  for (int64_t o = first; o < outputs; o += groups) {  // o is uniform across the group
    const S* base = x + offset_of(kept, o);
    A acc = initial<Op, A>();
    for (int64_t r = lane; r < count; r += kThreads)
      acc = combine<Op>(acc, static_cast<A>(Num<S>::load(base[offset_of(reduced, r)])));
    acc = warp_combine<Op>(acc);
    if constexpr (kThreads > 32) {
      const int warp = static_cast<int>(threadIdx.x) / 32;
      if (threadIdx.x % 32 == 0) partial[warp] = acc;
      __syncthreads();
      if (warp == 0)
        acc = warp_combine<Op>(lane < kThreads / 32 ? partial[lane] : initial<Op, A>());
      __syncthreads();  // partial is written again in the next iteration
    }
    if (lane != 0) continue;
    if constexpr (Op == ReduceOp::mean) acc = acc / static_cast<A>(count);
    y[offset_of(y_layout, o)] = to_storage<S>(acc);
  }
}

template <typename S, ReduceOp Op>
cudaError_t launch(std::byte* y, const Layout& yl, const std::byte* x, const Layout& kept,
                   const Layout& reduced, cudaStream_t stream) {
  const int64_t outputs = element_count(kept);
  const int64_t count = element_count(reduced);
  if (outputs == 0) return cudaSuccess;
  auto* ys = reinterpret_cast<S*>(y);
  const auto* xs = reinterpret_cast<const S*>(x);
  if (count >= 2048) {
    const auto blocks = static_cast<unsigned>(outputs < (1 << 20) ? outputs : (1 << 20));
    reduce_groups<S, Op, kBlock>
        <<<blocks, kBlock, 0, stream>>>(ys, yl, xs, kept, reduced, outputs, count);
  } else {
    reduce_groups<S, Op, 32>
        <<<grid_for(outputs * 32), kBlock, 0, stream>>>(ys, yl, xs, kept, reduced, outputs, count);
  }
  return cudaGetLastError();
}

template <typename S>
cudaError_t dispatch(ReduceOp op, std::byte* y, const Layout& yl, const std::byte* x,
                     const Layout& kept, const Layout& reduced, cudaStream_t stream) {
  switch (op) {
    case ReduceOp::sum:
      return launch<S, ReduceOp::sum>(y, yl, x, kept, reduced, stream);
    case ReduceOp::max:
      return launch<S, ReduceOp::max>(y, yl, x, kept, reduced, stream);
    case ReduceOp::mean:
      if constexpr (std::is_integral_v<S>)
        return cudaErrorInvalidValue;
      else
        return launch<S, ReduceOp::mean>(y, yl, x, kept, reduced, stream);
  }
  return cudaErrorInvalidValue;
}

}  // namespace

cudaError_t reduce(ReduceOp op, int32_t dtype, std::byte* y, const Layout& y_layout,
                   const std::byte* x, const Layout& x_kept, const Layout& x_reduced,
                   cudaStream_t stream) {
  return launch_for_dtype<HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16,
                          HWC_DTYPE_I32, HWC_DTYPE_I64>(dtype, [&](auto storage) {
    return dispatch<decltype(storage)>(op, y, y_layout, x, x_kept, x_reduced, stream);
  });
}

}  // namespace hwcert::cuda::kernels

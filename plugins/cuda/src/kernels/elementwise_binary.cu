// Binary elementwise ops with numpy broadcasting (the host passes a and b broadcast to y's
// shape with stride 0): a 16-byte vectorized kernel when all three views are contiguous and
// aligned, an index-decomposition kernel otherwise. Integers wrap; max/min propagate NaN.
#include <hwcert/hwcert_plugin.h>

#include "kernels/device_common.cuh"
#include "kernels/dtype_dispatch.cuh"

namespace hwcert::cuda::kernels {
namespace {

template <BinaryOp Op, typename C>
__device__ C apply(C a, C b) {
  if constexpr (Op == BinaryOp::max || Op == BinaryOp::min) {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    if constexpr (Op == BinaryOp::max) {
      return a > b ? a : b;
    } else {
      return a < b ? a : b;
    }
  } else if constexpr (std::is_integral_v<C>) {
    const auto x = static_cast<uint64_t>(static_cast<int64_t>(a));
    const auto y = static_cast<uint64_t>(static_cast<int64_t>(b));
    if constexpr (Op == BinaryOp::add) {
      return wrap<C>(x + y);
    } else if constexpr (Op == BinaryOp::sub) {
      return wrap<C>(x - y);
    } else {
      return wrap<C>(x * y);  // mul; div and pow take float dtypes only (checked on the host)
    }
  } else if constexpr (Op == BinaryOp::add) {
    return a + b;
  } else if constexpr (Op == BinaryOp::sub) {
    return a - b;
  } else if constexpr (Op == BinaryOp::mul) {
    return a * b;
  } else if constexpr (Op == BinaryOp::div) {
    return a / b;
  } else {
    return m_pow(a, b);
  }
}

template <BinaryOp Op, typename S>
struct BinaryFn {
  __device__ S operator()(S a, S b) const {
    return Num<S>::store(apply<Op>(Num<S>::load(a), Num<S>::load(b)));
  }
};

template <typename S, typename F>
__global__ void binary_vectorized(S* __restrict__ y, const S* __restrict__ a,
                                  const S* __restrict__ b, int64_t n, F f) {
  using P = Pack<S>;
  const int64_t packs = n / P::kCount;
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const int64_t first = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  for (int64_t p = first; p < packs; p += step) {
    P pa = reinterpret_cast<const P*>(a)[p];
    P pb = reinterpret_cast<const P*>(b)[p];
    P out;
#pragma unroll
    for (int k = 0; k < P::kCount; ++k) out.v[k] = f(pa.v[k], pb.v[k]);
    reinterpret_cast<P*>(y)[p] = out;
  }
  for (int64_t i = packs * P::kCount + first; i < n; i += step) y[i] = f(a[i], b[i]);
}

template <typename S, typename F>
__global__ void binary_strided(S* y, const S* a, const S* b, Indexer<3> ix, int64_t n, F f) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t o[3];
    ix.offsets(i, o);
    y[o[0]] = f(a[o[1]], b[o[2]]);
  }
}

struct Operands {
  std::byte* y;
  const Layout& yl;
  const std::byte* a;
  const Layout& al;
  const std::byte* b;
  const Layout& bl;
  cudaStream_t stream;
};

template <typename S, BinaryOp Op>
cudaError_t launch(const Operands& o) {
  const int64_t n = element_count(o.yl);
  if (n == 0) return cudaSuccess;
  auto* y = reinterpret_cast<S*>(o.y);
  const auto* a = reinterpret_cast<const S*>(o.a);
  const auto* b = reinterpret_cast<const S*>(o.b);
  const bool dense =
      o.yl.rank == 1 && o.yl.strides[0] == 1 && o.al.strides[0] == 1 && o.bl.strides[0] == 1;
  if (dense && aligned16(y) && aligned16(a) && aligned16(b)) {
    binary_vectorized<<<grid_for(n / Pack<S>::kCount + 1), kBlock, 0, o.stream>>>(
        y, a, b, n, BinaryFn<Op, S>{});
  } else {
    const Layout* views[3] = {&o.yl, &o.al, &o.bl};
    binary_strided<<<grid_for(n), kBlock, 0, o.stream>>>(y, a, b, make_indexer(views), n,
                                                         BinaryFn<Op, S>{});
  }
  return cudaGetLastError();
}

template <typename S>
cudaError_t dispatch(BinaryOp op, const Operands& o) {
  switch (op) {
    case BinaryOp::add:
      return launch<S, BinaryOp::add>(o);
    case BinaryOp::sub:
      return launch<S, BinaryOp::sub>(o);
    case BinaryOp::mul:
      return launch<S, BinaryOp::mul>(o);
    case BinaryOp::max:
      return launch<S, BinaryOp::max>(o);
    case BinaryOp::min:
      return launch<S, BinaryOp::min>(o);
    case BinaryOp::div:
      if constexpr (std::is_integral_v<S>)
        return cudaErrorInvalidValue;
      else
        return launch<S, BinaryOp::div>(o);
    case BinaryOp::pow:
      if constexpr (std::is_integral_v<S>)
        return cudaErrorInvalidValue;
      else
        return launch<S, BinaryOp::pow>(o);
  }
  return cudaErrorInvalidValue;
}

}  // namespace

cudaError_t binary(BinaryOp op, int32_t dtype, std::byte* y, const Layout& y_layout,
                   const std::byte* a, const Layout& a_layout, const std::byte* b,
                   const Layout& b_layout, cudaStream_t stream) {
  const Operands o{y, y_layout, a, a_layout, b, b_layout, stream};
  return launch_for_dtype<HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16, HWC_DTYPE_I8,
                          HWC_DTYPE_U8, HWC_DTYPE_I32, HWC_DTYPE_I64>(
      dtype, [&](auto storage) { return dispatch<decltype(storage)>(op, o); });
}

}  // namespace hwcert::cuda::kernels

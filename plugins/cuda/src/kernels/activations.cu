// The opset-2 activations (through launch_elementwise) and inference batch_norm. f16 and bf16
// compute in f32 and round once when stored.
#include <hwcert/hwcert_plugin.h>

#include "kernels/device_common.cuh"
#include "kernels/elementwise_launch.cuh"

namespace hwcert::cuda::kernels {
namespace {

// max(0, min(1, t)); NaN stays NaN.
template <typename C>
__device__ C unit_clamp(C t) {
  return t < C(0) ? C(0) : (t > C(1) ? C(1) : t);
}

template <ActivationOp Op, typename C>
__device__ C activate(C x, C a, C b) {
  if constexpr (Op == ActivationOp::clip) {
    const C low = x < a ? a : x;  // a NaN x compares false twice and stays (fmin/fmax would not)
    return low > b ? b : low;
  }
  if constexpr (Op == ActivationOp::leaky_relu) return x >= C(0) ? x : a * x;
  if constexpr (Op == ActivationOp::hard_sigmoid) return unit_clamp(a * x + b);
  if constexpr (Op == ActivationOp::hard_swish) return x * unit_clamp(x / C(6) + C(0.5));
  return m_erf(x);
}

template <ActivationOp Op, typename S>
struct ActivationFn {
  typename Num<S>::C a, b;
  __device__ S operator()(S v) const { return Num<S>::store(activate<Op>(Num<S>::load(v), a, b)); }
};

template <typename S, ActivationOp Op>
cudaError_t launch(double a, double b, std::byte* y, const Layout& yl, const std::byte* x,
                   const Layout& xl, cudaStream_t s) {
  using C = typename Num<S>::C;
  const ActivationFn<Op, S> f{static_cast<C>(a), static_cast<C>(b)};
  return launch_elementwise<S>(y, yl, x, xl, f, s);
}

template <typename S>
cudaError_t dispatch(ActivationOp op, double a, double b, std::byte* y, const Layout& yl,
                     const std::byte* x, const Layout& xl, cudaStream_t s) {
  switch (op) {
    case ActivationOp::clip:
      return launch<S, ActivationOp::clip>(a, b, y, yl, x, xl, s);
    case ActivationOp::leaky_relu:
      return launch<S, ActivationOp::leaky_relu>(a, b, y, yl, x, xl, s);
    case ActivationOp::hard_sigmoid:
      return launch<S, ActivationOp::hard_sigmoid>(a, b, y, yl, x, xl, s);
    case ActivationOp::hard_swish:
      return launch<S, ActivationOp::hard_swish>(a, b, y, yl, x, xl, s);
    case ActivationOp::erf:
      return launch<S, ActivationOp::erf>(a, b, y, yl, x, xl, s);
  }
  return cudaErrorInvalidValue;
}

template <typename S>
__global__ void batch_norm_kernel(S* y, const S* x, Indexer<2> ix, ChannelParams p, int64_t n,
                                  int64_t inner, int64_t channels, typename Num<S>::C epsilon) {
  using C = typename Num<S>::C;
  const auto param = [&](int k, int64_t c) {
    return Num<S>::load(reinterpret_cast<const S*>(p.data[k])[c * p.strides[k]]);
  };
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t o[2];
    ix.offsets(i, o);
    const int64_t c = (i / inner) % channels;
    const C inv = C(1) / m_sqrt(param(3, c) + epsilon);
    const C centred = Num<S>::load(x[o[1]]) - param(2, c);
    y[o[0]] = Num<S>::store(centred * inv * param(0, c) + param(1, c));
  }
}

template <typename S>
cudaError_t launch_batch_norm(std::byte* y, const Layout& yl, const std::byte* x, const Layout& xl,
                              const ChannelParams& params, int64_t inner, int64_t channels,
                              double epsilon, cudaStream_t s) {
  const int64_t n = element_count(yl);
  if (n == 0) return cudaSuccess;
  const Layout* views[2] = {&yl, &xl};
  batch_norm_kernel<S><<<grid_for(n), kBlock, 0, s>>>(
      reinterpret_cast<S*>(y), reinterpret_cast<const S*>(x), make_indexer(views), params, n, inner,
      channels, static_cast<typename Num<S>::C>(epsilon));
  return cudaGetLastError();
}

}  // namespace

cudaError_t activation(ActivationOp op, int32_t dtype, double a, double b, std::byte* y,
                       const Layout& y_layout, const std::byte* x, const Layout& x_layout,
                       cudaStream_t stream) {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return dispatch<double>(op, a, b, y, y_layout, x, x_layout, stream);
    case HWC_DTYPE_F32:
      return dispatch<float>(op, a, b, y, y_layout, x, x_layout, stream);
    case HWC_DTYPE_F16:
      return dispatch<__half>(op, a, b, y, y_layout, x, x_layout, stream);
    case HWC_DTYPE_BF16:
      return dispatch<__nv_bfloat16>(op, a, b, y, y_layout, x, x_layout, stream);
    default:
      return cudaErrorInvalidValue;
  }
}

cudaError_t batch_norm(int32_t dtype, std::byte* y, const Layout& y_layout, const std::byte* x,
                       const Layout& x_layout, const ChannelParams& params, int64_t inner,
                       int64_t channels, double epsilon, cudaStream_t stream) {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return launch_batch_norm<double>(y, y_layout, x, x_layout, params, inner, channels, epsilon,
                                       stream);
    case HWC_DTYPE_F32:
      return launch_batch_norm<float>(y, y_layout, x, x_layout, params, inner, channels, epsilon,
                                      stream);
    case HWC_DTYPE_F16:
      return launch_batch_norm<__half>(y, y_layout, x, x_layout, params, inner, channels, epsilon,
                                       stream);
    case HWC_DTYPE_BF16:
      return launch_batch_norm<__nv_bfloat16>(y, y_layout, x, x_layout, params, inner, channels,
                                              epsilon, stream);
    default:
      return cudaErrorInvalidValue;
  }
}

}  // namespace hwcert::cuda::kernels

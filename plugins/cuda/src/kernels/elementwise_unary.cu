// Unary elementwise ops through launch_elementwise (kernels/elementwise_launch.cuh). f16 and
// bf16 compute in f32.
#include <hwcert/hwcert_plugin.h>

#include "kernels/device_common.cuh"
#include "kernels/dtype_dispatch.cuh"
#include "kernels/elementwise_launch.cuh"

namespace hwcert::cuda::kernels {
namespace {

// sigmoid(t) with exp of a non-positive argument only: 1 / (1 + exp(-t)) gives 0 once exp(-t)
// overflows (t < -88.7 in f32) where the result is still subnormal, and x / (1 + exp(-t))
// gives -0 where silu and gelu are still normal numbers.
template <typename C>
__device__ C logistic(C t) {
  const C one = 1;
  const C e = m_exp(-m_abs(t));
  return t >= C(0) ? one / (one + e) : e / (one + e);
}

template <UnaryOp Op, typename C>
__device__ C apply(C x) {
  if constexpr (std::is_integral_v<C>) {
    const auto bits = static_cast<uint64_t>(static_cast<int64_t>(x));
    if constexpr (Op == UnaryOp::neg) return wrap<C>(0 - bits);
    if constexpr (Op == UnaryOp::abs) return x < 0 ? wrap<C>(0 - bits) : x;
    if constexpr (Op == UnaryOp::relu) return x > 0 ? x : C(0);
    return x;  // not reached: other ops take float dtypes only (checked on the host)
  } else {
    const C one = 1, half = 0.5;
    if constexpr (Op == UnaryOp::neg) return -x;
    if constexpr (Op == UnaryOp::abs) return m_abs(x);
    if constexpr (Op == UnaryOp::exp) return m_exp(x);
    if constexpr (Op == UnaryOp::log) return m_log(x);
    if constexpr (Op == UnaryOp::sqrt) return m_sqrt(x);
    if constexpr (Op == UnaryOp::rsqrt) return one / m_sqrt(x);
    if constexpr (Op == UnaryOp::tanh) return m_tanh(x);
    if constexpr (Op == UnaryOp::sigmoid) return logistic(x);
    if constexpr (Op == UnaryOp::relu) return is_nan(x) ? x : (x > C(0) ? x : C(0));
    if constexpr (Op == UnaryOp::gelu_erf) {
      // x * Phi(x) = 0.5 x erfc(-x / sqrt(2)): accurate for negative x, where 1 + erf(x / sqrt(2))
      // would cancel.
      const C inv_sqrt2 = static_cast<C>(0.70710678118654752440);
      return half * x * m_erfc(-x * inv_sqrt2);
    }
    if constexpr (Op == UnaryOp::gelu_tanh) {
      // 0.5 x (1 + tanh z) = x * sigmoid(2z): 1 + tanh z cancels to 0 for z below about -9.
      const C k = static_cast<C>(0.79788456080286535588), c = static_cast<C>(0.044715);
      return x * logistic(C(2) * (k * (x + c * x * x * x)));
    }
    if constexpr (Op == UnaryOp::silu) return x * logistic(x);
    return x;
  }
}

template <UnaryOp Op, typename S>
struct UnaryFn {
  __device__ S operator()(S v) const { return Num<S>::store(apply<Op>(Num<S>::load(v))); }
};

template <typename S, UnaryOp Op>
cudaError_t launch(std::byte* y, const Layout& yl, const std::byte* x, const Layout& xl,
                   cudaStream_t stream) {
  return launch_elementwise<S>(y, yl, x, xl, UnaryFn<Op, S>{}, stream);
}

/// The ops defined on integer elements; the others take float dtypes only (checked on the
/// host, refused here too).
constexpr bool defined_on_integers(UnaryOp op) {
  return op == UnaryOp::neg || op == UnaryOp::abs || op == UnaryOp::relu;
}

/// launch<S, Op>, or cudaErrorInvalidValue for a float-only op on integers (not instantiated).
template <typename S, UnaryOp Op>
cudaError_t launch_if_defined(std::byte* y, const Layout& yl, const std::byte* x, const Layout& xl,
                              cudaStream_t s) {
  if constexpr (std::is_integral_v<S> && !defined_on_integers(Op))
    return cudaErrorInvalidValue;
  else
    return launch<S, Op>(y, yl, x, xl, s);
}

template <typename S>
cudaError_t dispatch(UnaryOp op, std::byte* y, const Layout& yl, const std::byte* x,
                     const Layout& xl, cudaStream_t s) {
  switch (op) {
    case UnaryOp::neg:
      return launch_if_defined<S, UnaryOp::neg>(y, yl, x, xl, s);
    case UnaryOp::abs:
      return launch_if_defined<S, UnaryOp::abs>(y, yl, x, xl, s);
    case UnaryOp::exp:
      return launch_if_defined<S, UnaryOp::exp>(y, yl, x, xl, s);
    case UnaryOp::log:
      return launch_if_defined<S, UnaryOp::log>(y, yl, x, xl, s);
    case UnaryOp::sqrt:
      return launch_if_defined<S, UnaryOp::sqrt>(y, yl, x, xl, s);
    case UnaryOp::rsqrt:
      return launch_if_defined<S, UnaryOp::rsqrt>(y, yl, x, xl, s);
    case UnaryOp::tanh:
      return launch_if_defined<S, UnaryOp::tanh>(y, yl, x, xl, s);
    case UnaryOp::sigmoid:
      return launch_if_defined<S, UnaryOp::sigmoid>(y, yl, x, xl, s);
    case UnaryOp::relu:
      return launch_if_defined<S, UnaryOp::relu>(y, yl, x, xl, s);
    case UnaryOp::gelu_erf:
      return launch_if_defined<S, UnaryOp::gelu_erf>(y, yl, x, xl, s);
    case UnaryOp::gelu_tanh:
      return launch_if_defined<S, UnaryOp::gelu_tanh>(y, yl, x, xl, s);
    case UnaryOp::silu:
      return launch_if_defined<S, UnaryOp::silu>(y, yl, x, xl, s);
  }
  return cudaErrorInvalidValue;
}

}  // namespace

cudaError_t unary(UnaryOp op, int32_t dtype, std::byte* y, const Layout& y_layout,
                  const std::byte* x, const Layout& x_layout, cudaStream_t stream) {
  return launch_for_dtype<HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16, HWC_DTYPE_I8,
                          HWC_DTYPE_I32, HWC_DTYPE_I64>(dtype, [&](auto storage) {
    return dispatch<decltype(storage)>(op, y, y_layout, x, x_layout, stream);
  });
}

}  // namespace hwcert::cuda::kernels

// Unary and binary elementwise ops. f16/bf16 compute in f32 and round once when stored;
// f64 computes in f64; integers compute in int64 and wrap when stored.
#include <cmath>
#include <string>
#include <type_traits>

#include "dtype.hpp"
#include "error.hpp"
#include "ops/op_prepare.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

constexpr int64_t kBlock = 1024;

enum class Unary {
  kNeg,
  kAbs,
  kExp,
  kLog,
  kSqrt,
  kRsqrt,
  kTanh,
  kSigmoid,
  kRelu,
  kGeluErf,
  kGeluTanh,
  kSilu
};
enum class Binary { kAdd, kSub, kMul, kDiv, kMax, kMin, kPow };

// Integer arithmetic in int64 that wraps instead of overflowing.
inline int64_t wrap_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline int64_t wrap_sub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
inline int64_t wrap_mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

template <class C>
void apply_unary(Unary op, const C* x, C* y, int64_t n) {
  if constexpr (std::is_same_v<C, int64_t>) {
    switch (op) {
      case Unary::kNeg:
        for (int64_t i = 0; i < n; ++i) y[i] = wrap_sub(0, x[i]);
        return;
      case Unary::kAbs:
        for (int64_t i = 0; i < n; ++i) y[i] = x[i] < 0 ? wrap_sub(0, x[i]) : x[i];
        return;
      case Unary::kRelu:
        for (int64_t i = 0; i < n; ++i) y[i] = x[i] > 0 ? x[i] : 0;
        return;
      default:
        fail(HWC_STATUS_INTERNAL, "integer unary op not available");
    }
  } else {
    const C one = 1;
    const C half = static_cast<C>(0.5);
    switch (op) {
      case Unary::kNeg:
        for (int64_t i = 0; i < n; ++i) y[i] = -x[i];
        return;
      case Unary::kAbs:
        for (int64_t i = 0; i < n; ++i) y[i] = std::fabs(x[i]);
        return;
      case Unary::kExp:
        for (int64_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
        return;
      case Unary::kLog:
        for (int64_t i = 0; i < n; ++i) y[i] = std::log(x[i]);
        return;
      case Unary::kSqrt:
        for (int64_t i = 0; i < n; ++i) y[i] = std::sqrt(x[i]);
        return;
      case Unary::kRsqrt:
        for (int64_t i = 0; i < n; ++i) y[i] = one / std::sqrt(x[i]);
        return;
      case Unary::kTanh:
        for (int64_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
        return;
      case Unary::kSigmoid:
        // exp of a non-positive argument only: no overflow, tiny results stay subnormal.
        for (int64_t i = 0; i < n; ++i) {
          const C e = std::exp(-std::fabs(x[i]));
          y[i] = x[i] >= 0 ? one / (one + e) : e / (one + e);
        }
        return;
      case Unary::kRelu:
        for (int64_t i = 0; i < n; ++i) y[i] = (x[i] > 0 || std::isnan(x[i])) ? x[i] : C(0);
        return;
      case Unary::kGeluErf: {
        // x * Phi(x) = 0.5 x erfc(-x / sqrt 2): no cancellation in 1 + erf for negative x.
        const C inv_sqrt2 = static_cast<C>(0.70710678118654752440);
        for (int64_t i = 0; i < n; ++i) y[i] = half * x[i] * std::erfc(-x[i] * inv_sqrt2);
        return;
      }
      case Unary::kGeluTanh: {
        const C k = static_cast<C>(0.79788456080286535588);  // sqrt(2/pi)
        const C c = static_cast<C>(0.044715);
        for (int64_t i = 0; i < n; ++i) {
          const C v = x[i];
          y[i] = half * v * (one + std::tanh(k * (v + c * v * v * v)));
        }
        return;
      }
      case Unary::kSilu:
        for (int64_t i = 0; i < n; ++i) {
          const C e = std::exp(-std::fabs(x[i]));
          y[i] = x[i] * (x[i] >= 0 ? one / (one + e) : e / (one + e));
        }
        return;
        for (int64_t i = 0; i < n; ++i) y[i] = x[i] / (one + std::exp(-x[i]));
        return;
    }
  }
}

template <class C>
C nan_max(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (std::isnan(a) || std::isnan(b)) return a + b;
    if (a == b) return std::signbit(a) ? b : a;  // max(-0, +0) = +0
  }
  return a > b ? a : b;
}

template <class C>
C nan_min(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (std::isnan(a) || std::isnan(b)) return a + b;
    if (a == b) return std::signbit(a) ? a : b;  // min(-0, +0) = -0
  }
  return a < b ? a : b;
}

template <class C>
void apply_binary(Binary op, const C* a, const C* b, C* y, int64_t n) {
  if constexpr (std::is_same_v<C, int64_t>) {
    switch (op) {
      case Binary::kAdd:
        for (int64_t i = 0; i < n; ++i) y[i] = wrap_add(a[i], b[i]);
        return;
      case Binary::kSub:
        for (int64_t i = 0; i < n; ++i) y[i] = wrap_sub(a[i], b[i]);
        return;
      case Binary::kMul:
        for (int64_t i = 0; i < n; ++i) y[i] = wrap_mul(a[i], b[i]);
        return;
      case Binary::kMax:
        for (int64_t i = 0; i < n; ++i) y[i] = nan_max(a[i], b[i]);
        return;
      case Binary::kMin:
        for (int64_t i = 0; i < n; ++i) y[i] = nan_min(a[i], b[i]);
        return;
      default:
        fail(HWC_STATUS_INTERNAL, "integer binary op not available");
    }
  } else {
    switch (op) {
      case Binary::kAdd:
        for (int64_t i = 0; i < n; ++i) y[i] = a[i] + b[i];
        return;
      case Binary::kSub:
        for (int64_t i = 0; i < n; ++i) y[i] = a[i] - b[i];
        return;
      case Binary::kMul:
        for (int64_t i = 0; i < n; ++i) y[i] = a[i] * b[i];
        return;
      case Binary::kDiv:
        for (int64_t i = 0; i < n; ++i) y[i] = a[i] / b[i];
        return;
      case Binary::kMax:
        for (int64_t i = 0; i < n; ++i) y[i] = nan_max(a[i], b[i]);
        return;
      case Binary::kMin:
        for (int64_t i = 0; i < n; ++i) y[i] = nan_min(a[i], b[i]);
        return;
      case Binary::kPow:
        for (int64_t i = 0; i < n; ++i) y[i] = std::pow(a[i], b[i]);
        return;
    }
  }
}

template <class C>
void run_unary(Unary op, const Operand& x, const Operand& y, ThreadPool& pool) {
  const StridedLoop loop(y.view.dims(), {view_strides(y.view), view_strides(x.view)});
  loop.for_each_block(pool, kBlock, [&](const int64_t* offsets, int64_t count) {
    C in[kBlock];
    C out[kBlock];
    load_row<C>(x.view.dtype, element_at(x, offsets[1]), loop.inner_stride(1), count, in);
    apply_unary<C>(op, in, out, count);
    store_row<C>(y.view.dtype, element_at(y, offsets[0]), loop.inner_stride(0), count, out);
  });
}

template <class C>
void run_binary(Binary op, const Operand& a, const Operand& b, const Operand& y, ThreadPool& pool) {
  const std::vector<int64_t> shape = y.view.dims();
  const StridedLoop loop(shape, {view_strides(y.view), broadcast_strides(a.view, shape),
                                 broadcast_strides(b.view, shape)});
  loop.for_each_block(pool, kBlock, [&](const int64_t* offsets, int64_t count) {
    C in_a[kBlock];
    C in_b[kBlock];
    C out[kBlock];
    load_row<C>(a.view.dtype, element_at(a, offsets[1]), loop.inner_stride(1), count, in_a);
    load_row<C>(b.view.dtype, element_at(b, offsets[2]), loop.inner_stride(2), count, in_b);
    apply_binary<C>(op, in_a, in_b, out, count);
    store_row<C>(y.view.dtype, element_at(y, offsets[0]), loop.inner_stride(0), count, out);
  });
}

// Calls fn with a value of the compute type of `dtype`.
template <class Fn>
void with_compute_type(int32_t dtype, Fn&& fn) {
  if (dtype == HWC_DTYPE_F64) {
    fn(double{});
  } else if (is_int_dtype(dtype)) {
    fn(int64_t{});
  } else {
    fn(float{});
  }
}

Unary parse_unary(const OpCall& call, const AttributeReader& attrs) {
  const std::string& n = call.name;
  if (n == "neg") return Unary::kNeg;
  if (n == "abs") return Unary::kAbs;
  if (n == "exp") return Unary::kExp;
  if (n == "log") return Unary::kLog;
  if (n == "sqrt") return Unary::kSqrt;
  if (n == "rsqrt") return Unary::kRsqrt;
  if (n == "tanh") return Unary::kTanh;
  if (n == "sigmoid") return Unary::kSigmoid;
  if (n == "relu") return Unary::kRelu;
  if (n == "silu") return Unary::kSilu;
  if (n == "gelu") {
    const std::string approximate = attrs.get_string("approximate", "none");
    if (approximate == "none") return Unary::kGeluErf;
    if (approximate == "tanh") return Unary::kGeluTanh;
    attrs.bad_value("approximate", "must be \"none\" or \"tanh\", got \"" + approximate + "\"");
  }
  fail(HWC_STATUS_INTERNAL, "not a unary op: " + n);
}

Binary parse_binary(const std::string& n) {
  if (n == "add") return Binary::kAdd;
  if (n == "sub") return Binary::kSub;
  if (n == "mul") return Binary::kMul;
  if (n == "div") return Binary::kDiv;
  if (n == "max") return Binary::kMax;
  if (n == "min") return Binary::kMin;
  if (n == "pow") return Binary::kPow;
  fail(HWC_STATUS_INTERNAL, "not a binary op: " + n);
}

}  // namespace

OpRunner prepare_unary(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const AttributeReader attrs(call, call.name == "gelu"
                                        ? std::initializer_list<std::string_view>{"approximate"}
                                        : std::initializer_list<std::string_view>{});
  const Unary op = parse_unary(call, attrs);
  const int32_t dtype = call.inputs[0].dtype;
  if (op == Unary::kNeg || op == Unary::kAbs || op == Unary::kRelu) {
    expect_dtype_in(call, dtype,
                    {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16, HWC_DTYPE_I8,
                     HWC_DTYPE_I32, HWC_DTYPE_I64},
                    "input");
  } else {
    expect_dtype_in(call, dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                    "input");
  }
  expect_dtype(call, call.outputs[0], dtype, "output");
  expect_shape(call, call.outputs[0], call.inputs[0].dims(), "output");
  return [op, dtype](const Operands& io, ThreadPool& pool) {
    with_compute_type(
        dtype, [&](auto tag) { run_unary<decltype(tag)>(op, io.inputs[0], io.outputs[0], pool); });
  };
}

OpRunner prepare_binary(const OpCall& call) {
  expect_counts(call, 2, 2, 1);
  const AttributeReader attrs(call, {});
  const Binary op = parse_binary(call.name);
  const int32_t dtype = call.inputs[0].dtype;
  if (call.inputs[1].dtype != dtype) {
    fail_invalid(call.name + ": inputs have different dtypes (" + dtype_name(dtype) + " and " +
                 dtype_name(call.inputs[1].dtype) + ")");
  }
  if (op == Binary::kDiv || op == Binary::kPow) {
    expect_dtype_in(call, dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                    "input");
  } else {
    expect_dtype_in(call, dtype,
                    {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16, HWC_DTYPE_I8,
                     HWC_DTYPE_U8, HWC_DTYPE_I32, HWC_DTYPE_I64},
                    "input");
  }
  expect_dtype(call, call.outputs[0], dtype, "output");
  const std::vector<int64_t> shape =
      broadcast_shapes(call, call.inputs[0].dims(), call.inputs[1].dims());
  expect_shape(call, call.outputs[0], shape, "output");
  return [op, dtype](const Operands& io, ThreadPool& pool) {
    with_compute_type(dtype, [&](auto tag) {
      run_binary<decltype(tag)>(op, io.inputs[0], io.inputs[1], io.outputs[0], pool);
    });
  };
}

}  // namespace hwcert::reference

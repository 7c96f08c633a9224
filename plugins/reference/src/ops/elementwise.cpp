// Unary and binary elementwise ops (the opset-2 activations included). f16/bf16 compute in f32
// and round once when stored; f64 computes in f64; integers compute in int64 and wrap when
// stored.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include <hwcert/plugin_common/attribute_values.hpp>

#include "dtype.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/op_prepare.hpp"
#include "ops/scalar_io.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

constexpr int64_t kElementwiseBlock = 1024;

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
  kSilu,
  kClip,
  kLeakyRelu,
  kHardSigmoid,
  kHardSwish,
  kErf
};

// Attribute values of a unary op in its compute type: clip's bounds (a, b), leaky_relu's
// alpha (a), hard_sigmoid's alpha and beta (a, b).
template <class C>
struct UnaryParams {
  C a = 0, b = 0;
};
enum class Binary { kAdd, kSub, kMul, kDiv, kMax, kMin, kPow };

template <class C>
constexpr bool is_integer_compute = std::is_same_v<C, int64_t>;

// Integer arithmetic in int64 wraps instead of overflowing; floats use the plain operators.
template <class C>
C add(C a, C b) {
  if constexpr (is_integer_compute<C>) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  }
  return a + b;
}
template <class C>
C sub(C a, C b) {
  if constexpr (is_integer_compute<C>) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
  }
  return a - b;
}
template <class C>
C mul(C a, C b) {
  if constexpr (is_integer_compute<C>) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
  }
  return a * b;
}

// The planted i64-through-double error: the exact result rounded to 53 bits (kept in range).
inline int64_t through_double(int64_t v) {
  const double d = static_cast<double>(v);
  return d >= 0x1p63 ? v : static_cast<int64_t>(d);
}

// max/min with a NaN operand: NaN; the planted fmax-style variant returns the other operand.
template <class C>
C nan_operand_result(C a, C b) {
  if (mutant(Mutant::kMaxMinDropNan)) return std::isnan(a) ? b : a;
  return a + b;
}

template <class C>
C nan_max(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (std::isnan(a) || std::isnan(b)) return nan_operand_result(a, b);
    if (a == b) return std::signbit(a) ? b : a;  // max(-0, +0) = +0
  }
  return a > b ? a : b;
}

template <class C>
C nan_min(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (std::isnan(a) || std::isnan(b)) return nan_operand_result(a, b);
    if (a == b) return std::signbit(a) ? a : b;  // min(-0, +0) = -0
  }
  return a < b ? a : b;
}

// x * sigmoid(x) for silu, sigmoid(x) alone: exp of a non-positive argument only, so no
// overflow and tiny results stay subnormal.
template <class C>
C sigmoid(C x) {
  const C e = std::exp(-std::fabs(x));
  return x >= 0 ? C(1) / (C(1) + e) : e / (C(1) + e);
}

// max(0, min(1, t)); NaN stays NaN.
template <class C>
C unit_clamp(C t) {
  return t < C(0) ? C(0) : (t > C(1) ? C(1) : t);
}

// Abramowitz & Stegun 7.1.26: a five-term fit of erf with an absolute error up to 1.5e-7
// (the planted low-order erf).
template <class C>
C erf_abramowitz_stegun(C x) {
  const double a = std::fabs(static_cast<double>(x));
  const double t = 1.0 / (1.0 + 0.3275911 * a);
  const double poly =
      t *
      (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return static_cast<C>(std::copysign(1.0 - poly * std::exp(-a * a), static_cast<double>(x)));
}

// The planted forms of the opset-2 activations (src/mutant.hpp).
template <class C>
bool planted_activation(Unary op, const UnaryParams<C>& p, C x, C& y) {
  if (op == Unary::kErf && mutant(Mutant::kErfViaErfc)) {
    y = C(1) - std::erfc(x);
  } else if (op == Unary::kErf && mutant(Mutant::kErfLowOrder)) {
    y = erf_abramowitz_stegun(x);
  } else if (op == Unary::kClip && mutant(Mutant::kClipDropsNan)) {
    y = std::fmin(std::fmax(x, p.a), p.b);
  } else if (op == Unary::kHardSwish && mutant(Mutant::kHardSwishOnnxHardSigmoid)) {
    y = x * unit_clamp(static_cast<C>(0.2) * x + static_cast<C>(0.5));
  } else if (op == Unary::kHardSwish && mutant(Mutant::kBenignHardSwishRelu6)) {
    y = x * (std::min(std::max(x + C(3), C(0)), C(6)) / C(6));
  } else if (op == Unary::kLeakyRelu && mutant(Mutant::kLeakyReluAsMax)) {
    y = std::max(x, p.a * x);
  } else {
    return false;
  }
  return true;
}

// The planted unstable forms of the mutation harness (src/mutant.hpp): true with `y` set when
// the active variant replaces `op`.
template <class C>
bool planted_unary(Unary op, const UnaryParams<C>& p, C x, C& y) {
  const C one = 1;
  if (planted_activation(op, p, x, y)) return true;
  if (op == Unary::kSigmoid && mutant(Mutant::kSigmoidNaive)) {
    y = one / (one + std::exp(-x));
  } else if (op == Unary::kSilu && mutant(Mutant::kSiluNaive)) {
    y = x / (one + std::exp(-x));
  } else if (op == Unary::kGeluErf && mutant(Mutant::kGeluErfCancels)) {
    y = static_cast<C>(0.5) * x * (one + std::erf(x * static_cast<C>(0.70710678118654752440)));
  } else if (op == Unary::kGeluTanh && mutant(Mutant::kGeluTanhNaive)) {
    const C z = static_cast<C>(0.79788456080286535588) * (x + static_cast<C>(0.044715) * x * x * x);
    y = x / (one + std::exp(-2 * z));
  } else if (op == Unary::kExp && mutant(Mutant::kExpFlushesSubnormals)) {
    y = std::exp(x);
    if (std::fabs(y) < std::numeric_limits<C>::min()) y = 0;
  } else {
    return false;
  }
  return true;
}

// The opset-2 activations (docs/op-catalogue.md).
template <class C>
C activation(Unary op, const UnaryParams<C>& p, C x) {
  switch (op) {
    case Unary::kClip: {
      const C low = x < p.a ? p.a : x;  // a NaN x compares false twice and stays
      return low > p.b ? p.b : low;
    }
    case Unary::kLeakyRelu:
      return x >= C(0) ? x : p.a * x;
    case Unary::kHardSigmoid:
      return unit_clamp(p.a * x + p.b);
    case Unary::kHardSwish:
      return x * unit_clamp(x / C(6) + static_cast<C>(0.5));
    case Unary::kErf:
      return std::erf(x);
    default:
      return x;
  }
}

// The float-only unary ops; integers have neg, abs and relu alone.
template <class C>
C float_unary(Unary op, const UnaryParams<C>& p, C x) {
  const C half = static_cast<C>(0.5);
  if (C planted; planted_unary(op, p, x, planted)) return planted;
  switch (op) {
    case Unary::kExp:
      return std::exp(x);
    case Unary::kLog:
      return std::log(x);
    case Unary::kSqrt:
      return std::sqrt(x);
    case Unary::kRsqrt:
      return C(1) / std::sqrt(x);
    case Unary::kTanh:
      return std::tanh(x);
    case Unary::kSigmoid:
      return sigmoid(x);
    case Unary::kSilu:
      return x * sigmoid(x);
    case Unary::kGeluErf:
      // x * Phi(x) = 0.5 x erfc(-x / sqrt 2): no cancellation in 1 + erf for negative x.
      return half * x * std::erfc(-x * static_cast<C>(0.70710678118654752440));
    case Unary::kGeluTanh: {
      // 0.5 x (1 + tanh z) = x * sigmoid(2z): 1 + tanh z cancels to 0 for z below about -9
      // (x < -5.2 in f32) where the result is still a normal number.
      const C k = static_cast<C>(0.79788456080286535588);  // sqrt(2/pi)
      const C c = static_cast<C>(0.044715);
      return x * sigmoid(C(2) * (k * (x + c * x * x * x)));
    }
    default:
      return activation(op, p, x);
  }
}

// -x; an int64 wraps (-INT64_MIN is INT64_MIN), a float keeps the sign of zero.
template <class C>
C negate(C x) {
  if constexpr (is_integer_compute<C>) return sub(C(0), x);
  return -x;
}

template <class C>
void apply_unary(Unary op, const UnaryParams<C>& p, const C* x, C* y, int64_t n) {
  const auto each = [&](auto f) {
    for (int64_t i = 0; i < n; ++i) y[i] = f(x[i]);
  };
  switch (op) {
    case Unary::kNeg:
      return each(negate<C>);
    case Unary::kAbs:
      if constexpr (is_integer_compute<C>) {
        return each([](C v) { return v < 0 ? negate(v) : v; });
      } else {
        return each([](C v) { return std::fabs(v); });
      }
    case Unary::kRelu:
      return each([](C v) { return (v > 0 || std::isnan(v)) ? v : C(0); });
    default:
      if constexpr (is_integer_compute<C>) {
        fail(HWC_STATUS_INTERNAL, "integer unary op not available");
      } else {
        // The op is chosen per element here; the math function dominates each element's cost.
        return each([op, &p](C v) { return float_unary(op, p, v); });
      }
  }
}

template <class C>
void apply_binary(Binary op, const C* a, const C* b, C* y, int64_t n) {
  const auto each = [&](auto f) {
    for (int64_t i = 0; i < n; ++i) y[i] = f(a[i], b[i]);
  };
  switch (op) {
    case Binary::kAdd:
      return each(add<C>);
    case Binary::kSub:
      return each(sub<C>);
    case Binary::kMul:
      return each(mul<C>);
    case Binary::kMax:
      return each(nan_max<C>);
    case Binary::kMin:
      return each(nan_min<C>);
    case Binary::kDiv:
      if constexpr (!is_integer_compute<C>) return each([](C p, C q) { return p / q; });
      break;
    case Binary::kPow:
      if constexpr (!is_integer_compute<C>) return each([](C p, C q) { return std::pow(p, q); });
      break;
  }
  fail(HWC_STATUS_INTERNAL, "integer binary op not available");
}

template <class C>
void run_unary(Unary op, const UnaryParams<double>& attrs, const Operand& x, const Operand& y,
               ThreadPool& pool) {
  const UnaryParams<C> p{from_double<C>(attrs.a), from_double<C>(attrs.b)};
  const StridedLoop loop(y.view.dims(), {view_strides(y.view), view_strides(x.view)});
  loop.for_each_block(pool, kElementwiseBlock, [&](const int64_t* offsets, int64_t count) {
    C in[kElementwiseBlock];
    C out[kElementwiseBlock];
    load_row<C>(x.view.dtype, element_at(x, offsets[1]), loop.inner_stride(1), count, in);
    apply_unary<C>(op, p, in, out, count);
    if constexpr (is_integer_compute<C>) {
      if (op == Unary::kAbs && mutant(Mutant::kAbsIntSaturates)) {  // abs(min) -> max
        const auto max =
            static_cast<int64_t>((uint64_t{1} << (8 * dtype_size(y.view.dtype) - 1)) - 1);
        for (int64_t i = 0; i < count; ++i) out[i] = out[i] < 0 || out[i] > max ? max : out[i];
      }
    }
    store_row<C>(y.view.dtype, element_at(y, offsets[0]), loop.inner_stride(0), count, out);
  });
}

template <class C>
void run_binary(Binary op, const Operand& a, const Operand& b, const Operand& y, ThreadPool& pool) {
  const std::vector<int64_t> shape = y.view.dims();
  const StridedLoop loop(shape, {view_strides(y.view), broadcast_strides(a.view, shape),
                                 broadcast_strides(b.view, shape)});
  loop.for_each_block(pool, kElementwiseBlock, [&](const int64_t* offsets, int64_t count) {
    C in_a[kElementwiseBlock];
    C in_b[kElementwiseBlock];
    C out[kElementwiseBlock];
    load_row<C>(a.view.dtype, element_at(a, offsets[1]), loop.inner_stride(1), count, in_a);
    load_row<C>(b.view.dtype, element_at(b, offsets[2]), loop.inner_stride(2), count, in_b);
    apply_binary<C>(op, in_a, in_b, out, count);
    if constexpr (is_integer_compute<C>) {
      if ((op == Binary::kAdd || op == Binary::kSub) && mutant(Mutant::kAddI64ViaDouble)) {
        for (int64_t i = 0; i < count; ++i) out[i] = through_double(out[i]);
      }
    }
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

// Op names in the order of the enums; "gelu" names two unary ops, told apart by `approximate`.
constexpr std::array<std::string_view, 17> kUnaryNames = {
    "neg",  "abs",  "exp",  "log",  "sqrt",       "rsqrt",        "tanh",       "sigmoid", "relu",
    "gelu", "gelu", "silu", "clip", "leaky_relu", "hard_sigmoid", "hard_swish", "erf"};
constexpr std::array<std::string_view, 7> kBinaryNames = {"add", "sub", "mul", "div",
                                                          "max", "min", "pow"};

template <class Op, std::size_t N>
Op op_named(const std::array<std::string_view, N>& names, const std::string& name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Op>(i);
  }
  fail(HWC_STATUS_INTERNAL, "not an elementwise op: " + name);
}

Unary parse_unary(const OpCall& call, const OpAttributes& attrs) {
  if (call.name == "gelu") {
    const std::string approximate = attrs.get_string("approximate", "none");
    if (approximate == "none") return Unary::kGeluErf;
    if (approximate == "tanh") return Unary::kGeluTanh;
    attrs.bad_value("approximate", "must be \"none\" or \"tanh\", got \"" + approximate + "\"");
  }
  return op_named<Unary>(kUnaryNames, call.name);
}

// The attributes a unary op takes (any other is INVALID_ARGUMENT).
const OpAttributes& unary_attributes(const OpCall& call) {
  if (call.name == "gelu") return call.checked_attributes({"approximate"});
  if (call.name == "clip") return call.checked_attributes({"min", "max"});
  if (call.name == "leaky_relu") return call.checked_attributes({"alpha"});
  if (call.name == "hard_sigmoid") return call.checked_attributes({"alpha", "beta"});
  return call.checked_attributes({});
}

// The attributes of the unary ops that take them. clip's bounds are rounded to the dtype once,
// so that a clamped result is the bound's nearest value of the dtype (rounded through f32 an
// f16 bound could round twice).
UnaryParams<double> unary_params(Unary op, const OpAttributes& attrs, int32_t dtype) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  switch (op) {
    case Unary::kClip:
      return {plugin_common::nearest_in_dtype(attrs.get_float("min", -kInf), dtype),
              plugin_common::nearest_in_dtype(attrs.get_float("max", kInf), dtype)};
    case Unary::kLeakyRelu:
      return {attrs.get_float("alpha", 0.01), 0};
    case Unary::kHardSigmoid:
      return {attrs.get_float("alpha", 0.2), attrs.get_float("beta", 0.5)};
    default:
      return {};
  }
}

}  // namespace

OpRunner prepare_unary(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = unary_attributes(call);
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
  const UnaryParams<double> params = unary_params(op, attrs, dtype);
  return [op, params, dtype](const Operands& io, ThreadPool& pool) {
    with_compute_type(dtype, [&](auto tag) {
      run_unary<decltype(tag)>(op, params, io.inputs[0], io.outputs[0], pool);
    });
  };
}

OpRunner prepare_binary(const OpCall& call) {
  expect_counts(call, 2, 2, 1);
  call.checked_attributes({});  // the op takes none
  const Binary op = op_named<Binary>(kBinaryNames, call.name);
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

// Oracle for the elementwise unary and binary ops, in double; integer dtypes in exact
// integer arithmetic with two's-complement wrap (applied when the result is encoded).
#include <limits>

#include "hwcert/catalogue/op_schema.hpp"
#include "oracle_evaluator.hpp"

namespace hwcert::conformance::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// x * Phi(x) through erfc, accurate for large negative x as well.
double gelu_erf(double x) {
  return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
}

// 1 / (1 + exp(-x)) with exp of a non-positive argument only: no overflow, and results
// that are subnormal in double stay subnormal instead of flushing through exp(-x) = Inf.
double sigmoid(double x) {
  const double e = std::exp(-std::fabs(x));
  return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

double gelu_tanh_z(double x) {
  return std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x);
}

// 0.5 x (1 + tanh(z)) = x * sigmoid(2z): free of cancellation for x < 0.
double gelu_tanh(double x) {
  return x * sigmoid(2.0 * gelu_tanh_z(x));
}

// Attribute values of the unary ops that take them: gelu's form; clip's bounds (a, b);
// leaky_relu's alpha (a); hard_sigmoid's alpha and beta (a, b).
struct UnaryParams {
  bool tanh_form = false;
  double a = 0, b = 0;
};

UnaryParams unary_params(const OpCall& call) {
  const std::string& op = call.op_name();
  const catalogue::Attrs attrs(call, *catalogue::find_op_schema(op));
  if (op == "gelu") return {attrs.get_string("approximate") == "tanh"};
  if (op == "clip") return {false, attrs.get_float("min"), attrs.get_float("max")};
  if (op == "leaky_relu") return {false, attrs.get_float("alpha")};
  if (op == "hard_sigmoid") return {false, attrs.get_float("alpha"), attrs.get_float("beta")};
  if (op == "hard_swish") return {false, 1.0 / 6.0, 0.5};  // x * hard_sigmoid(x; 1/6, 1/2)
  return {};
}

// max(0, min(1, t)) with NaN kept.
double unit_clamp(double t) {
  return t < 0 ? 0.0 : (t > 1 ? 1.0 : t);
}

// The opset-2 activations.
double activation(std::string_view op, const UnaryParams& p, double x) {
  if (op == "clip") {
    const double low = x < p.a ? p.a : x;  // a NaN x compares false twice and stays
    return low > p.b ? p.b : low;
  }
  if (op == "leaky_relu") return x >= 0 ? x : p.a * x;
  if (op == "hard_sigmoid") return unit_clamp(p.a * x + p.b);
  if (op == "hard_swish") return x * unit_clamp(x / 6.0 + 0.5);
  if (op == "erf") return std::erf(x);
  return kNaN;
}

double unary_real(std::string_view op, const UnaryParams& p, double x) {
  if (op == "neg") return -x;
  if (op == "abs") return std::fabs(x);
  if (op == "exp") return std::exp(x);
  if (op == "log") return std::log(x);
  if (op == "sqrt") return std::sqrt(x);
  if (op == "rsqrt") return 1.0 / std::sqrt(x);
  if (op == "tanh") return std::tanh(x);
  if (op == "sigmoid") return sigmoid(x);
  if (op == "relu") return std::isnan(x) ? x : (x > 0 ? x : 0.0);
  if (op == "gelu") return p.tanh_form ? gelu_tanh(x) : gelu_erf(x);
  if (op == "silu") return x * sigmoid(x);
  return activation(op, p, x);
}

int64_t wrap_neg(int64_t x) {
  return static_cast<int64_t>(uint64_t{0} - static_cast<uint64_t>(x));
}

int64_t unary_integer(std::string_view op, int64_t x) {
  if (op == "neg") return wrap_neg(x);
  if (op == "abs") return x < 0 ? wrap_neg(x) : x;
  return x > 0 ? x : 0;  // relu
}

double binary_real(std::string_view op, double a, double b) {
  if (op == "add") return a + b;
  if (op == "sub") return a - b;
  if (op == "mul") return a * b;
  if (op == "div") return a / b;
  if (op == "pow") return std::pow(a, b);
  if (std::isnan(a) || std::isnan(b)) return kNaN;  // max/min propagate NaN
  if (op == "max") return a > b ? a : (b > a ? b : (std::signbit(a) ? b : a));
  return a < b ? a : (b < a ? b : (std::signbit(a) ? a : b));  // min
}

int64_t binary_integer(std::string_view op, int64_t a, int64_t b) {
  const auto ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  if (op == "add") return static_cast<int64_t>(ua + ub);
  if (op == "sub") return static_cast<int64_t>(ua - ub);
  if (op == "mul") return static_cast<int64_t>(ua * ub);
  if (op == "max") return a > b ? a : b;
  return a < b ? a : b;
}

class Unary final : public Evaluator {
 public:
  explicit Unary(const EvalContext& ctx)
      : op_(ctx.call->op_name()),
        x_(ctx.inputs[0]),
        integer_(is_integer(x_.spec().dtype)),
        params_(unary_params(*ctx.call)) {
    // The error models of gelu, silu and the hard_* family are in units of eps of the dtype
    // they are computed in (f32 unless f64).
    modelled_ = op_ == "gelu" || op_ == "silu" || op_ == "hard_sigmoid" || op_ == "hard_swish";
    const DType compute = ctx.call->outputs()[0].dtype == DType::kF64 ? DType::kF64 : DType::kF32;
    compute_eps_ = std::ldexp(1.0, -mantissa_bits(compute));
    // exp(-|x|) or the tail of erfc below the normal range keeps only an absolute accuracy of
    // its smallest subnormal, which the product carries as |x| times that.
    subnormal_ =
        (compute == DType::kF64 ? std::numeric_limits<double>::denorm_min()
                                : static_cast<double>(std::numeric_limits<float>::denorm_min())) /
        compute_eps_;
  }
  RefValue eval(std::span<const int64_t> index) override {
    if (integer_) return RefValue::of_integer(unary_integer(op_, x_.integer(index)));
    const double x = x_.real(index);
    return RefValue::of_real(unary_real(op_, params_, x), modelled_error(x));
  }

 private:
  double modelled_error(double x) const {
    if (!modelled_ || !std::isfinite(x)) return 0.0;
    if (op_ == "silu") return std::fabs(x) * subnormal_;
    if (op_ == "gelu") return gelu_error(x);
    return hard_sigmoid_error(x);
  }

  // hard_sigmoid's t = alpha*x + beta (hard_swish: x/6 + 1/2, then times x) rounds alpha (or
  // the 1/6), the product and the sum in the compute dtype: below eps*(|alpha*x| + |beta|)
  // absolute, which near t = 0 exceeds any ulp of the result. Where t is clamped by more than
  // that the result is an exact 0 or 1 (error 0); hard_swish carries the factor's error
  // times |x|.
  double hard_sigmoid_error(double x) const {
    const double t = params_.a * x + params_.b;
    const double spread = std::fabs(params_.a * x) + std::fabs(params_.b);
    const double slack = 4.0 * compute_eps_ * spread;
    if (t < -slack || t > 1.0 + slack) return 0.0;
    return op_ == "hard_swish" ? std::fabs(x) * spread : spread;
  }

  // First-order error of gelu evaluated from correctly rounded pieces in the compute dtype,
  // in units of its eps (docs/numerics.md):
  //  - erf form: 1 + erf(x/sqrt2) formed from an erf that is off by up to eps near -1 (two of
  //    its ulps): 0.5|x| * eps, capped by the tail 1 + erf = 2 Phi(x) itself; and the rounding
  //    of x/sqrt2 carried by the condition number of Phi, x^2 phi(x);
  //  - tanh form: x * sigmoid(2z) has no cancellation in a stable form (1 + tanh z, which
  //    cancels to 0 for z < -9, is not one), so only the rounding of z carried through the
  //    logistic: z = k(x + c x^3) from f32-rounded k and c in five operations errs by up to
  //    seven roundings, 3.5 eps |z|, and d log(y)/dz = 2 sigmoid(-2z), i.e.
  //    0.5|x| (1 - tanh^2 z) * 3.5|z|.
  // The last roundings of the product are relative (the rule's ulp term). An erfc form
  // (0.5 x erfc(-x/sqrt2)) or x * sigmoid(2z) stays inside; an erf-less approximation of the
  // erf form, 1 + tanh z, x / (1 + exp(-2z)) once exp(-2z) overflows, or a tanh/erf evaluated
  // in f16/bf16 arithmetic does not.
  double gelu_error(double x) const {
    if (params_.tanh_form) {
      const double z = gelu_tanh_z(x);
      const double slope = 4.0 * sigmoid(2.0 * z) * sigmoid(-2.0 * z);  // 1 - tanh^2 z
      return 0.5 * std::fabs(x) * slope * 3.5 * std::fabs(z) + std::fabs(x) * subnormal_;
    }
    const double tail = std::erfc(std::fabs(x) / std::sqrt(2.0));  // 1 + erf(-|x|/sqrt2)
    const double density = std::exp(-0.5 * x * x) / std::sqrt(2.0 * M_PI);
    return 0.5 * std::fabs(x) * std::min(1.0, tail / compute_eps_) + x * x * density +
           std::fabs(x) * subnormal_;
  }

  std::string op_;
  TensorReader x_;
  bool integer_;
  UnaryParams params_;
  bool modelled_ = false;
  double compute_eps_ = 0;
  double subnormal_ = 0;  // the compute dtype's smallest subnormal, in its eps
};

class Binary final : public Evaluator {
 public:
  explicit Binary(const EvalContext& ctx)
      : op_(ctx.call->op_name()),
        a_(ctx.inputs[0]),
        b_(ctx.inputs[1]),
        integer_(is_integer(a_.spec().dtype)) {}
  RefValue eval(std::span<const int64_t> index) override {
    broadcast_index(index, a_.spec().shape, ia_);
    broadcast_index(index, b_.spec().shape, ib_);
    if (integer_) {
      return RefValue::of_integer(binary_integer(op_, a_.integer(ia_), b_.integer(ib_)));
    }
    return RefValue::of_real(binary_real(op_, a_.real(ia_), b_.real(ib_)));
  }

 private:
  std::string op_;
  TensorReader a_, b_;
  bool integer_;
  std::vector<int64_t> ia_, ib_;
};

}  // namespace

std::unique_ptr<Evaluator> make_elementwise(const EvalContext& ctx) {
  const catalogue::OpSchema* schema = catalogue::find_op_schema(ctx.call->op_name());
  if (schema->family == catalogue::OpFamily::kUnary) return std::make_unique<Unary>(ctx);
  if (schema->family == catalogue::OpFamily::kBinary) return std::make_unique<Binary>(ctx);
  return nullptr;
}

}  // namespace hwcert::conformance::detail

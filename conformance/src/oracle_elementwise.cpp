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

double unary_real(std::string_view op, bool tanh_form, double x) {
  if (op == "neg") return -x;
  if (op == "abs") return std::fabs(x);
  if (op == "exp") return std::exp(x);
  if (op == "log") return std::log(x);
  if (op == "sqrt") return std::sqrt(x);
  if (op == "rsqrt") return 1.0 / std::sqrt(x);
  if (op == "tanh") return std::tanh(x);
  if (op == "sigmoid") return sigmoid(x);
  if (op == "relu") return std::isnan(x) ? x : (x > 0 ? x : 0.0);
  if (op == "gelu") return tanh_form ? gelu_tanh(x) : gelu_erf(x);
  if (op == "silu") return x * sigmoid(x);
  return kNaN;
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
      : op_(ctx.call->op_name()), x_(ctx.inputs[0]), integer_(is_integer(x_.spec().dtype)) {
    const catalogue::OpSchema& schema = *catalogue::find_op_schema(op_);
    tanh_form_ =
        op_ == "gelu" && catalogue::Attrs(*ctx.call, schema).get_string("approximate") == "tanh";
    // gelu and silu are products x * g(x): implementations lose accuracy relative to |x|.
    scaled_ = op_ == "gelu" || op_ == "silu";
    tail_scale_ = std::ldexp(1.0, mantissa_bits(ctx.call->outputs()[0].dtype) + 7);
  }
  RefValue eval(std::span<const int64_t> index) override {
    if (integer_) return RefValue::of_integer(unary_integer(op_, x_.integer(index)));
    const double x = x_.real(index);
    return RefValue::of_real(unary_real(op_, tanh_form_, x), scaled_ ? magnitude(x) : 0.0);
  }

  // Scale of the cancellation allowance of x * g(x): implementations form 1 + erf(x/sqrt2)
  // (or 1 + exp(-x)) and lose about eps*|x| of the result while the tail g(-|x|) is above
  // eps. Further out the result itself is tiny (an implementation flushes it to 0): the scale
  // shrinks with the tail, min(1, tail * 2^(mantissa+7)), so the accepted error stays within
  // a few hundred times |y| there and garbage near 0 for huge |x| is not accepted.
  double magnitude(double x) const {
    if (!std::isfinite(x)) return 0.0;
    double tail = 0;
    if (op_ == "silu") {
      tail = sigmoid(-std::fabs(x));
    } else if (tanh_form_) {
      tail = sigmoid(-2.0 * std::fabs(gelu_tanh_z(x)));
    } else {
      tail = 0.5 * std::erfc(std::fabs(x) / std::sqrt(2.0));
    }
    return std::fabs(x) * std::min(1.0, tail * tail_scale_);
  }

 private:
  std::string op_;
  TensorReader x_;
  bool integer_;
  bool tanh_form_ = false;
  bool scaled_ = false;
  double tail_scale_ = 1;
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

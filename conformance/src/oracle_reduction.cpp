// Oracle for reduce_sum / reduce_max / reduce_mean and the normalisations (softmax,
// log_softmax, layer_norm, rms_norm, batch_norm).
#include <limits>

#include "hwcert/catalogue/op_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "oracle_evaluator.hpp"

namespace hwcert::conformance::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double nan_max(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  return a > b ? a : b;
}

class Reduce final : public Evaluator {
 public:
  Reduce(const EvalContext& ctx, catalogue::ReductionGeometry g)
      : op_(ctx.call->op_name()), x_(ctx.inputs[0]), g_(std::move(g)) {
    const auto& shape = x_.spec().shape;
    for (std::size_t d = 0; d < shape.size(); ++d) {
      if (g_.reduced[d]) reduced_shape_.push_back(shape[d]);
    }
    count_ = shape_elements(reduced_shape_);
    integer_ = is_integer(x_.spec().dtype);
  }

  RefValue eval(std::span<const int64_t> out) override {
    const std::size_t rank = x_.spec().rank();
    std::vector<int64_t> in(rank, 0);
    std::size_t o = 0;
    for (std::size_t d = 0; d < rank; ++d) {
      if (!g_.reduced[d]) {
        in[d] = out[o++];
      } else if (g_.keepdims) {
        ++o;
      }
    }
    std::vector<int64_t> r(reduced_shape_.size(), 0);
    Accumulator sum, abs_sum;
    uint64_t wrapped = 0;
    int64_t int_max = std::numeric_limits<int64_t>::min();
    double max = -std::numeric_limits<double>::infinity();
    if (count_ > 0) {
      do {
        std::size_t k = 0;
        for (std::size_t d = 0; d < rank; ++d) {
          if (g_.reduced[d]) in[d] = r[k++];
        }
        if (integer_) {
          const int64_t v = x_.integer(in);
          wrapped += static_cast<uint64_t>(v);
          int_max = std::max(int_max, v);
        } else {
          const double v = x_.real(in);
          sum.add(v);
          abs_sum.add(std::fabs(v));
          max = nan_max(max, v);
        }
      } while (next_index(reduced_shape_, r));
    }
    if (integer_) {
      return RefValue::of_integer(op_ == "reduce_max" ? int_max : static_cast<int64_t>(wrapped));
    }
    if (op_ == "reduce_max") return RefValue::of_real(max);
    if (op_ == "reduce_sum") return RefValue::of_real(sum.value(), abs_sum.value());
    const auto n = static_cast<double>(count_);
    return RefValue::of_real(sum.value() / n, abs_sum.value() / n);
  }

 private:
  std::string op_;
  TensorReader x_;
  catalogue::ReductionGeometry g_;
  std::vector<int64_t> reduced_shape_;
  int64_t count_ = 0;
  bool integer_ = false;
};

// Row statistics are cached: outputs are visited row by row.
class Softmax final : public Evaluator {
 public:
  Softmax(const EvalContext& ctx, int64_t axis)
      : log_(ctx.call->op_name() == "log_softmax"), x_(ctx.inputs[0]), axis_(axis) {}

  RefValue eval(std::span<const int64_t> out) override {
    std::vector<int64_t> key(out.begin(), out.end());
    key[axis_] = 0;
    if (key != row_) compute_row(key);
    const double x = x_.real(out);
    if (log_) {
      const double y = x - max_ - std::log(sum_);
      const double n = static_cast<double>(extent_);
      return RefValue::of_real(
          y, 1.0 + (std::fabs(x) + std::fabs(max_) + std::fabs(std::log(sum_))) / n);
    }
    // Besides exp, the K-term sum and the divide (K*eps relative), a device rounds x - max:
    // a relative error u*|x - max| that exp carries into y_i and, weighted by y_j, into the sum.
    const double y = std::exp(x - max_) / sum_;
    const double n = static_cast<double>(extent_);
    return RefValue::of_real(y, y == 0 ? 0.0 : y * (1.0 + (std::fabs(x - max_) + spread_) / n));
  }

 private:
  void compute_row(const std::vector<int64_t>& key) {
    row_ = key;
    std::vector<int64_t> i = key;
    extent_ = x_.spec().shape[axis_];
    max_ = -std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < extent_; ++j) {
      i[axis_] = j;
      max_ = nan_max(max_, x_.real(i));
    }
    Accumulator sum, weighted;
    for (int64_t j = 0; j < extent_; ++j) {
      i[axis_] = j;
      const double e = std::exp(x_.real(i) - max_);
      sum.add(e);
      if (e > 0) weighted.add(e * std::fabs(x_.real(i) - max_));
    }
    sum_ = sum.value();
    spread_ = weighted.value() / sum_;  // sum_j y_j |x_j - max|
  }

  bool log_;
  TensorReader x_;
  int64_t axis_;
  std::vector<int64_t> row_;
  int64_t extent_ = 0;
  double max_ = 0, sum_ = 1, spread_ = 0;
};

class Norm final : public Evaluator {
 public:
  Norm(const EvalContext& ctx, int64_t axis, double epsilon)
      : rms_(ctx.call->op_name() == "rms_norm"),
        x_(ctx.inputs[0]),
        gamma_(ctx.inputs[1]),
        axis_(axis),
        epsilon_(epsilon) {
    if (!rms_) beta_.emplace(ctx.inputs[2]);
    const auto& shape = x_.spec().shape;
    tail_shape_.assign(shape.begin() + axis_, shape.end());
    count_ = shape_elements(tail_shape_);
  }

  RefValue eval(std::span<const int64_t> out) override {
    std::vector<int64_t> key(out.begin(), out.begin() + axis_);
    if (key != row_) compute_row(key);
    const std::span<const int64_t> tail(out.begin() + axis_, out.end());
    const double x = x_.real(out);
    const double gamma = gamma_.real(tail);
    if (rms_) {
      const double y = x * inv_ * gamma;
      return RefValue::of_real(y, std::fabs(y));
    }
    const double beta = beta_->real(tail);
    const double y = (x - mean_) * inv_ * gamma + beta;
    return RefValue::of_real(
        y, (std::fabs(x - mean_) + mean_abs_) * inv_ * std::fabs(gamma) + std::fabs(beta));
  }

 private:
  void compute_row(const std::vector<int64_t>& key) {
    row_ = key;
    std::vector<int64_t> t(tail_shape_.size(), 0);
    std::vector<int64_t> i(key);
    i.resize(key.size() + tail_shape_.size());
    const auto visit = [&](auto&& fn) {
      std::fill(t.begin(), t.end(), 0);
      do {
        std::copy(t.begin(), t.end(), i.begin() + axis_);
        fn(x_.real(i));
      } while (next_index(tail_shape_, t));
    };
    const double n = static_cast<double>(count_);
    Accumulator sum, abs_sum, squares;
    visit([&](double v) {
      sum.add(v);
      abs_sum.add(std::fabs(v));
    });
    mean_ = sum.value() / n;
    mean_abs_ = abs_sum.value() / n;
    if (rms_) {
      visit([&](double v) { squares.add_product(v, v); });
      inv_ = 1.0 / std::sqrt(squares.value() / n + epsilon_);
    } else {
      visit([&](double v) { squares.add_product(v - mean_, v - mean_); });
      inv_ = 1.0 / std::sqrt(squares.value() / n + epsilon_);
    }
  }

  bool rms_;
  TensorReader x_, gamma_;
  std::optional<TensorReader> beta_;
  int64_t axis_;
  double epsilon_;
  std::vector<int64_t> tail_shape_;
  int64_t count_ = 0;
  std::vector<int64_t> row_{-1};
  double mean_ = 0, mean_abs_ = 0, inv_ = 1;
};

// Inference batch_norm: per-channel statistics are inputs, so each output is one element's
// (x - mean) / sqrt(var + eps) * scale + bias. The magnitude is the scale of the terms a
// device may round (docs/numerics.md): (|x| + |mean|) * inv * |scale| + |bias| covers the
// folded form x * s' + (bias - mean * s') as well as the direct one.
class BatchNorm final : public Evaluator {
 public:
  BatchNorm(const EvalContext& ctx, double epsilon)
      : x_(ctx.inputs[0]),
        scale_(ctx.inputs[1]),
        bias_(ctx.inputs[2]),
        mean_(ctx.inputs[3]),
        var_(ctx.inputs[4]),
        epsilon_(epsilon) {}

  RefValue eval(std::span<const int64_t> out) override {
    channel_[0] = out[1];
    const double x = x_.real(out), scale = scale_.real(channel_), bias = bias_.real(channel_);
    const double mean = mean_.real(channel_);
    const double inv = 1.0 / std::sqrt(var_.real(channel_) + epsilon_);
    const double y = (x - mean) * inv * scale + bias;
    return RefValue::of_real(
        y, (std::fabs(x) + std::fabs(mean)) * inv * std::fabs(scale) + std::fabs(bias));
  }

 private:
  TensorReader x_, scale_, bias_, mean_, var_;
  double epsilon_;
  std::vector<int64_t> channel_{0};
};

}  // namespace

std::unique_ptr<Evaluator> make_reduction(const EvalContext& ctx) {
  const catalogue::OpSchema* schema = catalogue::find_op_schema(ctx.call->op_name());
  if (schema->family != catalogue::OpFamily::kReduction) return nullptr;
  auto g = catalogue::reduction_geometry(*ctx.call);
  if (!g) return nullptr;
  return std::make_unique<Reduce>(ctx, std::move(*g));
}

std::unique_ptr<Evaluator> make_normalization(const EvalContext& ctx) {
  const catalogue::OpSchema* schema = catalogue::find_op_schema(ctx.call->op_name());
  if (schema->family != catalogue::OpFamily::kNormalization) return nullptr;
  auto axis = catalogue::normalization_axis(*ctx.call);
  if (!axis) return nullptr;
  const std::string& op = ctx.call->op_name();
  if (op == "softmax" || op == "log_softmax") return std::make_unique<Softmax>(ctx, *axis);
  const double epsilon = catalogue::Attrs(*ctx.call, *schema).get_float("epsilon");
  if (op == "batch_norm") return std::make_unique<BatchNorm>(ctx, epsilon);
  return std::make_unique<Norm>(ctx, *axis, epsilon);
}

}  // namespace hwcert::conformance::detail

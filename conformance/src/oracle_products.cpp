// Oracle for matmul, conv2d, max/avg pool2d and scaled_dot_product_attention. Inputs of the
// products are rounded to the declared math mode first, so the reference models that mode.
#include <array>
#include <limits>

#include "hwcert/catalogue/op_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "oracle_evaluator.hpp"

namespace hwcert::conformance::detail {
namespace {

class Matmul final : public Evaluator {
 public:
  Matmul(const EvalContext& ctx, catalogue::MatmulGeometry g)
      : a_(ctx.inputs[0]), b_(ctx.inputs[1]), g_(std::move(g)), mode_(ctx.mode) {
    if (g_.has_bias) bias_.emplace(ctx.inputs[2]);
    const catalogue::Attrs attrs(*ctx.call, *catalogue::find_op_schema("matmul"));
    alpha_ = attrs.get_float("alpha");
    beta_ = attrs.get_float("beta");
    integer_ = a_.spec().dtype == DType::kI8;
  }

  RefValue eval(std::span<const int64_t> out) override {
    const std::size_t nb = g_.batch.size();
    const std::span<const int64_t> batch(out.data(), nb);
    const int64_t m = out[nb], n = out[nb + 1];
    batch_index(batch, a_.spec(), ia_);
    batch_index(batch, b_.spec(), ib_);
    const std::size_t ra = ia_.size(), rb = ib_.size();
    Accumulator sum, magnitude, squares;
    int64_t int_sum = 0;
    for (int64_t k = 0; k < g_.k; ++k) {
      ia_[ra - 2] = g_.transpose_a ? k : m;
      ia_[ra - 1] = g_.transpose_a ? m : k;
      ib_[rb - 2] = g_.transpose_b ? n : k;
      ib_[rb - 1] = g_.transpose_b ? k : n;
      if (integer_) {
        int_sum += a_.integer(ia_) * b_.integer(ib_);
      } else {
        const double a = round_to_math_mode(a_.real(ia_), mode_);
        const double b = round_to_math_mode(b_.real(ib_), mode_);
        sum.add_product(a, b);
        magnitude.add(std::fabs(a * b));
        squares.add((a * b) * (a * b));
      }
    }
    if (integer_) {
      if (bias_) {
        broadcast_index(out, bias_->spec().shape, ibias_);
        int_sum += bias_->integer(ibias_);
      }
      return RefValue::of_integer(int_sum);
    }
    double value = alpha_ * sum.value();
    double scale = std::fabs(alpha_) * magnitude.value();
    double spread = std::fabs(alpha_) * std::sqrt(squares.value());
    if (bias_) {
      broadcast_index(out, bias_->spec().shape, ibias_);
      const double bias = beta_ * bias_->real(ibias_);
      value += bias;
      scale += std::fabs(bias);
      spread += std::fabs(bias);  // a bias added first shifts every partial sum
    }
    return RefValue::of_real(value, scale, spread);
  }

 private:
  // Batch dims of an operand right-aligned against the output's batch dims.
  void batch_index(std::span<const int64_t> batch, const TensorSpec& spec,
                   std::vector<int64_t>& index) const {
    const std::size_t own = spec.rank() - 2;
    index.assign(spec.rank(), 0);
    for (std::size_t d = 0; d < own; ++d) {
      index[d] = spec.shape[d] == 1 ? 0 : batch[batch.size() - own + d];
    }
  }

  TensorReader a_, b_;
  std::optional<TensorReader> bias_;
  catalogue::MatmulGeometry g_;
  MathMode mode_;
  double alpha_ = 1, beta_ = 1;
  bool integer_ = false;
  std::vector<int64_t> ia_, ib_, ibias_;
};

// Output index (n, c, h, w) in the layout of g.
void split_output(const catalogue::ConvGeometry& g, std::span<const int64_t> out, int64_t& n,
                  int64_t& c, int64_t& h, int64_t& w) {
  n = out[0];
  c = g.nhwc ? out[3] : out[1];
  h = g.nhwc ? out[1] : out[2];
  w = g.nhwc ? out[2] : out[3];
}

class Conv final : public Evaluator {
 public:
  Conv(const EvalContext& ctx, catalogue::ConvGeometry g)
      : x_(ctx.inputs[0]), w_(ctx.inputs[1]), g_(g), mode_(ctx.mode) {
    if (g_.has_bias) bias_.emplace(ctx.inputs[2]);
  }

  RefValue eval(std::span<const int64_t> out) override {
    int64_t n = 0, co = 0, oh = 0, ow = 0;
    split_output(g_, out, n, co, oh, ow);
    const int64_t cin_per_group = g_.c / g_.groups;
    const int64_t cout_per_group = g_.c_out / g_.groups;
    const int64_t group = co / cout_per_group;
    Accumulator sum, magnitude, squares;
    for (int64_t ci = 0; ci < cin_per_group; ++ci) {
      for (int64_t kh = 0; kh < g_.kh; ++kh) {
        const int64_t ih = oh * g_.stride_h - g_.pad_top + kh * g_.dilation_h;
        if (ih < 0 || ih >= g_.h) continue;
        for (int64_t kw = 0; kw < g_.kw; ++kw) {
          const int64_t iw = ow * g_.stride_w - g_.pad_left + kw * g_.dilation_w;
          if (iw < 0 || iw >= g_.w) continue;
          const double x = round_to_math_mode(
              x_.real(g_.activation_index(n, group * cin_per_group + ci, ih, iw)), mode_);
          const std::array<int64_t, 4> wi = g_.nhwc ? std::array<int64_t, 4>{co, kh, kw, ci}
                                                    : std::array<int64_t, 4>{co, ci, kh, kw};
          const double w = round_to_math_mode(w_.real(wi), mode_);
          sum.add_product(x, w);
          magnitude.add(std::fabs(x * w));
          squares.add((x * w) * (x * w));
        }
      }
    }
    double value = sum.value();
    double scale = magnitude.value();
    double spread = std::sqrt(squares.value());
    if (bias_) {
      const double b = bias_->real(std::vector<int64_t>{co});
      value += b;
      scale += std::fabs(b);
      spread += std::fabs(b);
    }
    return RefValue::of_real(value, scale, spread);
  }

 private:
  TensorReader x_, w_;
  std::optional<TensorReader> bias_;
  catalogue::ConvGeometry g_;
  MathMode mode_;
};

class Pool final : public Evaluator {
 public:
  Pool(const EvalContext& ctx, catalogue::ConvGeometry g, bool max, bool include_pad)
      : x_(ctx.inputs[0]), g_(g), max_(max), include_pad_(include_pad) {}

  RefValue eval(std::span<const int64_t> out) override {
    int64_t n = 0, c = 0, oh = 0, ow = 0;
    split_output(g_, out, n, c, oh, ow);
    Accumulator sum, magnitude;
    double best = -std::numeric_limits<double>::infinity();
    int64_t valid = 0;
    for (int64_t kh = 0; kh < g_.kh; ++kh) {
      const int64_t ih = oh * g_.stride_h - g_.pad_top + kh;
      if (ih < 0 || ih >= g_.h) continue;
      for (int64_t kw = 0; kw < g_.kw; ++kw) {
        const int64_t iw = ow * g_.stride_w - g_.pad_left + kw;
        if (iw < 0 || iw >= g_.w) continue;
        const double x = x_.real(g_.activation_index(n, c, ih, iw));
        ++valid;
        sum.add(x);
        magnitude.add(std::fabs(x));
        if (std::isnan(x) || std::isnan(best)) {
          best = std::numeric_limits<double>::quiet_NaN();
        } else if (x > best) {
          best = x;
        }
      }
    }
    if (max_) return RefValue::of_real(best);
    const double count = static_cast<double>(include_pad_ ? g_.kh * g_.kw : valid);
    return RefValue::of_real(sum.value() / count, magnitude.value() / count);
  }

 private:
  TensorReader x_;
  catalogue::ConvGeometry g_;
  bool max_, include_pad_;
};

// Softmax(scale * Q K^T, causal mask) V, one query row cached at a time.
class Attention final : public Evaluator {
 public:
  Attention(const EvalContext& ctx, catalogue::AttentionGeometry g)
      : q_(ctx.inputs[0]), k_(ctx.inputs[1]), v_(ctx.inputs[2]), g_(g), mode_(ctx.mode) {}

  RefValue eval(std::span<const int64_t> out) override {
    const int64_t b = out[0], h = out[1], i = out[2], dv = out[3];
    if (b != row_b_ || h != row_h_ || i != row_i_) compute_row(b, h, i);
    Accumulator sum;
    values_.resize(p_.size());
    for (std::size_t j = 0; j < p_.size(); ++j) {
      values_[j] = round_to_math_mode(
          v_.real(std::vector<int64_t>{b, h, static_cast<int64_t>(j), dv}), mode_);
      sum.add_product(p_[j], values_[j]);
    }
    // Each key's weight errs relatively, independently per key: by eps(out) * (1 + |max| +
    // |s_j|) when it and its score are rounded to the input dtype (and x - max in f32), by
    // eps(acc) * (1 + |s_j| + walk_j) from the f32 dot product and exp. Renormalised, a
    // relative error e_j of weight j moves the output by p_j * e_j * (|v_j| + |o|): a random
    // walk over the keys (docs/numerics.md). magnitude and spread are those walks.
    const double o = sum.value();
    Accumulator rounding_walk, compute_walk;
    for (std::size_t j = 0; j < p_.size(); ++j) {
      const double lever = p_[j] * (std::fabs(values_[j]) + std::fabs(o));
      rounding_walk.add(std::pow(lever * rounding_error_[j], 2));
      compute_walk.add(std::pow(lever * compute_error_[j], 2));
    }
    return RefValue::of_real(o, std::sqrt(rounding_walk.value()), std::sqrt(compute_walk.value()));
  }

 private:
  void compute_row(int64_t b, int64_t h, int64_t i) {
    row_b_ = b;
    row_h_ = h;
    row_i_ = i;
    const int64_t keys = g_.causal ? std::min(i + 1, g_.sk) : g_.sk;
    std::vector<double> scores(static_cast<std::size_t>(keys));
    std::vector<double> walks(scores.size());  // |scale| * sqrt(sum_d (q_d k_jd)^2)
    double max = -std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < keys; ++j) {
      Accumulator dot, squares;
      for (int64_t d = 0; d < g_.d; ++d) {
        const double q = round_to_math_mode(q_.real(std::vector<int64_t>{b, h, i, d}), mode_);
        const double k = round_to_math_mode(k_.real(std::vector<int64_t>{b, h, j, d}), mode_);
        dot.add_product(q, k);
        squares.add((q * k) * (q * k));
      }
      scores[j] = g_.scale * dot.value();
      walks[j] = std::fabs(g_.scale) * std::sqrt(squares.value());
      max = std::max(max, scores[j]);
    }
    Accumulator total;
    p_.resize(scores.size());
    rounding_error_.resize(scores.size());
    compute_error_.resize(scores.size());
    for (std::size_t j = 0; j < scores.size(); ++j) {
      p_[j] = std::exp(scores[j] - max);
      total.add(p_[j]);
      rounding_error_[j] = 1.0 + std::fabs(max) + std::fabs(scores[j]);
      compute_error_[j] = 1.0 + std::fabs(scores[j]) + walks[j];
    }
    for (double& p : p_) p /= total.value();
  }

  TensorReader q_, k_, v_;
  catalogue::AttentionGeometry g_;
  MathMode mode_;
  int64_t row_b_ = -1, row_h_ = -1, row_i_ = -1;
  std::vector<double> p_;
  std::vector<double> rounding_error_;  // relative error of key j's weight, in eps(out)
  std::vector<double> compute_error_;   // the same in eps(acc), over sqrt(K)
  std::vector<double> values_;
};

}  // namespace

std::unique_ptr<Evaluator> make_matmul(const EvalContext& ctx) {
  if (ctx.call->op_name() != "matmul") return nullptr;
  auto g = catalogue::matmul_geometry(*ctx.call);
  if (!g) return nullptr;
  return std::make_unique<Matmul>(ctx, std::move(*g));
}

std::unique_ptr<Evaluator> make_conv_pool(const EvalContext& ctx) {
  const std::string& op = ctx.call->op_name();
  if (op == "conv2d") {
    auto g = catalogue::conv_geometry(*ctx.call);
    return g ? std::make_unique<Conv>(ctx, *g) : nullptr;
  }
  if (op == "max_pool2d" || op == "avg_pool2d") {
    auto g = catalogue::pool_geometry(*ctx.call);
    if (!g) return nullptr;
    const bool include_pad =
        op == "avg_pool2d" &&
        catalogue::Attrs(*ctx.call, *catalogue::find_op_schema(op)).get_int("count_include_pad") !=
            0;
    return std::make_unique<Pool>(ctx, *g, op == "max_pool2d", include_pad);
  }
  return nullptr;
}

std::unique_ptr<Evaluator> make_attention(const EvalContext& ctx) {
  if (ctx.call->op_name() != "scaled_dot_product_attention") return nullptr;
  auto g = catalogue::attention_geometry(*ctx.call);
  return g ? std::make_unique<Attention>(ctx, *g) : nullptr;
}

}  // namespace hwcert::conformance::detail

// softmax, log_softmax, layer_norm, rms_norm and batch_norm. Inputs are gathered into dense
// arrays of the compute type (f32 for f32/f16/bf16, f64 for f64), processed row by row in
// parallel and rounded once when stored.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "dtype.hpp"
#include "dtype_convert.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/accumulate.hpp"
#include "ops/op_prepare.hpp"
#include "ops/scalar_io.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

void expect_float(const OpCall& call, const TensorView& view, const char* role) {
  expect_dtype_in(call, view.dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                  role);
}

int64_t product(const TensorView& view, uint32_t from, uint32_t to) {
  int64_t p = 1;
  for (uint32_t d = from; d < to; ++d) p *= view.shape[d];
  return p;
}

// The row maximum (NaN when the row holds one) and sum of exp(x - max) into `shifted`.
template <class C>
C shift_and_sum(const C* row, int64_t length, C* shifted, C& peak) {
  peak = -std::numeric_limits<C>::infinity();
  bool nan = false;
  for (int64_t i = 0; i < length; ++i) {
    nan = nan || std::isnan(row[i]);
    peak = row[i] > peak ? row[i] : peak;
  }
  if (nan) peak = std::numeric_limits<C>::quiet_NaN();
  if (mutant(Mutant::kSoftmaxNoMaxShift) && !nan) peak = 0;
  if (mutant(Mutant::kBenignSoftmaxOnline) && !nan) {  // running maximum, rescaled sum
    C running = -std::numeric_limits<C>::infinity(), total = 0;
    for (int64_t i = 0; i < length; ++i) {
      if (row[i] > running) {
        total = total * std::exp(running - row[i]) + C(1);
        running = row[i];
      } else if (running > -std::numeric_limits<C>::infinity()) {
        // A -Inf (a masked logit) adds exp(-Inf) = 0; while the running maximum is still
        // -Inf, x - running would be -Inf - -Inf = NaN: the guard every online softmax needs.
        total += std::exp(row[i] - running);
      }
    }
    peak = running;
    for (int64_t i = 0; i < length; ++i) shifted[i] = std::exp(row[i] - peak);
    return total;
  }
  for (int64_t i = 0; i < length; ++i) shifted[i] = std::exp(row[i] - peak);
  return sum_values(shifted, length);
}

// One row of softmax / log_softmax, written with element stride `inner` into `out`.
template <class C>
void softmax_row(const C* row, int64_t length, bool log_form, C* shifted, C* out, int64_t inner) {
  C peak;
  const C total = shift_and_sum(row, length, shifted, peak);
  if (log_form && mutant(Mutant::kLogSoftmaxOfSoftmax)) {
    for (int64_t i = 0; i < length; ++i) out[i * inner] = std::log(shifted[i] / total);
  } else if (log_form) {
    const C log_total = std::log(total);
    for (int64_t i = 0; i < length; ++i) out[i * inner] = row[i] - peak - log_total;
  } else {
    const C inverse = C(1) / total;
    for (int64_t i = 0; i < length; ++i) out[i * inner] = shifted[i] * inverse;
  }
}

template <class C>
void softmax_rows(const Operand& x_op, const Operand& y_op, int64_t axis, bool log_form,
                  ThreadPool& pool) {
  const TensorView& v = x_op.view;
  const int64_t length = v.shape[axis];
  const int64_t inner = product(v, static_cast<uint32_t>(axis) + 1, v.rank);
  const int64_t outer = product(v, 0, static_cast<uint32_t>(axis));
  std::vector<C> x = load_dense<C>(x_op, pool);
  const int64_t rows = outer * inner;
  pool.parallel_for(rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(length, 1)),
                    [&](int64_t begin, int64_t end) {
                      std::vector<C> gathered(static_cast<std::size_t>(length));
                      std::vector<C> shifted(static_cast<std::size_t>(length));
                      for (int64_t r = begin; r < end; ++r) {
                        C* base = x.data() + (r / inner) * length * inner + (r % inner);
                        for (int64_t i = 0; i < length; ++i)  // gather the (strided) row
                          gathered[static_cast<std::size_t>(i)] = base[i * inner];
                        softmax_row(gathered.data(), length, log_form, shifted.data(), base, inner);
                      }
                    });
  store_dense<C>(y_op, x.data(), pool);
}

// Mean and (population) variance of a row: two passes, or the planted and benign variants.
template <class C>
void mean_and_variance(const C* row, int64_t block, C* scratch, C& mean, C& variance) {
  const C count = static_cast<C>(block);
  if (mutant(Mutant::kBenignLayerNormWelford)) {
    mean = 0;
    C m2 = 0;
    for (int64_t i = 0; i < block; ++i) {
      const C d = row[i] - mean;
      mean += d / static_cast<C>(i + 1);
      m2 += d * (row[i] - mean);
    }
    variance = m2 / count;
    return;
  }
  mean = sum_values(row, block) / count;
  if (mutant(Mutant::kLayerNormOnePassVariance)) {
    for (int64_t i = 0; i < block; ++i) scratch[i] = row[i] * row[i];
    variance = sum_values(scratch, block) / count - mean * mean;
    return;
  }
  for (int64_t i = 0; i < block; ++i) scratch[i] = (row[i] - mean) * (row[i] - mean);
  const C divisor = mutant(Mutant::kLayerNormUnbiasedVariance) && block > 1 ? count - C(1) : count;
  variance = sum_values(scratch, block) / divisor;
}

// 1 / sqrt(mean_square + eps), or the planted eps-outside-the-sqrt form.
template <class C>
C inverse_rms(C mean_square, C eps, Mutant eps_outside) {
  if (mutant(eps_outside)) return C(1) / (std::sqrt(mean_square) + eps);
  return C(1) / std::sqrt(mean_square + eps);
}

// Mean of the squares of a row; the planted variant sums f16 squares in f16.
template <class C>
C mean_square(const C* row, int64_t block, C* scratch, bool f16_squares) {
  if (f16_squares) {
    float total = 0;
    for (int64_t i = 0; i < block; ++i) {
      total = round_to_f16(total + round_to_f16(static_cast<float>(row[i] * row[i])));
    }
    return static_cast<C>(total) / static_cast<C>(block);
  }
  for (int64_t i = 0; i < block; ++i) scratch[i] = row[i] * row[i];
  return sum_values(scratch, block) / static_cast<C>(block);
}

// layer_norm's (x - mean) * inv * gamma + beta.
template <class C>
C scale_shift(C x, C mean, C inv, C gamma, C beta) {
  if (mutant(Mutant::kBenignNormFma)) return std::fma((x - mean) * inv, gamma, beta);
  return (x - mean) * inv * gamma + beta;
}

// Normalises each trailing block of `block` elements: layer_norm when beta != nullptr or
// `center` is set, rms_norm otherwise.
template <class C>
void norm_rows(const Operands& io, int64_t axis, double epsilon, bool layer_norm,
               ThreadPool& pool) {
  const Operand& x_op = io.inputs[0];
  const int64_t block = product(x_op.view, static_cast<uint32_t>(axis), x_op.view.rank);
  const int64_t rows = product(x_op.view, 0, static_cast<uint32_t>(axis));
  std::vector<C> x = load_dense<C>(x_op, pool);
  const std::vector<C> gamma = load_dense<C>(io.inputs[1], pool);
  const std::vector<C> beta = layer_norm ? load_dense<C>(io.inputs[2], pool) : std::vector<C>();
  const C eps = from_double<C>(epsilon);
  const bool f16_squares = x_op.view.dtype == HWC_DTYPE_F16 && mutant(Mutant::kRmsNormF16Squares);
  pool.parallel_for(rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(block, 1)),
                    [&](int64_t begin, int64_t end) {
                      std::vector<C> scratch(static_cast<std::size_t>(block));
                      for (int64_t r = begin; r < end; ++r) {
                        C* row = x.data() + r * block;
                        if (layer_norm) {
                          C mean, variance;
                          mean_and_variance(row, block, scratch.data(), mean, variance);
                          const C inv =
                              inverse_rms(variance, eps, Mutant::kLayerNormEpsOutsideSqrt);
                          for (int64_t i = 0; i < block; ++i) {
                            const auto p = static_cast<std::size_t>(i);
                            row[i] = scale_shift(row[i], mean, inv, gamma[p], beta[p]);
                          }
                        } else {
                          const C ms = mean_square(row, block, scratch.data(), f16_squares);
                          const C inv = inverse_rms(ms, eps, Mutant::kRmsNormEpsOutsideSqrt);
                          for (int64_t i = 0; i < block; ++i)
                            row[i] = row[i] * inv * gamma[static_cast<std::size_t>(i)];
                        }
                      }
                    });
  store_dense<C>(io.outputs[0], x.data(), pool);
}

}  // namespace

OpRunner prepare_softmax(const OpCall& call) {
  expect_counts(call, 1, 1, 1);
  const OpAttributes& attrs = call.checked_attributes({"axis"});
  const TensorView& x = call.inputs[0];
  expect_float(call, x, "input");
  if (x.rank == 0) fail_invalid(call.name + ": input must have rank >= 1");
  const int64_t axis = normalize_axis(call, "axis", attrs.get_int("axis", -1), x.rank);
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  expect_shape(call, call.outputs[0], x.dims(), "output");
  const bool log_form = call.name == "log_softmax";
  const int32_t dtype = x.dtype;
  return [axis, log_form, dtype](const Operands& io, ThreadPool& pool) {
    if (io.inputs[0].view.empty()) return;
    if (dtype == HWC_DTYPE_F64) {
      softmax_rows<double>(io.inputs[0], io.outputs[0], axis, log_form, pool);
    } else {
      softmax_rows<float>(io.inputs[0], io.outputs[0], axis, log_form, pool);
    }
  };
}

namespace {

OpRunner prepare_norm(const OpCall& call, bool layer_norm) {
  expect_counts(call, layer_norm ? 3 : 2, layer_norm ? 3 : 2, 1);
  const OpAttributes& attrs = call.checked_attributes({"axis", "epsilon"});
  const TensorView& x = call.inputs[0];
  expect_float(call, x, "input");
  if (x.rank == 0) fail_invalid(call.name + ": input must have rank >= 1");
  const int64_t axis = normalize_axis(call, "axis", attrs.get_int("axis", -1), x.rank);
  const double epsilon = attrs.get_float("epsilon", layer_norm ? 1e-5 : 1e-6);
  if (!(epsilon >= 0.0) || !std::isfinite(epsilon)) {
    attrs.bad_value("epsilon", "must be finite and >= 0, got " + std::to_string(epsilon));
  }
  const std::vector<int64_t> param_shape(x.shape + axis, x.shape + x.rank);
  expect_dtype(call, call.inputs[1], x.dtype, "gamma");
  expect_shape(call, call.inputs[1], param_shape, "gamma");
  if (layer_norm) {
    expect_dtype(call, call.inputs[2], x.dtype, "beta");
    expect_shape(call, call.inputs[2], param_shape, "beta");
  }
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  expect_shape(call, call.outputs[0], x.dims(), "output");
  const int32_t dtype = x.dtype;
  return [axis, epsilon, layer_norm, dtype](const Operands& io, ThreadPool& pool) {
    if (io.inputs[0].view.empty()) return;
    if (dtype == HWC_DTYPE_F64) {
      norm_rows<double>(io, axis, epsilon, layer_norm, pool);
    } else {
      norm_rows<float>(io, axis, epsilon, layer_norm, pool);
    }
  };
}

// batch_norm (inference) on channel c: (x - mean) * inv * scale + bias with
// inv = 1 / sqrt(var + eps); the benign variant folds it into x * s' + (bias - mean * s'), the
// planted f16 one does that in f16 arithmetic (a fused f16 kernel).
template <class C>
void batch_norm_channel(C* x, int64_t length, C scale, C bias, C mean, C inv, bool f16_folded) {
  if (f16_folded) {
    const float s = round_to_f16(static_cast<float>(scale * inv));
    const float shift =
        round_to_f16(static_cast<float>(bias) - round_to_f16(static_cast<float>(mean) * s));
    for (int64_t i = 0; i < length; ++i)
      x[i] = static_cast<C>(round_to_f16(round_to_f16(static_cast<float>(x[i]) * s) + shift));
  } else if (mutant(Mutant::kBenignBatchNormFolded)) {
    const C s = scale * inv;
    const C shift = bias - mean * s;
    for (int64_t i = 0; i < length; ++i) x[i] = x[i] * s + shift;
  } else {
    for (int64_t i = 0; i < length; ++i) x[i] = (x[i] - mean) * inv * scale + bias;
  }
}

template <class C>
void batch_norm_rows(const Operands& io, double epsilon, ThreadPool& pool) {
  const Operand& x_op = io.inputs[0];
  const int64_t channels = x_op.view.shape[1];
  const int64_t length = product(x_op.view, 2, x_op.view.rank);
  const int64_t rows = product(x_op.view, 0, 2);
  std::vector<C> x = load_dense<C>(x_op, pool);
  std::vector<std::vector<C>> params;  // scale, bias, mean, var
  for (std::size_t i = 1; i < 5; ++i) params.push_back(load_dense<C>(io.inputs[i], pool));
  const C eps = from_double<C>(epsilon);
  const bool f16_folded = x_op.view.dtype == HWC_DTYPE_F16 && mutant(Mutant::kBatchNormFoldedInF16);
  pool.parallel_for(rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(length, 1)),
                    [&](int64_t begin, int64_t end) {
                      for (int64_t r = begin; r < end; ++r) {
                        const auto c = static_cast<std::size_t>(r % channels);
                        const C inv =
                            inverse_rms(params[3][c], eps, Mutant::kBatchNormEpsOutsideSqrt);
                        batch_norm_channel(x.data() + r * length, length, params[0][c],
                                           params[1][c], params[2][c], inv, f16_folded);
                      }
                    });
  store_dense<C>(io.outputs[0], x.data(), pool);
}

}  // namespace

OpRunner prepare_batch_norm(const OpCall& call) {
  expect_counts(call, 5, 5, 1);
  const OpAttributes& attrs = call.checked_attributes({"epsilon"});
  const TensorView& x = call.inputs[0];
  expect_float(call, x, "input");
  if (x.rank < 2) fail_invalid(call.name + ": X must have rank >= 2 ([N, C, ...])");
  const double epsilon = attrs.get_float("epsilon", 1e-5);
  if (!(epsilon >= 0.0) || !std::isfinite(epsilon)) {
    attrs.bad_value("epsilon", "must be finite and >= 0, got " + std::to_string(epsilon));
  }
  constexpr const char* kParams[] = {"scale", "bias", "mean", "var"};
  for (std::size_t i = 1; i < 5; ++i) {
    expect_dtype(call, call.inputs[i], x.dtype, kParams[i - 1]);
    expect_shape(call, call.inputs[i], {x.shape[1]}, kParams[i - 1]);
  }
  expect_dtype(call, call.outputs[0], x.dtype, "output");
  expect_shape(call, call.outputs[0], x.dims(), "output");
  const int32_t dtype = x.dtype;
  return [epsilon, dtype](const Operands& io, ThreadPool& pool) {
    if (io.inputs[0].view.empty()) return;
    if (dtype == HWC_DTYPE_F64) {
      batch_norm_rows<double>(io, epsilon, pool);
    } else {
      batch_norm_rows<float>(io, epsilon, pool);
    }
  };
}

OpRunner prepare_layer_norm(const OpCall& call) {
  return prepare_norm(call, true);
}
OpRunner prepare_rms_norm(const OpCall& call) {
  return prepare_norm(call, false);
}

}  // namespace hwcert::reference

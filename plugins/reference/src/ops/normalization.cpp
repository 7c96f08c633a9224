// softmax, log_softmax, layer_norm and rms_norm. Inputs are gathered into dense arrays of
// the compute type (f32 for f32/f16/bf16, f64 for f64), processed row by row in parallel and
// rounded once when stored.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "dtype.hpp"
#include "error.hpp"
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
                      std::vector<C> gathered(inner == 1 ? 0 : static_cast<std::size_t>(length));
                      std::vector<C> shifted(static_cast<std::size_t>(length));
                      for (int64_t r = begin; r < end; ++r) {
                        C* base = x.data() + (r / inner) * length * inner + (r % inner);
                        C* row = base;
                        if (inner != 1) {  // gather the strided row
                          for (int64_t i = 0; i < length; ++i)
                            gathered[static_cast<std::size_t>(i)] = base[i * inner];
                          row = gathered.data();
                        }
                        C peak = -std::numeric_limits<C>::infinity();
                        bool nan = false;
                        for (int64_t i = 0; i < length; ++i) {
                          nan = nan || std::isnan(row[i]);
                          peak = row[i] > peak ? row[i] : peak;
                        }
                        if (nan) peak = std::numeric_limits<C>::quiet_NaN();
                        for (int64_t i = 0; i < length; ++i)
                          shifted[static_cast<std::size_t>(i)] = std::exp(row[i] - peak);
                        const C total = sum_values(shifted.data(), length);
                        if (log_form) {
                          const C log_total = std::log(total);
                          for (int64_t i = 0; i < length; ++i)
                            base[i * inner] = row[i] - peak - log_total;
                        } else {
                          const C inverse = C(1) / total;
                          for (int64_t i = 0; i < length; ++i)
                            base[i * inner] = shifted[static_cast<std::size_t>(i)] * inverse;
                        }
                      }
                    });
  store_dense<C>(y_op, x.data(), pool);
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
  const C count = static_cast<C>(block);
  pool.parallel_for(rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(block, 1)),
                    [&](int64_t begin, int64_t end) {
                      std::vector<C> scratch(static_cast<std::size_t>(block));
                      for (int64_t r = begin; r < end; ++r) {
                        C* row = x.data() + r * block;
                        if (layer_norm) {
                          const C mean = sum_values(row, block) / count;
                          for (int64_t i = 0; i < block; ++i) {
                            const C d = row[i] - mean;
                            scratch[static_cast<std::size_t>(i)] = d * d;
                          }
                          const C variance = sum_values(scratch.data(), block) / count;
                          const C inv = C(1) / std::sqrt(variance + eps);
                          for (int64_t i = 0; i < block; ++i) {
                            row[i] = (row[i] - mean) * inv * gamma[static_cast<std::size_t>(i)] +
                                     beta[static_cast<std::size_t>(i)];
                          }
                        } else {
                          for (int64_t i = 0; i < block; ++i)
                            scratch[static_cast<std::size_t>(i)] = row[i] * row[i];
                          const C inv =
                              C(1) / std::sqrt(sum_values(scratch.data(), block) / count + eps);
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
  const AttributeReader attrs(call, {"axis"});
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
  const AttributeReader attrs(call, {"axis", "epsilon"});
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

}  // namespace

OpRunner prepare_layer_norm(const OpCall& call) {
  return prepare_norm(call, true);
}
OpRunner prepare_rms_norm(const OpCall& call) {
  return prepare_norm(call, false);
}

}  // namespace hwcert::reference

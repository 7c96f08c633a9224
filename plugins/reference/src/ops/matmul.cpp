// matmul: Y = alpha * op(A) * op(B) + beta * bias, batched with numpy broadcasting of the
// batch dimensions. Products run on the packed GEMM core; the epilogue applies alpha, bias
// and the single rounding to the output dtype.
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "dtype.hpp"
#include "dtype_convert.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/gemm.hpp"
#include "ops/math_mode.hpp"
#include "ops/op_prepare.hpp"
#include "ops/scalar_io.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

struct MatmulParams {
  bool transpose_a = false;
  bool transpose_b = false;
  double alpha = 1.0;
  double beta = 1.0;
  InputRounding rounding = InputRounding::kNone;
  bool f16_accumulate = false;  // math_mode f16_accumulate: every partial sum rounded to f16
  std::vector<int64_t> batch_shape;
  int64_t m = 0, n = 0, k = 0;
};

enum class Family { kFloat, kF64, kInt8 };

// Element offsets of batch index `b` for an operand whose batch strides are `strides`.
int64_t batch_offset(int64_t b, const std::vector<int64_t>& shape,
                     const std::vector<int64_t>& strides) {
  int64_t offset = 0;
  for (std::size_t d = shape.size(); d-- > 0;) {
    offset += (b % shape[d]) * strides[d];
    b /= shape[d];
  }
  return offset;
}

// Batch strides of `view` (its dims except the last two) broadcast to `batch_shape`.
std::vector<int64_t> batch_strides(const TensorView& view,
                                   const std::vector<int64_t>& batch_shape) {
  TensorView head = view;
  head.rank = view.rank - 2;
  return broadcast_strides(head, batch_shape);
}

// Where every operand of one matmul call lies: batch strides broadcast to the batch shape,
// and the row and column strides of op(A) [M, K], op(B) [K, N], Y and the bias.
struct MatmulLayout {
  const Operand& a;
  const Operand& b;
  const Operand* bias;
  const Operand& y;
  int64_t batch_count = 1;
  std::vector<int64_t> a_batch, b_batch, y_batch, bias_batch;
  std::vector<int64_t> bias_strides;  // over [batch..., M, N]; empty without a bias
  int64_t a_rs = 0, a_cs = 0, b_rs = 0, b_cs = 0, y_rs = 0, y_cs = 0;

  MatmulLayout(const MatmulParams& p, const Operands& io)
      : a(io.inputs[0]),
        b(io.inputs[1]),
        bias(io.inputs.size() > 2 ? &io.inputs[2] : nullptr),
        y(io.outputs[0]) {
    for (int64_t extent : p.batch_shape) batch_count *= extent;
    a_batch = batch_strides(a.view, p.batch_shape);
    b_batch = batch_strides(b.view, p.batch_shape);
    y_batch = batch_strides(y.view, p.batch_shape);
    std::vector<int64_t> out_shape = p.batch_shape;
    out_shape.push_back(p.m);
    out_shape.push_back(p.n);
    if (bias != nullptr) bias_strides = broadcast_strides(bias->view, out_shape);
    bias_batch.assign(bias_strides.begin(), bias_strides.end() - (bias ? 2 : 0));
    const uint32_t ar = a.view.rank;
    const uint32_t br = b.view.rank;
    a_rs = p.transpose_a ? a.view.strides[ar - 1] : a.view.strides[ar - 2];
    a_cs = p.transpose_a ? a.view.strides[ar - 2] : a.view.strides[ar - 1];
    b_rs = p.transpose_b ? b.view.strides[br - 1] : b.view.strides[br - 2];
    b_cs = p.transpose_b ? b.view.strides[br - 2] : b.view.strides[br - 1];
    y_rs = y.view.strides[y.view.rank - 2];
    y_cs = y.view.strides[y.view.rank - 1];
  }
};

template <class T, class C>
void run_matmul(const MatmulParams& p, const Operands& io, ThreadPool& pool) {
  const MatmulLayout l(p, io);
  const Operand& a = l.a;
  const Operand& b = l.b;
  const Operand* bias = l.bias;
  const Operand& y = l.y;
  const int64_t a_es = static_cast<int64_t>(a.view.element_size());
  const int64_t b_es = static_cast<int64_t>(b.view.element_size());

  GemmProblem<T> problem;
  problem.shape = {l.batch_count, p.m, p.n, p.k};
  problem.rounding = p.rounding;
  problem.a = [&](int64_t batch) {
    return GemmOperand{a.origin() + batch_offset(batch, p.batch_shape, l.a_batch) * a_es,
                       a.view.dtype, l.a_rs, l.a_cs};
  };
  problem.b = [&](int64_t batch) {
    return GemmOperand{b.origin() + batch_offset(batch, p.batch_shape, l.b_batch) * b_es,
                       b.view.dtype, l.b_rs, l.b_cs};
  };
  const C alpha = from_double<C>(p.alpha);
  const C beta = from_double<C>(p.beta);
  problem.epilogue = [&](int64_t batch, int64_t i0, int64_t j0, int64_t rows, int64_t cols,
                         const T* c, int64_t ldc) {
    std::vector<C> row(static_cast<std::size_t>(cols));
    std::vector<C> bias_row(bias ? static_cast<std::size_t>(cols) : 0);
    const int64_t y_base = batch_offset(batch, p.batch_shape, l.y_batch);
    const int64_t bias_base = bias ? batch_offset(batch, p.batch_shape, l.bias_batch) : 0;
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t i = i0 + r;
      const T* acc = c + r * ldc;
      if (bias != nullptr) {
        const int64_t s_m = l.bias_strides[l.bias_strides.size() - 2];
        const int64_t s_n = l.bias_strides[l.bias_strides.size() - 1];
        load_row<C>(bias->view.dtype, element_at(*bias, bias_base + i * s_m + j0 * s_n), s_n, cols,
                    bias_row.data());
      }
      for (int64_t j = 0; j < cols; ++j) {
        if constexpr (std::is_same_v<T, uint32_t>) {
          uint32_t v = acc[j];
          if (bias != nullptr) v += static_cast<uint32_t>(bias_row[static_cast<std::size_t>(j)]);
          row[static_cast<std::size_t>(j)] = static_cast<int64_t>(static_cast<int32_t>(v));
        } else {
          C v = alpha * static_cast<C>(acc[j]);
          if (bias != nullptr) v += beta * bias_row[static_cast<std::size_t>(j)];
          row[static_cast<std::size_t>(j)] = v;
        }
      }
      store_row<C>(y.view.dtype, element_at(y, y_base + i * l.y_rs + j0 * l.y_cs), l.y_cs, cols,
                   row.data());
    }
  };
  gemm<T>(pool, problem);
}

// math_mode f16_accumulate: products are exact in f32 (11-bit significands), each partial
// sum is rounded to f16 as an f16 accumulator would (fma in f32, then rounding to f16). A
// plain loop: this mode exists to measure precision, not speed.
void run_matmul_f16_accumulate(const MatmulParams& p, const Operands& io, ThreadPool& pool) {
  const MatmulLayout l(p, io);
  const float alpha = from_double<float>(p.alpha);
  const float beta = from_double<float>(p.beta);
  pool.parallel_for(l.batch_count * p.m, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> a_row(static_cast<std::size_t>(p.k)), b_col(static_cast<std::size_t>(p.k));
    std::vector<float> out(static_cast<std::size_t>(p.n)), bias_row(static_cast<std::size_t>(p.n));
    for (int64_t row = begin; row < end; ++row) {
      const int64_t batch = row / p.m;
      const int64_t i = row % p.m;
      const int64_t a_base = batch_offset(batch, p.batch_shape, l.a_batch) + i * l.a_rs;
      const int64_t b_base = batch_offset(batch, p.batch_shape, l.b_batch);
      load_row<float>(l.a.view.dtype, element_at(l.a, a_base), l.a_cs, p.k, a_row.data());
      if (l.bias != nullptr) {
        const int64_t base = batch_offset(batch, p.batch_shape, l.bias_batch) +
                             i * l.bias_strides[l.bias_strides.size() - 2];
        load_row<float>(l.bias->view.dtype, element_at(*l.bias, base), l.bias_strides.back(), p.n,
                        bias_row.data());
      }
      for (int64_t j = 0; j < p.n; ++j) {
        load_row<float>(l.b.view.dtype, element_at(l.b, b_base + j * l.b_cs), l.b_rs, p.k,
                        b_col.data());
        float acc = 0.0f;
        for (int64_t kk = 0; kk < p.k; ++kk) {
          acc = round_to_f16(std::fma(a_row[static_cast<std::size_t>(kk)],
                                      b_col[static_cast<std::size_t>(kk)], acc));
        }
        float v = alpha * acc;
        if (l.bias != nullptr) v += beta * bias_row[static_cast<std::size_t>(j)];
        out[static_cast<std::size_t>(j)] = v;
      }
      const int64_t y_base = batch_offset(batch, p.batch_shape, l.y_batch) + i * l.y_rs;
      store_row<float>(l.y.view.dtype, element_at(l.y, y_base), l.y_cs, p.n, out.data());
    }
  });
}

}  // namespace

OpRunner prepare_matmul(const OpCall& call) {
  expect_counts(call, 2, 3, 1);
  const OpAttributes& attrs =
      call.checked_attributes({"transpose_a", "transpose_b", "alpha", "beta", "math_mode"});
  MatmulParams p;
  p.transpose_a = attrs.get_flag("transpose_a", false);
  p.transpose_b = attrs.get_flag("transpose_b", false);
  p.alpha = attrs.get_float("alpha", 1.0);
  p.beta = attrs.get_float("beta", 1.0);
  const TensorView& a = call.inputs[0];
  const TensorView& b = call.inputs[1];
  const TensorView& y = call.outputs[0];
  const bool has_bias = call.inputs.size() == 3;

  Family family = Family::kFloat;
  if (is_fp8_dtype(a.dtype) || is_fp8_dtype(b.dtype)) {
    if (!is_fp8_dtype(a.dtype) || !is_fp8_dtype(b.dtype)) {
      fail_unsupported("matmul: fp8 inputs must both be fp8 (A " + dtype_name(a.dtype) + ", B " +
                       dtype_name(b.dtype) + ")");
    }
    expect_dtype_in(call, y.dtype, {HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                    "fp8 matmul output");
  } else if (a.dtype == HWC_DTYPE_I8 || b.dtype == HWC_DTYPE_I8) {
    family = Family::kInt8;
    if (a.dtype != HWC_DTYPE_I8 || b.dtype != HWC_DTYPE_I8) {
      fail_unsupported("matmul: int8 matmul needs i8 A and B (A " + dtype_name(a.dtype) + ", B " +
                       dtype_name(b.dtype) + ")");
    }
    expect_dtype_in(call, y.dtype, {HWC_DTYPE_I32}, "i8 matmul output");
    if (p.alpha != 1.0 || (has_bias && p.beta != 1.0)) {
      fail_unsupported("matmul: i8 x i8 -> i32 supports alpha = 1 and beta = 1 only");
    }
  } else {
    expect_dtype_in(call, a.dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                    "A");
    if (b.dtype != a.dtype) {
      fail_unsupported("matmul: A and B dtypes differ (" + dtype_name(a.dtype) + " and " +
                       dtype_name(b.dtype) + ")");
    }
    expect_dtype(call, y, a.dtype, "output");
    if (a.dtype == HWC_DTYPE_F64) family = Family::kF64;
  }
  if (has_bias) expect_dtype(call, call.inputs[2], y.dtype, "bias");
  if (attrs.get_string("math_mode", "strict") == "f16_accumulate") {
    if (a.dtype != HWC_DTYPE_F16 || b.dtype != HWC_DTYPE_F16) {
      fail_unsupported(
          "matmul: math_mode \"f16_accumulate\" applies to f16 inputs only, inputs are " +
          dtype_name(a.dtype) + " and " + dtype_name(b.dtype));
    }
    p.f16_accumulate = true;
  } else {
    p.rounding = parse_math_mode(call, attrs, a.dtype == b.dtype ? a.dtype : HWC_DTYPE_INVALID);
    const bool strict = p.rounding == InputRounding::kNone;
    if (strict && a.dtype == HWC_DTYPE_F32 && mutant(Mutant::kMatmulStrictTf32))
      p.rounding = InputRounding::kTf32;
    p.f16_accumulate = strict && a.dtype == HWC_DTYPE_F16 && b.dtype == HWC_DTYPE_F16 &&
                       mutant(Mutant::kMatmulF16Accumulates);
  }

  if (a.rank < 2 || b.rank < 2) {
    fail_invalid("matmul: A and B need rank >= 2 (got " + a.describe() + " and " + b.describe() +
                 ")");
  }
  const int64_t a_rows = a.shape[a.rank - 2], a_cols = a.shape[a.rank - 1];
  const int64_t b_rows = b.shape[b.rank - 2], b_cols = b.shape[b.rank - 1];
  p.m = p.transpose_a ? a_cols : a_rows;
  p.k = p.transpose_a ? a_rows : a_cols;
  const int64_t kb = p.transpose_b ? b_cols : b_rows;
  p.n = p.transpose_b ? b_rows : b_cols;
  if (kb != p.k) {
    fail_invalid("matmul: inner dimensions differ: A " + a.describe() + " gives K = " +
                 std::to_string(p.k) + ", B " + b.describe() + " gives K = " + std::to_string(kb));
  }
  if (p.transpose_a && p.m == p.k && mutant(Mutant::kMatmulSquareIgnoresTranspose))
    p.transpose_a = false;
  p.batch_shape = broadcast_shapes(call, std::vector<int64_t>(a.shape, a.shape + a.rank - 2),
                                   std::vector<int64_t>(b.shape, b.shape + b.rank - 2));
  std::vector<int64_t> out_shape = p.batch_shape;
  out_shape.push_back(p.m);
  out_shape.push_back(p.n);
  expect_shape(call, y, out_shape, "output");
  if (has_bias) {
    const std::vector<int64_t> merged = broadcast_shapes(call, call.inputs[2].dims(), out_shape);
    if (merged != out_shape) {
      fail_invalid("matmul: bias shape " + shape_text(call.inputs[2].dims()) +
                   " does not broadcast to " + shape_text(out_shape));
    }
  }
  if (p.f16_accumulate) {
    return [p](const Operands& io, ThreadPool& pool) { run_matmul_f16_accumulate(p, io, pool); };
  }
  switch (family) {
    case Family::kF64:
      return [p](const Operands& io, ThreadPool& pool) { run_matmul<double, double>(p, io, pool); };
    case Family::kInt8:
      return
          [p](const Operands& io, ThreadPool& pool) { run_matmul<uint32_t, int64_t>(p, io, pool); };
    default:
      return [p](const Operands& io, ThreadPool& pool) { run_matmul<float, float>(p, io, pool); };
  }
}

}  // namespace hwcert::reference

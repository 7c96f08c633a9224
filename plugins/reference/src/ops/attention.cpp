// scaled_dot_product_attention: S = scale * Q K^T (+ causal mask), P = softmax(S) in f32 (f64
// for f64), Y = P V. Both products run on the packed GEMM core; math_mode rounds the f32
// inputs of both products (Q, K, then P and V).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "dtype.hpp"
#include "error.hpp"
#include "mutant.hpp"
#include "ops/accumulate.hpp"
#include "ops/gemm.hpp"
#include "ops/math_mode.hpp"
#include "ops/op_prepare.hpp"
#include "ops/scalar_io.hpp"
#include "ops/scratch_budget.hpp"
#include "ops/strided.hpp"

namespace hwcert::reference {
namespace {

struct AttentionParams {
  bool causal = false;
  int64_t score_budget = 0;
  double scale = 1.0;
  InputRounding rounding = InputRounding::kNone;
};

// [rows, cols] view of head (b, h) of a rank-4 operand, optionally transposed.
GemmOperand head_matrix(const Operand& op, int64_t batch, int64_t heads, bool transpose) {
  const TensorView& v = op.view;
  const int64_t b = batch / heads;
  const int64_t h = batch % heads;
  const std::byte* base = element_at(op, b * v.strides[0] + h * v.strides[1]);
  return transpose ? GemmOperand{base, v.dtype, v.strides[3], v.strides[2]}
                   : GemmOperand{base, v.dtype, v.strides[2], v.strides[3]};
}

// Scores are materialised for a group of heads and a range of query rows at a time, so
// memory stays bounded (scratch_budget()) whatever the sequence lengths.
template <class T>
void run_attention(const AttentionParams& p, const Operands& io, ThreadPool& pool) {
  const Operand& q = io.inputs[0];
  const Operand& k = io.inputs[1];
  const Operand& v = io.inputs[2];
  const Operand& y = io.outputs[0];
  const int64_t heads = q.view.shape[1];
  const int64_t batch = q.view.shape[0] * heads;
  const int64_t sq = q.view.shape[2];
  const int64_t d = q.view.shape[3];
  const int64_t sk = k.view.shape[2];
  const int64_t dv = v.view.shape[3];
  if (batch == 0 || sq == 0 || dv == 0) return;

  const int64_t row_bytes = std::max<int64_t>(sk, 1) * static_cast<int64_t>(sizeof(T));
  const int64_t chunk_rows = std::clamp<int64_t>(p.score_budget / row_bytes, 1, sq);
  const int64_t group_heads =
      std::clamp<int64_t>(p.score_budget / (row_bytes * chunk_rows), 1, batch);
  std::vector<T> scores(static_cast<std::size_t>(group_heads * chunk_rows * sk));
  const T scale = mutant(Mutant::kAttentionNoScale)      ? T(1)
                  : mutant(Mutant::kAttentionScaleTwice) ? from_double<T>(p.scale * p.scale)
                                                         : from_double<T>(p.scale);
  // The last key a query may see under the causal mask (top-left aligned: j <= i).
  const int64_t diagonal = mutant(Mutant::kCausalMaskDiagonal)      ? -1
                           : mutant(Mutant::kCausalMaskBottomRight) ? sk - sq
                                                                    : 0;
  const int32_t dense_dtype = std::is_same_v<T, double> ? HWC_DTYPE_F64 : HWC_DTYPE_F32;
  const int64_t q_es = static_cast<int64_t>(q.view.element_size());
  int64_t ys[4];
  for (int i = 0; i < 4; ++i) ys[i] = y.view.strides[i];

  for (int64_t h0 = 0; h0 < batch; h0 += group_heads) {
    const int64_t hn = std::min(group_heads, batch - h0);
    for (int64_t q0 = 0; q0 < sq; q0 += chunk_rows) {
      const int64_t qn = std::min(chunk_rows, sq - q0);
      if (sk > 0) {
        GemmProblem<T> qk;
        qk.shape = {hn, qn, sk, d};
        qk.rounding = p.rounding;
        qk.a = [&](int64_t b) {
          GemmOperand head = head_matrix(q, h0 + b, heads, false);
          head.base += q0 * q.view.strides[2] * q_es;
          return head;
        };
        qk.b = [&](int64_t b) { return head_matrix(k, h0 + b, heads, true); };
        qk.epilogue = [&](int64_t b, int64_t i0, int64_t j0, int64_t rows, int64_t cols, const T* c,
                          int64_t ldc) {
          for (int64_t r = 0; r < rows; ++r) {
            T* out = scores.data() + (b * qn + i0 + r) * sk + j0;
            const int64_t query = q0 + i0 + r;  // absolute query index for the causal mask
            for (int64_t j = 0; j < cols; ++j) {
              const bool masked = p.causal && j0 + j > query + diagonal;
              out[j] = masked ? -std::numeric_limits<T>::infinity() : scale * c[r * ldc + j];
            }
          }
        };
        gemm<T>(pool, qk);
        pool.parallel_for(hn * qn, std::max<int64_t>(1, 4096 / sk),
                          [&](int64_t begin, int64_t end) {
                            for (int64_t row = begin; row < end; ++row) {
                              T* s = scores.data() + row * sk;
                              T peak = -std::numeric_limits<T>::infinity();
                              bool nan = false;
                              for (int64_t j = 0; j < sk; ++j) {
                                nan = nan || std::isnan(s[j]);
                                peak = std::max(peak, s[j]);
                              }
                              if (nan) peak = std::numeric_limits<T>::quiet_NaN();
                              for (int64_t j = 0; j < sk; ++j) s[j] = std::exp(s[j] - peak);
                              const T inverse = T(1) / sum_values(s, sk);
                              for (int64_t j = 0; j < sk; ++j) s[j] *= inverse;
                            }
                          });
      }
      GemmProblem<T> pv;
      pv.shape = {hn, qn, dv, sk};
      pv.rounding = p.rounding;
      pv.a = [&](int64_t b) {
        return GemmOperand{reinterpret_cast<const std::byte*>(scores.data() + b * qn * sk),
                           dense_dtype, sk, 1};
      };
      pv.b = [&](int64_t b) { return head_matrix(v, h0 + b, heads, false); };
      pv.epilogue = [&](int64_t b, int64_t i0, int64_t j0, int64_t rows, int64_t cols, const T* c,
                        int64_t ldc) {
        const int64_t head = h0 + b;
        const int64_t base = (head / heads) * ys[0] + (head % heads) * ys[1];
        for (int64_t r = 0; r < rows; ++r) {
          store_row<T>(y.view.dtype, element_at(y, base + (q0 + i0 + r) * ys[2] + j0 * ys[3]),
                       ys[3], cols, c + r * ldc);
        }
      };
      gemm<T>(pool, pv);
    }
  }
}

}  // namespace

OpRunner prepare_attention(const OpCall& call) {
  expect_counts(call, 3, 3, 1);
  const OpAttributes& attrs = call.checked_attributes({"causal", "scale", "math_mode"});
  const TensorView& q = call.inputs[0];
  const TensorView& k = call.inputs[1];
  const TensorView& v = call.inputs[2];
  expect_dtype_in(call, q.dtype, {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16},
                  "Q");
  expect_dtype(call, k, q.dtype, "K");
  expect_dtype(call, v, q.dtype, "V");
  expect_dtype(call, call.outputs[0], q.dtype, "output");
  if (q.rank != 4 || k.rank != 4 || v.rank != 4) {
    fail_invalid(call.name + ": Q, K and V must have rank 4 ([B, H, S, D]), got " + q.describe() +
                 ", " + k.describe() + ", " + v.describe());
  }
  expect_shape(call, k, {q.shape[0], q.shape[1], k.shape[2], q.shape[3]}, "K");
  expect_shape(call, v, {q.shape[0], q.shape[1], k.shape[2], v.shape[3]}, "V");
  expect_shape(call, call.outputs[0], {q.shape[0], q.shape[1], q.shape[2], v.shape[3]}, "output");
  AttentionParams p;
  p.causal = attrs.get_flag("causal", false);
  p.score_budget = scratch_budget();
  p.scale = attrs.get_float(
      "scale", q.shape[3] > 0 ? 1.0 / std::sqrt(static_cast<double>(q.shape[3])) : 1.0);
  if (!std::isfinite(p.scale)) attrs.bad_value("scale", "must be finite");
  p.rounding = parse_math_mode(call, attrs, q.dtype);
  const int32_t dtype = q.dtype;
  return [p, dtype](const Operands& io, ThreadPool& pool) {
    if (dtype == HWC_DTYPE_F64) {
      run_attention<double>(p, io, pool);
    } else {
      run_attention<float>(p, io, pool);
    }
  };
}

}  // namespace hwcert::reference

#include "matmul_plan.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace hwcert::cuda::library {
namespace {

/// A logical matrix: rows x cols, element (r, c) at r * row_stride + c * col_stride.
struct View2 {
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t row_stride = 0;
  int64_t col_stride = 0;
  View2 transposed() const { return {cols, rows, col_stride, row_stride}; }
};

/// The column-major storage of `x` that cuBLASLt can read: x itself (op N, needs unit row
/// stride) or x^T (op T, needs unit column stride). ld must cover the stored rows.
std::optional<LtMatrix> column_major(const View2& x, bool transposed) {
  LtMatrix lt;
  lt.transposed = transposed;
  const View2 stored = transposed ? x.transposed() : x;
  if (stored.rows > 1 && stored.row_stride != 1) return std::nullopt;
  lt.rows = stored.rows;
  lt.cols = stored.cols;
  lt.ld = stored.cols > 1 ? stored.col_stride : std::max<int64_t>(stored.rows, 1);
  if (lt.ld < std::max<int64_t>(lt.rows, 1)) return std::nullopt;
  return lt;
}

std::optional<LtMatrix> column_major_preferring(const View2& x, bool transposed, bool fixed) {
  if (auto lt = column_major(x, transposed)) return lt;
  if (fixed) return std::nullopt;
  return column_major(x, !transposed);
}

int64_t round_up(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

const char* mode_name(MathMode mode) {
  static constexpr std::array<const char*, 6> kNames = {"strict", "tf32", "hf32",
                                                        "f16",    "bf16", "f16_accumulate"};
  const auto index = static_cast<std::size_t>(mode);
  return index < kNames.size() ? kNames[index] : "unknown";
}

bool is_fp8(int32_t dtype) {
  return dtype == HWC_DTYPE_F8_E4M3 || dtype == HWC_DTYPE_F8_E5M2;
}

bool mode_refused(MathMode mode, const char* inputs, std::string& reason) {
  reason =
      std::string("math_mode ") + mode_name(mode) + " is not offered for " + inputs + " matmul";
  if (mode == MathMode::hf32) reason += " (HF32 is an Ascend mode; this device has none)";
  return false;
}

bool exact_f16(double value) {
  // f16: 11 significant bits, normal exponents -14..15, subnormals down to 2^-24.
  if (value == 0.0) return true;
  if (!std::isfinite(value) || std::fabs(value) > 65504.0) return false;
  int exponent = 0;
  std::frexp(value, &exponent);  // value = f * 2^exponent, 0.5 <= |f| < 1
  const int lowest_bit = std::max(exponent - 11, -24);
  const double scaled = std::ldexp(value, -lowest_bit);
  return scaled == std::nearbyint(scaled);
}

bool integral_i32(double value) {
  return value == std::nearbyint(value) && std::fabs(value) <= static_cast<double>(kInt32Max);
}

bool select_compute(const MatmulProblem& p, const DeviceTraits& traits, MatmulCompute& compute,
                    std::string& reason) {
  const int32_t ta = p.a.dtype, tb = p.b.dtype, ty = p.y.dtype;
  const int cc = traits.cc_major * 10 + traits.cc_minor;
  if (p.bias && p.bias->dtype != ty) {
    reason = std::string("bias dtype ") + dtype_name(p.bias->dtype) + " differs from Y's " +
             dtype_name(ty);
    return false;
  }
  if (is_fp8(ta) || is_fp8(tb)) {
    if (!is_fp8(ta) || !is_fp8(tb)) {
      reason = "fp8 matmul needs both A and B in fp8";
      return false;
    }
    if (ta == HWC_DTYPE_F8_E5M2 && tb == HWC_DTYPE_F8_E5M2) {
      reason = "cuBLASLt has no f8e5m2 x f8e5m2 matmul";
      return false;
    }
    if (ty != HWC_DTYPE_F32 && ty != HWC_DTYPE_F16 && ty != HWC_DTYPE_BF16) {
      reason = std::string("fp8 matmul writes f32, f16 or bf16, not ") + dtype_name(ty);
      return false;
    }
    if (cc < 89) {
      reason = "fp8 matmul needs compute capability 8.9 or newer";
      return false;
    }
    if (p.math_mode != MathMode::strict) return mode_refused(p.math_mode, "fp8", reason);
    compute = MatmulCompute::fp8;
    return true;
  }
  if (ta == HWC_DTYPE_I8) {
    if (tb != HWC_DTYPE_I8 || ty != HWC_DTYPE_I32) {
      reason = "integer matmul is i8 x i8 -> i32 only";
      return false;
    }
    if (p.math_mode != MathMode::strict) return mode_refused(p.math_mode, "i8", reason);
    if (!integral_i32(p.alpha) || !integral_i32(p.beta)) {
      reason = "i8 matmul takes integral alpha and beta (cuBLASLt scales in i32)";
      return false;
    }
    compute = MatmulCompute::i8;
    return true;
  }
  if (tb != ta || ty != ta) {
    reason = std::string("matmul of ") + dtype_name(ta) + " x " + dtype_name(tb) + " -> " +
             dtype_name(ty) + " is not offered";
    return false;
  }
  switch (ta) {
    case HWC_DTYPE_F64:
      if (p.math_mode != MathMode::strict) return mode_refused(p.math_mode, "f64", reason);
      compute = MatmulCompute::f64;
      return true;
    case HWC_DTYPE_F32:
      switch (p.math_mode) {
        case MathMode::strict:
          compute = MatmulCompute::f32;
          return true;
        case MathMode::tf32:
          if (cc < 80) {
            reason = "tf32 needs compute capability 8.0 or newer";
            return false;
          }
          compute = MatmulCompute::f32_fast_tf32;
          return true;
        case MathMode::f16:
          compute = MatmulCompute::f32_via_f16;
          return true;
        case MathMode::bf16:
          if (cc < 80) {
            reason = "bf16 matmul needs compute capability 8.0 or newer";
            return false;
          }
          compute = MatmulCompute::f32_via_bf16;
          return true;
        default:
          return mode_refused(p.math_mode, "f32", reason);
      }
    case HWC_DTYPE_F16:
      if (p.math_mode == MathMode::strict) {
        compute = MatmulCompute::f16_f32_accumulate;
        return true;
      }
      if (p.math_mode == MathMode::f16_accumulate) {
        if (!exact_f16(p.alpha) || !exact_f16(p.beta)) {
          reason = "f16_accumulate scales in f16: alpha and beta must be exact f16 values";
          return false;
        }
        compute = MatmulCompute::f16_f16_accumulate;
        return true;
      }
      return mode_refused(p.math_mode, "f16", reason);
    case HWC_DTYPE_BF16:
      if (p.math_mode != MathMode::strict) return mode_refused(p.math_mode, "bf16", reason);
      if (cc < 80) {
        reason = "bf16 matmul needs compute capability 8.0 or newer";
        return false;
      }
      compute = MatmulCompute::bf16_f32_accumulate;
      return true;
    default:
      reason = std::string("matmul of ") + dtype_name(ta) + " is not offered";
      return false;
  }
}

/// Extent of a batch dim as seen by tensor t (1 where t broadcasts it).
int64_t batch_stride_of(const DeviceTensor& t, uint32_t d) {
  return t.shape[d] == 1 ? 0 : t.strides[d];
}

uint64_t span_bytes(const DeviceTensor& t) {
  int64_t last = 0;
  for (uint32_t d = 0; d < t.rank; ++d) {
    if (t.shape[d] == 0) return 0;
    last += (t.shape[d] - 1) * t.strides[d];
  }
  return static_cast<uint64_t>((last + 1) * dtype_bytes(t.dtype));
}

/// Dense strides for `t`'s batch dims (broadcast dims keep extent 1 and stride 0), given the
/// stride of the matrix block.
void dense_batch(DeviceTensor& t, const DeviceTensor& source, int64_t block) {
  int64_t running = block;
  for (uint32_t i = t.rank - 2; i-- > 0;) {
    if (source.shape[i] == 1 || source.strides[i] == 0) {
      t.shape[i] = 1;
      t.strides[i] = 0;
    } else {
      t.shape[i] = source.shape[i];
      t.strides[i] = running;
      running *= source.shape[i];
    }
  }
}

/// op(A) materialized as [..., M, K'] with K contiguous; padding columns are zero.
DeviceTensor staged_a(const MatmulProblem& p, int32_t dtype, int64_t m, int64_t k_padded) {
  DeviceTensor t;
  t.dtype = dtype;
  t.rank = p.a.rank;
  const uint32_t r = t.rank;
  t.shape[r - 2] = m;
  t.shape[r - 1] = k_padded;
  t.strides[r - 2] = k_padded;
  t.strides[r - 1] = 1;
  dense_batch(t, p.a, m * k_padded);
  return t;
}

/// op(B) materialized as [..., K', N] stored with K contiguous (column-major blocks).
DeviceTensor staged_b(const MatmulProblem& p, int32_t dtype, int64_t n, int64_t k_padded) {
  DeviceTensor t;
  t.dtype = dtype;
  t.rank = p.b.rank;
  const uint32_t r = t.rank;
  t.shape[r - 2] = k_padded;
  t.shape[r - 1] = n;
  t.strides[r - 2] = 1;
  t.strides[r - 1] = k_padded;
  dense_batch(t, p.b, n * k_padded);
  return t;
}

DeviceTensor staged_y(const MatmulProblem& p, int64_t m, int64_t n) {
  DeviceTensor t = p.y;
  t.data = nullptr;
  const uint32_t r = t.rank;
  t.shape[r - 2] = m;
  t.shape[r - 1] = n;
  const int64_t row = round_up(n, std::max<int64_t>(16 / dtype_bytes(t.dtype), 1));
  t.strides[r - 1] = 1;
  t.strides[r - 2] = row;
  dense_batch(t, p.y, m * row);
  return t;
}

bool is_byte_compute(MatmulCompute compute) {
  return compute == MatmulCompute::fp8 || compute == MatmulCompute::i8;
}

/// Maps the (possibly staged) tensors in `plan` onto cuBLASLt layouts and batches.
bool map_layouts(MatmulPlan& plan, std::string& reason) {
  const uint32_t r = plan.y.rank;
  const DeviceTensor& a = plan.a;
  const DeviceTensor& b = plan.b;
  const DeviceTensor& y = plan.y;
  const int64_t M = plan.m, N = plan.n, K = plan.k;
  const View2 op_a = plan.transpose_a ? View2{M, K, a.strides[r - 1], a.strides[r - 2]}
                                      : View2{M, K, a.strides[r - 2], a.strides[r - 1]};
  const View2 op_b = plan.transpose_b ? View2{K, N, b.strides[r - 1], b.strides[r - 2]}
                                      : View2{K, N, b.strides[r - 2], b.strides[r - 1]};
  const View2 view_y{M, N, y.strides[r - 2], y.strides[r - 1]};
  const bool tn_only = is_byte_compute(plan.compute);
  const int64_t align = plan.compute == MatmulCompute::fp8 ? 16 : 4;  // bytes, byte inputs

  bool mapped = false;
  for (const bool swapped : {true, false}) {
    const auto d = column_major(swapped ? view_y.transposed() : view_y, false);
    if (!d) continue;
    const View2 first = swapped ? op_b.transposed() : op_a;
    const View2 second = swapped ? op_a.transposed() : op_b;
    const auto lt_a = column_major_preferring(first, true, tn_only);
    const auto lt_b = column_major_preferring(second, false, tn_only);
    if (!lt_a || !lt_b) continue;
    plan.swapped = swapped;
    plan.lt_a = *lt_a;
    plan.lt_b = *lt_b;
    plan.lt_d = *d;
    plan.lt_m = swapped ? N : M;
    plan.lt_n = swapped ? M : N;
    mapped = true;
    break;
  }
  if (!mapped) {
    reason = tn_only ? "cuBLASLt reads fp8 and i8 only with K contiguous in A and B"
                     : "A, B or Y has neither of its last two dims contiguous";
    return false;
  }
  if (tn_only) {
    const int64_t d_bytes = dtype_bytes(y.dtype);
    if (K % align != 0 || plan.lt_a.ld % align != 0 || plan.lt_b.ld % align != 0) {
      reason = "cuBLASLt needs K and the leading dims of fp8/i8 A and B to be multiples of " +
               std::to_string(align);
      return false;
    }
    for (const DeviceTensor* t : {&a, &b, &y}) {
      if (reinterpret_cast<std::uintptr_t>(t->data) % 16 != 0) {
        reason = "cuBLASLt needs fp8/i8 matrices at 16-byte aligned addresses";
        return false;
      }
    }
    if (plan.compute == MatmulCompute::i8 && plan.lt_m % 4 != 0) {
      reason = "cuBLASLt's i8 kernels need the output's contiguous dim to be a multiple of 4";
      return false;
    }
    if ((plan.lt_d.ld * d_bytes) % 16 != 0) {
      reason = "cuBLASLt needs Y's leading dim to be a multiple of 16 bytes for fp8/i8";
      return false;
    }
  }

  // Batch dims, outer to inner, without extent-1 dims; adjacent dims merge when every
  // tensor's outer stride equals inner stride times inner extent.
  std::vector<MatmulLoop> groups;
  for (uint32_t i = 0; i + 2 < r; ++i) {
    const int64_t extent = y.shape[i];
    if (extent == 1) continue;
    const MatmulLoop dim{extent, batch_stride_of(a, i), batch_stride_of(b, i),
                         batch_stride_of(y, i)};
    if (!groups.empty()) {
      MatmulLoop& g = groups.back();
      if (g.stride_a == dim.stride_a * extent && g.stride_b == dim.stride_b * extent &&
          g.stride_y == dim.stride_y * extent) {
        g.extent *= extent;
        g.stride_a = dim.stride_a;
        g.stride_b = dim.stride_b;
        g.stride_y = dim.stride_y;
        continue;
      }
    }
    groups.push_back(dim);
  }
  MatmulLoop batch;
  if (!groups.empty()) {
    const auto largest = std::max_element(
        groups.begin(), groups.end(),
        [](const MatmulLoop& x, const MatmulLoop& z) { return x.extent < z.extent; });
    batch = *largest;
    groups.erase(largest);
  }
  if (batch.extent > kInt32Max) {
    reason = "batch of more than 2^31-1 matrices";
    return false;
  }
  plan.batch_count = batch.extent;
  plan.lt_a.batch_stride = plan.swapped ? batch.stride_b : batch.stride_a;
  plan.lt_b.batch_stride = plan.swapped ? batch.stride_a : batch.stride_b;
  plan.lt_d.batch_stride = batch.stride_y;
  plan.loops = groups;
  plan.calls = 1;
  for (const MatmulLoop& loop : groups) {
    plan.calls *= loop.extent;
    if (plan.calls > kMaxMatmulCalls) {
      reason = "batch dims do not flatten and would need more than " +
               std::to_string(kMaxMatmulCalls) + " cuBLASLt calls";
      return false;
    }
  }
  if (tn_only) {
    groups.push_back(batch);
    for (const MatmulLoop& g : groups) {
      if (g.stride_a % align != 0 || g.stride_b % align != 0 ||
          (g.stride_y * dtype_bytes(y.dtype)) % 16 != 0) {
        reason = "fp8/i8 batch strides must keep every matrix 16-byte aligned";
        return false;
      }
    }
  }
  for (const LtMatrix* lt : {&plan.lt_a, &plan.lt_b, &plan.lt_d}) {
    if (lt->rows > kInt32Max || lt->cols > kInt32Max || lt->ld > kInt32Max) {
      reason = "a matrix dim or leading dim exceeds 2^31-1";
      return false;
    }
  }
  return true;
}

int32_t staged_input_dtype(MatmulCompute compute, int32_t dtype) {
  if (compute == MatmulCompute::f32_via_f16) return HWC_DTYPE_F16;
  if (compute == MatmulCompute::f32_via_bf16) return HWC_DTYPE_BF16;
  return dtype;
}

bool try_staging(const MatmulProblem& p, MatmulPlan& plan, bool stage_a, bool stage_b, bool stage_y,
                 std::string& reason) {
  const int64_t M = plan.m, N = plan.n, K = plan.k;
  const int32_t dtype_a = staged_input_dtype(plan.compute, p.a.dtype);
  const int32_t dtype_b = staged_input_dtype(plan.compute, p.b.dtype);
  const int64_t k_align =
      std::max<int64_t>(16 / std::min(dtype_bytes(dtype_a), dtype_bytes(dtype_b)), 1);
  const int64_t k_padded = stage_a && stage_b ? round_up(K, k_align) : K;
  // i8 also pads M and N to multiples of 4 when everything is staged (the padding of Y is
  // computed and dropped).
  const bool pad_mn = plan.compute == MatmulCompute::i8 && stage_a && stage_b && stage_y;
  const int64_t m_padded = pad_mn ? round_up(M, 4) : M;
  const int64_t n_padded = pad_mn ? round_up(N, 4) : N;
  MatmulPlan trial = plan;
  trial.m = m_padded;
  trial.n = n_padded;
  trial.k = k_padded;
  trial.stage_a = stage_a;
  trial.stage_b = stage_b;
  trial.stage_y = stage_y;
  trial.a = stage_a ? staged_a(p, dtype_a, m_padded, k_padded) : p.a;
  trial.b = stage_b ? staged_b(p, dtype_b, n_padded, k_padded) : p.b;
  trial.y = stage_y ? staged_y(p, m_padded, n_padded) : p.y;
  trial.transpose_a = stage_a ? false : p.transpose_a;
  trial.transpose_b = stage_b ? false : p.transpose_b;
  trial.staged_a_bytes = stage_a ? span_bytes(trial.a) : 0;
  trial.staged_b_bytes = stage_b ? span_bytes(trial.b) : 0;
  trial.staged_y_bytes = stage_y ? span_bytes(trial.y) : 0;
  if (!map_layouts(trial, reason)) return false;
  plan = trial;
  return true;
}

}  // namespace

bool plan_matmul(const MatmulProblem& problem, const DeviceTraits& traits, MatmulPlan& plan,
                 std::string& reason) {
  plan = MatmulPlan{};
  const uint32_t r = problem.y.rank;
  if (r < 2 || problem.a.rank != r || problem.b.rank != r) {
    reason = "matmul tensors must share a rank of at least 2 (batch dims broadcast)";
    return false;
  }
  if (!select_compute(problem, traits, plan.compute, reason)) return false;
  plan.m = problem.y.shape[r - 2];
  plan.n = problem.y.shape[r - 1];
  plan.k = problem.transpose_a ? problem.a.shape[r - 2] : problem.a.shape[r - 1];
  plan.a = problem.a;
  plan.b = problem.b;
  plan.y = problem.y;
  plan.transpose_a = problem.transpose_a;
  plan.transpose_b = problem.transpose_b;
  for (uint32_t d = 0; d < r; ++d) {
    if (problem.y.shape[d] == 0) {
      plan.path = MatmulPath::nothing;
      return true;
    }
  }
  if (plan.k == 0) {
    plan.path = MatmulPath::fill_only;
    return true;
  }
  plan.path = MatmulPath::gemm;
  const bool must_stage_inputs =
      plan.compute == MatmulCompute::f32_via_f16 || plan.compute == MatmulCompute::f32_via_bf16;
  std::string first_reason;
  for (int mask = 0; mask < 8; ++mask) {
    const bool sa = (mask & 1) != 0, sb = (mask & 2) != 0, sy = (mask & 4) != 0;
    if (must_stage_inputs && !(sa && sb)) continue;
    std::string attempt_reason;
    if (try_staging(problem, plan, sa, sb, sy, attempt_reason)) return true;
    if (first_reason.empty()) first_reason = attempt_reason;
    reason = attempt_reason;
  }
  if (reason.empty()) reason = first_reason;
  return false;
}

uint64_t matmul_workspace_bytes(const MatmulPlan& plan) noexcept {
  if (plan.path != MatmulPath::gemm) return 0;
  const auto aligned = [](uint64_t bytes) { return (bytes + 255) / 256 * 256; };
  return aligned(plan.staged_a_bytes) + aligned(plan.staged_b_bytes) +
         aligned(plan.staged_y_bytes) + lt_workspace_cap(plan);
}

uint64_t lt_workspace_cap(const MatmulPlan& plan) noexcept {
  const double partials = 32.0 * static_cast<double>(plan.m) * static_cast<double>(plan.n) *
                          static_cast<double>(plan.batch_count);
  if (partials >= static_cast<double>(kLtWorkspaceBytes)) return kLtWorkspaceBytes;
  return std::max(kLtMinWorkspaceBytes, static_cast<uint64_t>(partials));
}

}  // namespace hwcert::cuda::library

// Host-only planning of a matmul on cuBLASLt: which compute type, which operands are staged
// into workspace first, how row-major strided tensors map onto cuBLASLt's column-major
// layouts, and how batch dims become one strided batch plus loops of calls. No CUDA call.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "dtype.hpp"
#include "library_ops.hpp"

namespace hwcert::cuda::library {

// cuBLAS and cuDNN take extents, leading dimensions and batch counts as 32-bit integers.
inline constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

/// How the product is computed.
enum class MatmulCompute {
  f64,                  ///< COMPUTE_64F
  f32,                  ///< COMPUTE_32F; TF32 and 16-bit inputs excluded from the algorithms
  f32_fast_tf32,        ///< COMPUTE_32F_FAST_TF32
  f32_via_f16,          ///< f32 inputs rounded (RNE) to f16 in workspace, then f16 x f16 -> f32
  f32_via_bf16,         ///< likewise with bf16
  f16_f32_accumulate,   ///< f16 in and out, COMPUTE_32F
  bf16_f32_accumulate,  ///< bf16 in and out, COMPUTE_32F
  f16_f16_accumulate,   ///< COMPUTE_16F
  fp8,                  ///< e4m3/e5m2 inputs, COMPUTE_32F, unit scales
  i8,                   ///< i8 x i8 -> i32, COMPUTE_32I
};

enum class MatmulPath {
  nothing,    ///< M, N or a batch dim is 0
  fill_only,  ///< K == 0: Y = beta * bias, or 0
  gemm,
};

/// One cuBLASLt operand as stored: column-major rows x cols with leading dimension ld.
/// `transposed` is the op cuBLASLt applies to it (A and B only).
struct LtMatrix {
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t ld = 0;
  bool transposed = false;
  int64_t batch_stride = 0;  ///< elements between consecutive matrices of the strided batch
};

/// A batch dim group that is not part of cuBLASLt's strided batch: one call per index.
/// Strides are in elements of the (possibly staged) A, B and Y tensors.
struct MatmulLoop {
  int64_t extent = 1;
  int64_t stride_a = 0;
  int64_t stride_b = 0;
  int64_t stride_y = 0;
};

struct MatmulPlan {
  MatmulPath path = MatmulPath::nothing;
  MatmulCompute compute = MatmulCompute::f32;
  int64_t m = 0, n = 0, k = 0;  ///< M, N, K of the tensors below (staged ones may be padded)

  /// Staged operands live in workspace; these describe them (data is an offset, see below).
  bool stage_a = false, stage_b = false, stage_y = false;
  DeviceTensor a, b, y;  ///< the tensors cuBLASLt reads and writes (staged or the problem's)
  bool transpose_a = false, transpose_b = false;  ///< of `a` and `b` above
  uint64_t staged_a_bytes = 0, staged_b_bytes = 0, staged_y_bytes = 0;

  /// true: cuBLASLt computes Y^T = op(B)^T op(A)^T, so its A is our B and its D is Y^T.
  bool swapped = false;
  int64_t lt_m = 0, lt_n = 0;  ///< rows and cols of cuBLASLt's D
  LtMatrix lt_a, lt_b, lt_d;   ///< C shares D's layout
  int64_t batch_count = 1;
  std::vector<MatmulLoop> loops;  ///< outer loops, one cuBLASLt call per index combination
  int64_t calls = 0;              ///< product of the loop extents
};

/// Most workspace handed to cuBLASLt after the staged tensors (its preference cap).
inline constexpr uint64_t kLtWorkspaceBytes = 32ull << 20;
/// Least: small products get this much (split-K partials of 8 f32 splits fit below it).
inline constexpr uint64_t kLtMinWorkspaceBytes = 1ull << 20;
/// Most cuBLASLt calls one launch may issue for batch dims that do not flatten.
inline constexpr int64_t kMaxMatmulCalls = 65536;

/// Bytes per element, signed for stride arithmetic.
inline int64_t dtype_bytes(int32_t dtype) noexcept {
  return dtype_size(dtype);
}

/// Plans the problem; false with a one-line reason when launch cannot run it exactly.
/// Staged tensors get data == nullptr; launch places them in workspace.
bool plan_matmul(const MatmulProblem& problem, const DeviceTraits& traits, MatmulPlan& plan,
                 std::string& reason);

/// cuBLASLt's workspace cap for a plan: 8 f32 partial outputs, within
/// [kLtMinWorkspaceBytes, kLtWorkspaceBytes].
uint64_t lt_workspace_cap(const MatmulPlan& plan) noexcept;

/// Workspace bytes of a plan: staged tensors (256-byte aligned) plus lt_workspace_cap for
/// the gemm path.
uint64_t matmul_workspace_bytes(const MatmulPlan& plan) noexcept;

}  // namespace hwcert::cuda::library

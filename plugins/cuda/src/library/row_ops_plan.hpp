// Host-side plan of the row-wise ops (softmax, log_softmax, layer_norm, rms_norm): the
// tensor views folded into "rows" (outer dims) and "row elements" (reduced dims), the
// choice of kernel variant by row length, dtype and layout, and the support query.
// No device code here, so the choice is testable without a GPU.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "library_ops.hpp"

namespace hwcert::cuda::library::row {

/// Up to HWC_MAX_RANK dims with one element stride per tensor (x, y, gamma, beta); a
/// tensor that is absent has stride 0. Dims are outermost first.
struct FoldedDims {
  int32_t count = 0;
  std::array<int64_t, HWC_MAX_RANK> extent{};
  std::array<int64_t, HWC_MAX_RANK> x{}, y{}, gamma{}, beta{};
};

/// Which kernel runs a problem.
enum class RowKernel {
  registers,  ///< each row read once into registers, reduced, written once
  looped,     ///< rows too long for registers: the row is read again per statistic
};

struct RowVariant {
  RowKernel kernel = RowKernel::registers;
  int32_t threads_per_row = 32;  ///< 32: a warp per row; more: a block per row
  int32_t items_per_thread = 8;  ///< register capacity per thread, in elements
  bool vectorized = false;       ///< 16-byte loads/stores of contiguous, aligned rows
};

/// Longest row held in registers; longer rows take RowKernel::looped.
inline constexpr int64_t kMaxRegisterRow = 16384;
/// Threads of a block of the looped kernel (one row per block).
inline constexpr int32_t kLoopedThreads = 1024;

/// A problem folded for the kernels. rows * length elements; empty when either is 0.
struct RowPlan {
  FoldedDims outer;  ///< dims that index rows (x and y strides only)
  FoldedDims inner;  ///< dims reduced over, i.e. one row (x, y, gamma, beta strides)
  int64_t rows = 0;
  int64_t length = 0;
  int32_t element_bytes = 0;
  RowVariant variant;
};

/// Element size of a dtype the row kernels take (f64, f32, f16, bf16), else 0.
int32_t row_element_bytes(int32_t dtype) noexcept;

/// Elements per 16-byte vector of a dtype (0 for dtypes the row kernels do not take).
int32_t vector_width(int32_t dtype) noexcept;

/// Kernel variant for a row of `length` elements; `vectorizable` says whether the
/// contiguous, aligned 16-byte path may be used (see can_vectorize).
RowVariant select_row_variant(int64_t length, int32_t dtype, bool vectorizable) noexcept;

/// True when every row of x and y (and gamma, beta) is one contiguous run starting on a
/// 16-byte boundary and the row length is a whole number of 16-byte vectors.
bool can_vectorize(const RowPlan& plan, const RowProblem& problem) noexcept;

/// Folds the problem's views (merging dims that are contiguous in every tensor, dropping
/// extent-1 dims) and picks the variant. The problem must be supported.
RowPlan make_row_plan(const RowProblem& problem);

}  // namespace hwcert::cuda::library::row

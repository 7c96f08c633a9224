// Blocked, packed, multi-threaded matrix multiplication core shared by matmul, conv2d and
// attention. C[b] = op(A[b]) * op(B[b]) computed in T (float for f32/f16/bf16/fp8 inputs,
// double for f64, uint32_t for int8 -> int32 with wrap-around), handed to an epilogue tile by
// tile. The split into tasks depends only on the problem shape, and every output element
// is accumulated in the same order whatever the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "ops/gemm_kernel_types.hpp"
#include "scratch_arena.hpp"
#include "thread_pool.hpp"

namespace hwcert::reference {

// How f32 inputs are rounded before the product (math_mode); other dtypes use kNone.
enum class InputRounding { kNone, kTf32, kHf32, kBf16, kF16 };

// A logical [rows, cols] matrix of `dtype` elements: element (i, j) at
// base + element_size * (i * row_stride + j * col_stride).
struct GemmOperand {
  const std::byte* base = nullptr;
  int32_t dtype = 0;
  int64_t row_stride = 0;
  int64_t col_stride = 0;
};

struct GemmShape {
  int64_t batch = 1;
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
};

// A [m, k] left operand packed once, in the order gemm reads it (every row chunk and depth
// block as micro-panels): weights that stay the same over many launches are packed once
// instead of on every launch (pack_a_matrix).
template <class T>
struct PackedMatrix {
  int64_t m = 0;
  int64_t k = 0;
  int mr = 0;               // micro-panel rows of the kernel it was packed for
  int64_t depth_block = 0;  // KC it was packed with
  std::vector<T> values;
  // The panels of rows [i0, i0 + kMChunk) and depths [k0, k0 + KC).
  const T* block(int64_t i0, int64_t k0) const;
};

template <class T>
struct GemmProblem {
  GemmShape shape;
  // A[b] is [m, k], B[b] is [k, n].
  std::function<GemmOperand(int64_t batch)> a;
  std::function<GemmOperand(int64_t batch)> b;
  InputRounding rounding = InputRounding::kNone;
  // When set and not null for a batch, A[b] is taken from this packing (`a` is not called).
  std::function<const PackedMatrix<T>*(int64_t batch)> packed_a;
  // Where packed panels and partial sums live; without one they are allocated per call.
  ScratchArena* scratch = nullptr;
  // Receives every output tile once, with the complete sum: rows x cols values at c with
  // row pitch ldc, for output rows [i0, i0 + rows) and columns [j0, j0 + cols) of batch b.
  std::function<void(int64_t b, int64_t i0, int64_t j0, int64_t rows, int64_t cols, const T* c,
                     int64_t ldc)>
      epilogue;
};

template <class T>
void gemm(ThreadPool& pool, const GemmProblem<T>& problem);

extern template void gemm<float>(ThreadPool&, const GemmProblem<float>&);
extern template void gemm<double>(ThreadPool&, const GemmProblem<double>&);
extern template void gemm<uint32_t>(ThreadPool&, const GemmProblem<uint32_t>&);

// Packs the [m, k] matrix `a` (converted and rounded as gemm would) for the kernel of this
// CPU, the panels split over the pool.
template <class T>
PackedMatrix<T> pack_a_matrix(ThreadPool& pool, const GemmOperand& a, int64_t m, int64_t k,
                              InputRounding rounding);
extern template PackedMatrix<float> pack_a_matrix<float>(ThreadPool&, const GemmOperand&, int64_t,
                                                         int64_t, InputRounding);
extern template PackedMatrix<double> pack_a_matrix<double>(ThreadPool&, const GemmOperand&, int64_t,
                                                           int64_t, InputRounding);

// The best set for this CPU, chosen once.
const MicroKernelSet& gemm_kernels();

}  // namespace hwcert::reference

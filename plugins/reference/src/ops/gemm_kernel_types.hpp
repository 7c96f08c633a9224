// Micro-kernel descriptors. Kept free of library headers: it is included by translation
// units compiled for wider instruction sets, which must not emit shared inline code.
#pragma once

#include <cstdint>

namespace hwcert::reference {

// Register-blocked micro-kernel: c[MR x NR] (= or +=) sum over kc of a-panel x b-panel,
// a packed as [kc][MR], b as [kc] rows of NR values with row pitch ldb (NR when packed),
// c with row pitch ldc.
template <class T>
struct MicroKernel {
  using Fn = void (*)(int64_t kc, const T* a, const T* b, int64_t ldb, T* c, int64_t ldc,
                      int accumulate);
  static constexpr int kMaxRows = 16;
  int mr;
  int nr;
  Fn fn;
  // rows[r] (r < mr; null where absent): the kernel for a last panel of only r valid rows,
  // a still packed with pitch mr; it computes and writes rows 0..r-1 of c only, so a
  // matrix of few rows (a decoder's tokens) does not pay for mr.
  Fn rows[kMaxRows] = {};
};

struct MicroKernelSet {
  MicroKernel<float> f32;
  MicroKernel<double> f64;
  MicroKernel<uint32_t> u32;
};

// Kernels compiled for each instruction set (gemm_kernels_*.cpp).
MicroKernelSet gemm_kernels_generic();
MicroKernelSet gemm_kernels_avx2();
MicroKernelSet gemm_kernels_avx512();

}  // namespace hwcert::reference

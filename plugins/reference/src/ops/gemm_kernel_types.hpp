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
  int mr;
  int nr;
  void (*fn)(int64_t kc, const T* a, const T* b, int64_t ldb, T* c, int64_t ldc, int accumulate);
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

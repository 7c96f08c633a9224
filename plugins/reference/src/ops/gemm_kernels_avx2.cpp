// GEMM micro-kernels compiled for the avx2 instruction set (see CMakeLists.txt for flags).
#include <cstdint>

#include "ops/gemm_kernel_types.hpp"

#define HWCREF_GEMM_NAMESPACE gemm_avx2
#include "ops/gemm_microkernel.inc"

namespace hwcref {

MicroKernelSet gemm_kernels_avx2() {
  MicroKernelSet set;
  set.f32 = {6, 16, &gemm_avx2::micro_kernel<float, 6, 16>};
  set.f64 = {6, 8, &gemm_avx2::micro_kernel<double, 6, 8>};
  set.u32 = {6, 16, &gemm_avx2::micro_kernel<uint32_t, 6, 16>};
  return set;
}

}  // namespace hwcref

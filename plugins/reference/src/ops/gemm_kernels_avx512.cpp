// GEMM micro-kernels compiled for the avx512 instruction set (see CMakeLists.txt for flags).
#include <cstdint>

#include "ops/gemm_kernel_types.hpp"

#define HWCREF_GEMM_NAMESPACE gemm_avx512
#include "ops/gemm_microkernel.inc"

namespace hwcref {

MicroKernelSet gemm_kernels_avx512() {
  MicroKernelSet set;
  set.f32 = {8, 32, &gemm_avx512::micro_kernel<float, 8, 32>};
  set.f64 = {8, 16, &gemm_avx512::micro_kernel<double, 8, 16>};
  set.u32 = {8, 32, &gemm_avx512::micro_kernel<uint32_t, 8, 32>};
  return set;
}

}  // namespace hwcref

// GEMM micro-kernels compiled for the avx512 instruction set (see CMakeLists.txt for flags).
#include <cstdint>

#include "ops/gemm_kernel_types.hpp"

// Tile shapes chosen so that g++ -O3 keeps every accumulator in a vector register (checked
// in the disassembly: one broadcast and NR / vector-width fused multiply-adds per row and k).

#define HWCERT_REFERENCE_GEMM_NAMESPACE gemm_avx512
#include "ops/gemm_microkernel.inc"

namespace hwcert::reference {

MicroKernelSet gemm_kernels_avx512() {
  MicroKernelSet set;
  set.f32 = {12, 32, &gemm_avx512::micro_kernel<float, 12, 32>};
  set.f64 = {8, 24, &gemm_avx512::micro_kernel<double, 8, 24>};
  set.u32 = {12, 32, &gemm_avx512::micro_kernel<uint32_t, 12, 32>};
  return set;
}

}  // namespace hwcert::reference

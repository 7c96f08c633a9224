// GEMM micro-kernels compiled for the avx2 instruction set (see CMakeLists.txt for flags).
#include <cstdint>

#include "ops/gemm_kernel_types.hpp"

// Tile shapes chosen so that g++ -O3 keeps every accumulator in a vector register (checked
// in the disassembly: one broadcast and NR / vector-width fused multiply-adds per row and k).

#define HWCERT_REFERENCE_GEMM_NAMESPACE gemm_avx2
#include "ops/gemm_microkernel.inc"

namespace hwcert::reference {

MicroKernelSet gemm_kernels_avx2() {
  MicroKernelSet set;
  set.f32 = {4, 24, &gemm_avx2::micro_kernel<float, 4, 24>};
  set.f64 = {4, 12, &gemm_avx2::micro_kernel<double, 4, 12>};
  set.u32 = {4, 24, &gemm_avx2::micro_kernel<uint32_t, 4, 24>};
  return set;
}

}  // namespace hwcert::reference

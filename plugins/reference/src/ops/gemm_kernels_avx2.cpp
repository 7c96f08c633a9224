// GEMM micro-kernels compiled for the avx2 instruction set (see CMakeLists.txt for flags).
#include <cstdint>

#include "ops/gemm_kernel_types.hpp"

// Tile shapes chosen so that g++ -O3 keeps every accumulator in a vector register (checked
// in the disassembly: one broadcast and NR / vector-width fused multiply-adds per row and k).

#define HWCERT_REFERENCE_GEMM_NAMESPACE gemm_avx2
#include "ops/gemm_microkernel.inc"

namespace hwcert::reference {

MicroKernelSet gemm_kernels_avx2() {
  return gemm_avx2::kernel_set<4, 24, 4, 12>();
}

}  // namespace hwcert::reference

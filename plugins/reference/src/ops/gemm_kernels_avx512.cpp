// GEMM micro-kernels compiled for the avx512 instruction set (see CMakeLists.txt for flags).
#include <cstdint>

#include "ops/gemm_kernel_types.hpp"

// Tile shapes chosen so that g++ -O3 keeps every accumulator in a vector register (checked
// in the disassembly: one broadcast and NR / vector-width fused multiply-adds per row and k).

#define HWCERT_REFERENCE_GEMM_NAMESPACE gemm_avx512
#include "ops/gemm_microkernel.inc"

namespace hwcert::reference {

MicroKernelSet gemm_kernels_avx512() {
  return gemm_avx512::kernel_set<12, 32, 8, 24>();
}

}  // namespace hwcert::reference

// GEMM micro-kernels compiled for the generic instruction set (see CMakeLists.txt for flags).
#include <cstdint>

#include "ops/gemm_kernel_types.hpp"

#define HWCERT_REFERENCE_GEMM_NAMESPACE gemm_generic
#include "ops/gemm_microkernel.inc"

namespace hwcert::reference {

MicroKernelSet gemm_kernels_generic() {
  return gemm_generic::kernel_set<4, 8, 4, 4>();
}

}  // namespace hwcert::reference

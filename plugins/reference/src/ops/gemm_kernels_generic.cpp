// GEMM micro-kernels compiled for the generic instruction set (see CMakeLists.txt for flags).
#include <cstdint>

#include "ops/gemm_kernel_types.hpp"

#define HWCERT_REFERENCE_GEMM_NAMESPACE gemm_generic
#include "ops/gemm_microkernel.inc"

namespace hwcert::reference {

MicroKernelSet gemm_kernels_generic() {
  MicroKernelSet set;
  set.f32 = {4, 8, &gemm_generic::micro_kernel<float, 4, 8>};
  set.f64 = {4, 4, &gemm_generic::micro_kernel<double, 4, 4>};
  set.u32 = {4, 8, &gemm_generic::micro_kernel<uint32_t, 4, 8>};
  return set;
}

}  // namespace hwcert::reference

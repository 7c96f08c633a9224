// Host-side choice of a kernel instantiation by ABI dtype: the storage type each dtype has in
// the kernels, written once for every launcher that switches on a dtype.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime_api.h>
#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <tuple>
#include <utility>

namespace hwcert::cuda::kernels {

/// The element type the kernels store for each dtype, by dtype number (void where no kernel
/// of this plugin stores the dtype).
using StorageTypes = std::tuple<void, double, float, __half, __nv_bfloat16, void, void, int8_t,
                                uint8_t, int32_t, int64_t>;
static_assert(HWC_DTYPE_F64 == 1 && HWC_DTYPE_BF16 == 4 && HWC_DTYPE_I8 == 7 && HWC_DTYPE_I64 == 10,
              "StorageTypes follows the ABI's dtype numbers");

template <int32_t Dtype>
using StorageOf = std::tuple_element_t<Dtype, StorageTypes>;

/// launch(S{}) for S the storage type of `dtype` when `dtype` is one of `Dtypes`
/// (the dtypes the kernel takes); cudaErrorInvalidValue for any other dtype.
template <int32_t... Dtypes, typename Launch>
cudaError_t launch_for_dtype(int32_t dtype, Launch&& launch) {
  cudaError_t result = cudaErrorInvalidValue;
  // Tries each listed dtype in turn and stops at the one that matches.
  (void)((dtype == Dtypes && ((result = launch(StorageOf<Dtypes>{})), true)) || ...);
  return result;
}

/// launch(S{}) for S the storage type of a float dtype (double, float, __half,
/// __nv_bfloat16); cudaErrorInvalidValue for another dtype.
template <typename Launch>
cudaError_t with_float_type(int32_t dtype, Launch&& launch) {
  return launch_for_dtype<HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16>(
      dtype, std::forward<Launch>(launch));
}

}  // namespace hwcert::cuda::kernels

// cuBLASLt status codes as HWC_STATUS_* with the library's own name in the message.
#pragma once

#include <cublasLt.h>

#include <string_view>

#include "library_ops.hpp"

namespace hwcert::cuda::library {

/// CUBLAS_STATUS_ALLOC_FAILED -> OUT_OF_MEMORY; NOT_SUPPORTED and ARCH_MISMATCH ->
/// UNSUPPORTED; EXECUTION_FAILED after a sticky CUDA error -> DEVICE_LOST; the rest INTERNAL.
int32_t status_of_cublas(cublasStatus_t status) noexcept;

/// OK for CUBLAS_STATUS_SUCCESS, else "<what>: CUBLAS_STATUS_... (cuBLASLt)" with its code.
OpStatus check_cublas(cublasStatus_t status, std::string_view what);

}  // namespace hwcert::cuda::library

#include "matmul_cublaslt_status.hpp"

#include <string>

#include "cuda_errors.hpp"

namespace hwcert::cuda::library {

int32_t status_of_cublas(cublasStatus_t status) noexcept {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS:
      return HWC_STATUS_OK;
    case CUBLAS_STATUS_ALLOC_FAILED:
      return HWC_STATUS_OUT_OF_MEMORY;
    case CUBLAS_STATUS_NOT_SUPPORTED:
    case CUBLAS_STATUS_ARCH_MISMATCH:
      return HWC_STATUS_UNSUPPORTED;
    case CUBLAS_STATUS_EXECUTION_FAILED:
      return execution_failure_status();
    default:
      return HWC_STATUS_INTERNAL;
  }
}

OpStatus check_cublas(cublasStatus_t status, std::string_view what) {
  if (status == CUBLAS_STATUS_SUCCESS) return {};
  return {status_of_cublas(status),
          describe_failure(what, cublasLtGetStatusName(status), cublasLtGetStatusString(status))};
}

}  // namespace hwcert::cuda::library

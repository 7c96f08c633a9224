#include "conv2d_cudnn_status.hpp"

#include <string>

#include "cuda_errors.hpp"

namespace hwcert::cuda::library {

int32_t status_of_cudnn(cudnnStatus_t status) noexcept {
  if (status == CUDNN_STATUS_SUCCESS) return HWC_STATUS_OK;
  if (status == CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED ||
      status == CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED) {
    return HWC_STATUS_OUT_OF_MEMORY;
  }
  switch (CUDNN_STATUS_CATEGORY(status)) {
    case CUDNN_STATUS_NOT_SUPPORTED:
      return HWC_STATUS_UNSUPPORTED;
    case CUDNN_STATUS_EXECUTION_FAILED:
      return execution_failure_status();
    default:
      return HWC_STATUS_INTERNAL;
  }
}

OpStatus check_cudnn(cudnnStatus_t status, std::string_view what) {
  if (status == CUDNN_STATUS_SUCCESS) return {};
  return {status_of_cudnn(status),
          describe_failure(what, cudnnGetErrorString(status),
                           "cuDNN status " + std::to_string(static_cast<int>(status)))};
}

}  // namespace hwcert::cuda::library

// cuDNN status codes as HWC_STATUS_* with cuDNN's own error string in the message.
#pragma once

#include <cudnn.h>

#include <string_view>

#include "library_ops.hpp"

namespace hwcert::cuda::library {

/// NOT_SUPPORTED* -> UNSUPPORTED; device allocation failures -> OUT_OF_MEMORY;
/// EXECUTION_FAILED* after a sticky CUDA error -> DEVICE_LOST; the rest INTERNAL.
int32_t status_of_cudnn(cudnnStatus_t status) noexcept;

/// OK for CUDNN_STATUS_SUCCESS, else "<what>: <cudnnGetErrorString> (cuDNN status N)".
OpStatus check_cudnn(cudnnStatus_t status, std::string_view what);

}  // namespace hwcert::cuda::library

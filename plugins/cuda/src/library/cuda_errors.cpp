#include "cuda_errors.hpp"

#include <hwcert/hwcert_plugin.h>

namespace hwcert::cuda {

bool is_sticky(cudaError_t error) noexcept {
  switch (error) {
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchFailure:
    case cudaErrorHardwareStackError:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorAssert:
    case cudaErrorECCUncorrectable:
    case cudaErrorLaunchTimeout:
    case cudaErrorContextIsDestroyed:
    case cudaErrorDevicesUnavailable:
      return true;
    default:
      return false;
  }
}

int32_t status_of(cudaError_t error) noexcept {
  if (error == cudaSuccess) return HWC_STATUS_OK;
  if (is_sticky(error)) return HWC_STATUS_DEVICE_LOST;
  switch (error) {
    case cudaErrorMemoryAllocation:
      return HWC_STATUS_OUT_OF_MEMORY;
    case cudaErrorNoDevice:
    case cudaErrorInsufficientDriver:
    case cudaErrorNoKernelImageForDevice:
    case cudaErrorUnsupportedPtxVersion:
    case cudaErrorNotSupported:
      return HWC_STATUS_UNSUPPORTED;
    case cudaErrorInvalidValue:
    case cudaErrorInvalidDevice:
    case cudaErrorInvalidDevicePointer:
    case cudaErrorInvalidResourceHandle:
    case cudaErrorInvalidConfiguration:
      return HWC_STATUS_INVALID_ARGUMENT;
    default:
      return HWC_STATUS_INTERNAL;
  }
}

std::string describe(std::string_view what, cudaError_t error) {
  return describe_failure(what, cudaGetErrorName(error), cudaGetErrorString(error));
}

std::string describe_failure(std::string_view what, std::string_view name,
                             std::string_view detail) {
  std::string text(what);
  text += ": ";
  text += name;
  text += " (";
  text += detail;
  text += ")";
  return text;
}

int32_t execution_failure_status() noexcept {
  return is_sticky(cudaPeekAtLastError()) ? HWC_STATUS_DEVICE_LOST : HWC_STATUS_INTERNAL;
}

}  // namespace hwcert::cuda

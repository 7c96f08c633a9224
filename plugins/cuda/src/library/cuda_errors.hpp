// CUDA runtime errors as HWC_STATUS_* codes, shared by the ABI layer and the op library.
#pragma once

#include <cuda_runtime_api.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace hwcert::cuda {

/// cudaErrorMemoryAllocation -> OUT_OF_MEMORY; errors that leave the context unusable
/// (illegal address, launch failure, ECC, hardware stop, ...) -> DEVICE_LOST; no device or
/// driver -> UNSUPPORTED; invalid values and handles -> INVALID_ARGUMENT; the rest INTERNAL.
int32_t status_of(cudaError_t error) noexcept;

/// True for errors after which every later call on the context fails (sticky errors).
bool is_sticky(cudaError_t error) noexcept;

/// "<what>: cudaErrorName (description)".
std::string describe(std::string_view what, cudaError_t error);

/// "<what>: <name> (<detail>)": how the CUDA runtime's and the libraries' errors are worded.
std::string describe_failure(std::string_view what, std::string_view name, std::string_view detail);

/// The status of a library call that failed executing on the device: DEVICE_LOST when the
/// context is gone (a sticky CUDA error is pending), INTERNAL otherwise.
int32_t execution_failure_status() noexcept;

}  // namespace hwcert::cuda

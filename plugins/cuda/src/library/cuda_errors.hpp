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

}  // namespace hwcert::cuda

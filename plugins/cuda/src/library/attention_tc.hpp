// Tensor-core attention (attention_tc.cu), chosen by attention::choose_kernel.
#pragma once

#include <cuda_runtime_api.h>

#include "library_ops.hpp"

namespace hwcert::cuda::library::attention {

/// True when the tensor-core kernel the device would run was compiled for compute
/// capability 8.0 or newer (a build for older architectures only, run through PTX JIT,
/// has an empty body there). Errors of the query count as false.
bool tensor_cores_built_for_device() noexcept;

/// Enqueues a problem that choose_kernel gave AttentionKernel::tensor_cores; returns the
/// launch's CUDA error.
cudaError_t launch_tensor_cores(const AttentionProblem& problem, cudaStream_t stream);

}  // namespace hwcert::cuda::library::attention

// Tensor-core attention (attention_tc.cu), chosen by attention::choose_kernel.
#pragma once

#include <cuda_runtime_api.h>

#include "library_ops.hpp"

namespace hwcert::cuda::library::attention {

/// Enqueues a problem that choose_kernel gave AttentionKernel::tensor_cores; returns the
/// launch's CUDA error.
cudaError_t launch_tensor_cores(const AttentionProblem& problem, cudaStream_t stream);

}  // namespace hwcert::cuda::library::attention

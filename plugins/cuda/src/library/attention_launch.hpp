// Launch of an attention kernel with its dynamic shared memory, opting in past the default
// 48 KiB. Included by .cu files only.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "attention_plan.hpp"
#include "library_ops.hpp"

namespace hwcert::cuda::library::attention {

/// Extents and element strides of q, k, v and y, as the kernels take them.
struct Geometry {
  int64_t heads = 0, sq = 0, sk = 0, d = 0, dv = 0;
  int64_t qs[4] = {}, ks[4] = {}, vs[4] = {}, ys[4] = {};
  int32_t causal = 0;
};

inline Geometry geometry_of(const AttentionProblem& problem) {
  Geometry g;
  g.heads = problem.q.shape[1];
  g.sq = problem.q.shape[2];
  g.sk = problem.k.shape[2];
  g.d = problem.q.shape[3];
  g.dv = problem.v.shape[3];
  for (int d = 0; d < 4; ++d) {
    g.qs[d] = problem.q.strides[d];
    g.ks[d] = problem.k.strides[d];
    g.vs[d] = problem.v.strides[d];
    g.ys[d] = problem.y.strides[d];
  }
  g.causal = problem.causal ? 1 : 0;
  return g;
}

template <typename Params>
cudaError_t launch_with_shared_memory(void (*kernel)(Params), unsigned blocks, unsigned threads,
                                      uint64_t shared, cudaStream_t stream, const Params& params) {
  if (shared > kDefaultSharedMemory) {
    const cudaError_t error = cudaFuncSetAttribute(
        kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(shared));
    if (error != cudaSuccess) return error;
  }
  kernel<<<blocks, threads, shared, stream>>>(params);
  return cudaGetLastError();
}

}  // namespace hwcert::cuda::library::attention

// cuDNN objects for one planned conv2d: tensor, filter and convolution descriptors and the
// forward algorithm chosen by cuDNN's heuristics, created once and cached per device.
#pragma once

#include <cudnn.h>

#include <memory>

#include "conv2d_plan.hpp"
#include "library_ops.hpp"

namespace hwcert::cuda::library {

struct CudnnTensorDeleter {
  void operator()(cudnnTensorStruct* desc) const noexcept;
};
struct CudnnFilterDeleter {
  void operator()(cudnnFilterStruct* desc) const noexcept;
};
struct CudnnConvDeleter {
  void operator()(cudnnConvolutionStruct* desc) const noexcept;
};

struct CudnnConvPlan {
  std::unique_ptr<cudnnTensorStruct, CudnnTensorDeleter> x, y;
  std::unique_ptr<cudnnFilterStruct, CudnnFilterDeleter> w;
  std::unique_ptr<cudnnConvolutionStruct, CudnnConvDeleter> conv;
  cudnnConvolutionFwdAlgo_t algo = CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
  uint64_t workspace = 0;
};

/// Most workspace a cuDNN algorithm may ask for before a leaner one is taken.
inline constexpr uint64_t kMaxCudnnWorkspaceBytes = 1ull << 30;

/// Builds the descriptors and takes the first heuristic algorithm (deterministic ones first)
/// that sums products directly (implicit GEMM, GEMM or direct; no FFT or Winograd) and runs
/// in the plan's math mode (strict f32 keeps CUDNN_FMA_MATH; never
/// CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION, which may convert f32 data to f16).
OpStatus make_cudnn_conv_plan(cudnnHandle_t handle, const Conv2dPlan& plan,
                              std::shared_ptr<const CudnnConvPlan>& out);

}  // namespace hwcert::cuda::library

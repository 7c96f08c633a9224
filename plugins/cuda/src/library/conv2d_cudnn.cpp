#include "conv2d_cudnn.hpp"

#include <vector>

#include "conv2d_cudnn_status.hpp"

namespace hwcert::cuda::library {

void CudnnTensorDeleter::operator()(cudnnTensorStruct* desc) const noexcept {
  cudnnDestroyTensorDescriptor(desc);
}
void CudnnFilterDeleter::operator()(cudnnFilterStruct* desc) const noexcept {
  cudnnDestroyFilterDescriptor(desc);
}
void CudnnConvDeleter::operator()(cudnnConvolutionStruct* desc) const noexcept {
  cudnnDestroyConvolutionDescriptor(desc);
}

namespace {

int as_int(int64_t value) {
  return static_cast<int>(value);
}

OpStatus make_tensor(const Conv2dPlan& plan, const DeviceTensor& t,
                     std::unique_ptr<cudnnTensorStruct, CudnnTensorDeleter>& out) {
  cudnnTensorDescriptor_t raw = nullptr;
  OpStatus status = check_cudnn(cudnnCreateTensorDescriptor(&raw), "cudnnCreateTensorDescriptor");
  if (!status.ok()) return status;
  out.reset(raw);
  const auto dims = nchw_dims(t, plan.nhwc);
  const auto strides = nchw_strides(t, plan.nhwc);
  return check_cudnn(
      cudnnSetTensor4dDescriptorEx(raw, plan.data_type, as_int(dims[0]), as_int(dims[1]),
                                   as_int(dims[2]), as_int(dims[3]), as_int(strides[0]),
                                   as_int(strides[1]), as_int(strides[2]), as_int(strides[3])),
      "cudnnSetTensor4dDescriptorEx");
}

/// Direct sums only: FFT and Winograd transforms add rounding error that a direct product
/// sum has not (and break the bit-exact results of small-integer inputs).
bool direct_sum(cudnnConvolutionFwdAlgo_t algo) {
  return algo == CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM ||
         algo == CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM ||
         algo == CUDNN_CONVOLUTION_FWD_ALGO_GEMM || algo == CUDNN_CONVOLUTION_FWD_ALGO_DIRECT;
}

bool math_allowed(const Conv2dPlan& plan, cudnnMathType_t math) {
  if (plan.fma_only) return math == CUDNN_FMA_MATH || math == CUDNN_DEFAULT_MATH;
  return math != CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION;
}

}  // namespace

OpStatus make_cudnn_conv_plan(cudnnHandle_t handle, const Conv2dPlan& plan,
                              std::shared_ptr<const CudnnConvPlan>& out) {
  auto result = std::make_shared<CudnnConvPlan>();
  OpStatus status;
  if (!(status = make_tensor(plan, plan.x, result->x)).ok() ||
      !(status = make_tensor(plan, plan.y, result->y)).ok()) {
    return status;
  }
  cudnnFilterDescriptor_t filter = nullptr;
  if (!(status = check_cudnn(cudnnCreateFilterDescriptor(&filter), "cudnnCreateFilterDescriptor"))
           .ok()) {
    return status;
  }
  result->w.reset(filter);
  const auto& wd = plan.w_dims;
  status =
      check_cudnn(cudnnSetFilter4dDescriptor(
                      filter, plan.data_type, plan.nhwc ? CUDNN_TENSOR_NHWC : CUDNN_TENSOR_NCHW,
                      as_int(wd[0]), as_int(wd[1]), as_int(wd[2]), as_int(wd[3])),
                  "cudnnSetFilter4dDescriptor");
  if (!status.ok()) return status;
  cudnnConvolutionDescriptor_t conv = nullptr;
  if (!(status = check_cudnn(cudnnCreateConvolutionDescriptor(&conv),
                             "cudnnCreateConvolutionDescriptor"))
           .ok()) {
    return status;
  }
  result->conv.reset(conv);
  status =
      check_cudnn(cudnnSetConvolution2dDescriptor(
                      conv, as_int(plan.pads[0]), as_int(plan.pads[1]), as_int(plan.strides[0]),
                      as_int(plan.strides[1]), as_int(plan.dilations[0]), as_int(plan.dilations[1]),
                      CUDNN_CROSS_CORRELATION, plan.compute_type),
                  "cudnnSetConvolution2dDescriptor");
  if (!status.ok()) return status;
  if (!(status = check_cudnn(cudnnSetConvolutionGroupCount(conv, as_int(plan.groups)),
                             "cudnnSetConvolutionGroupCount"))
           .ok() ||
      !(status = check_cudnn(cudnnSetConvolutionMathType(conv, plan.math_type),
                             "cudnnSetConvolutionMathType"))
           .ok()) {
    return status;
  }

  int n = 0, c = 0, h = 0, w = 0;
  status = check_cudnn(
      cudnnGetConvolution2dForwardOutputDim(conv, result->x.get(), filter, &n, &c, &h, &w),
      "cudnnGetConvolution2dForwardOutputDim");
  if (!status.ok()) return status;
  if (n != plan.y_dims[0] || c != plan.y_dims[1] || h != plan.y_dims[2] || w != plan.y_dims[3]) {
    return {HWC_STATUS_INTERNAL, "cuDNN's conv2d output dims differ from Y's"};
  }

  int max_count = 0;
  status = check_cudnn(cudnnGetConvolutionForwardAlgorithmMaxCount(handle, &max_count),
                       "cudnnGetConvolutionForwardAlgorithmMaxCount");
  if (!status.ok()) return status;
  std::vector<cudnnConvolutionFwdAlgoPerf_t> perfs(
      static_cast<std::size_t>(max_count > 0 ? max_count : 1));
  int returned = 0;
  status = check_cudnn(cudnnGetConvolutionForwardAlgorithm_v7(
                           handle, result->x.get(), filter, conv, result->y.get(),
                           static_cast<int>(perfs.size()), &returned, perfs.data()),
                       "cudnnGetConvolutionForwardAlgorithm_v7");
  if (!status.ok()) return status;

  // Deterministic algorithms first (conformance may run a case twice), then any.
  for (const bool deterministic_only : {true, false}) {
    for (int i = 0; i < returned; ++i) {
      const cudnnConvolutionFwdAlgoPerf_t& perf = perfs[static_cast<std::size_t>(i)];
      if (perf.status != CUDNN_STATUS_SUCCESS || !math_allowed(plan, perf.mathType) ||
          !direct_sum(perf.algo)) {
        continue;
      }
      if (deterministic_only && perf.determinism != CUDNN_DETERMINISTIC) continue;
      if (perf.memory > kMaxCudnnWorkspaceBytes) continue;
      // Strict f32 keeps CUDNN_FMA_MATH on the descriptor whatever the result reports.
      const cudnnMathType_t math = plan.fma_only ? CUDNN_FMA_MATH : perf.mathType;
      if (cudnnSetConvolutionMathType(conv, math) != CUDNN_STATUS_SUCCESS) continue;
      size_t bytes = 0;
      if (cudnnGetConvolutionForwardWorkspaceSize(handle, result->x.get(), filter, conv,
                                                  result->y.get(), perf.algo,
                                                  &bytes) != CUDNN_STATUS_SUCCESS) {
        continue;
      }
      if (bytes > kMaxCudnnWorkspaceBytes) continue;
      result->algo = perf.algo;
      result->workspace = bytes;
      out = std::move(result);
      return {};
    }
  }
  return {HWC_STATUS_UNSUPPORTED,
          "cuDNN offers no forward algorithm for this convolution in the asked math_mode"};
}

}  // namespace hwcert::cuda::library

// conv2d on cuDNN: supports / workspace_bytes / launch of library_ops.hpp.
#include <algorithm>
#include <array>

#include "conv2d_cudnn.hpp"
#include "conv2d_cudnn_status.hpp"
#include "conv2d_plan.hpp"
#include "cuda_errors.hpp"
#include "device_libraries.hpp"
#include "library_ops.hpp"
#include "library_planning.hpp"
#include "matmul_staging.hpp"

namespace hwcert::cuda::library {
namespace {

/// bias [C_out] as a rank-4 view over Y's layout (extent 1 on every other dim).
DeviceTensor bias_view(const DeviceTensor& bias, const DeviceTensor& y, bool nhwc) {
  DeviceTensor view;
  view.data = bias.data;
  view.dtype = bias.dtype;
  view.rank = 4;
  view.shape = {1, 1, 1, 1, 0, 0, 0, 0};
  const int c = nhwc ? 3 : 1;
  view.shape[c] = y.shape[c];
  view.strides[c] = bias.strides[0];
  return view;
}

/// The operands a conv2d plan may stage (see plan_unbound).
constexpr std::array<PlannedOperand<Conv2dProblem, Conv2dPlan>, 3> kConv2dStagedOperands{{
    {&Conv2dProblem::x, &Conv2dPlan::x, &Conv2dPlan::stage_x},
    {&Conv2dProblem::w, &Conv2dPlan::w, &Conv2dPlan::stage_w},
    {&Conv2dProblem::y, &Conv2dPlan::y, &Conv2dPlan::stage_y},
}};

}  // namespace

bool supports(const Conv2dProblem& problem, const DeviceTraits& traits, std::string& reason) {
  return plans<Conv2dPlan>(problem, traits, reason, plan_conv2d);
}

uint64_t workspace_bytes(const Conv2dProblem& problem, DeviceLibraries& libraries) {
  const auto plan = plan_of<Conv2dPlan>(problem, libraries.traits(), plan_conv2d);
  if (!plan || plan->path != Conv2dPath::convolution) return 0;
  const uint64_t staging = conv2d_staging_bytes(*plan);
  const ScopedDevice device(libraries.traits().cuda_device);
  if (!device.status().ok()) return staging;
  const auto lock = libraries.lock_cudnn();
  std::shared_ptr<const CudnnConvPlan> cudnn;
  // A failure here comes back from launch(), which builds the same plan.
  if (!libraries.conv_plan(*plan, cudnn).ok()) return staging;
  return staging + cudnn->workspace;
}

OpStatus launch(const Conv2dProblem& problem, DeviceLibraries& libraries, Workspace workspace,
                cudaStream_t stream) {
  Conv2dPlan plan;
  std::string reason;
  if (!plan_conv2d(problem, libraries.traits(), plan, reason)) {
    return {HWC_STATUS_UNSUPPORTED, "conv2d: " + reason};
  }
  if (plan.path == Conv2dPath::nothing) return {};
  const ScopedDevice device(libraries.traits().cuda_device);
  if (!device.status().ok()) return device.status();
  if (plan.path == Conv2dPath::fill_only) {
    if (!problem.bias) return fill_output(nullptr, problem.y, 1.0, stream);
    const DeviceTensor bias = bias_view(*problem.bias, problem.y, problem.nhwc);
    return fill_output(&bias, problem.y, 1.0, stream);
  }

  const auto lock = libraries.lock_cudnn();
  std::shared_ptr<const CudnnConvPlan> cudnn;
  OpStatus status = libraries.conv_plan(plan, cudnn);
  if (!status.ok()) {
    status.message = "conv2d: " + status.message;
    return status;
  }
  const uint64_t available = workspace.data == nullptr ? 0 : workspace.bytes;
  // Addresses that ask for more staging (16-byte alignment) than the queried workspace holds.
  if (conv2d_staging_bytes(plan) + cudnn->workspace > available &&
      !plan_unbound(problem, libraries.traits(), plan, reason, plan_conv2d,
                    kConv2dStagedOperands)) {
    return {HWC_STATUS_UNSUPPORTED, "conv2d: " + reason};
  }
  StagingArea staging(workspace.data);
  staging.place(plan.stage_x, plan.x, plan.staged_x_bytes);
  staging.place(plan.stage_w, plan.w, plan.staged_w_bytes);
  staging.place(plan.stage_y, plan.y, plan.staged_y_bytes);
  const uint64_t offset = staging.used();
  const uint64_t needed = offset + cudnn->workspace;
  if (needed > available) {
    return {HWC_STATUS_INVALID_ARGUMENT, "conv2d: workspace of " + std::to_string(workspace.bytes) +
                                             " bytes, needs " + std::to_string(needed)};
  }
  if (plan.stage_x) {
    StridedCopy copy = full_copy(problem.x, plan.x);
    std::copy(plan.x_pad_begin.begin(), plan.x_pad_begin.end(), copy.src_begin.begin());
    copy.src_extent = problem.x.shape;
    if (!(status = launch_strided_copy(copy, stream)).ok()) return status;
  }
  if (plan.stage_w && !(status = launch_strided_copy(full_copy(problem.w, plan.w), stream)).ok()) {
    return status;
  }
  // Y starts as the bias (exact copy); cuDNN adds the convolution with beta = 1 and rounds once.
  const bool with_bias = problem.bias.has_value();
  if (with_bias) {
    status = launch_strided_copy(
        broadcast_copy(bias_view(*problem.bias, plan.y, problem.nhwc), plan.y, false, 1.0), stream);
    if (!status.ok()) return status;
  }

  cudnnHandle_t handle = nullptr;
  if (!(status = libraries.cudnn(handle)).ok()) return status;
  if (!(status = check_cudnn(cudnnSetStream(handle, stream), "cudnnSetStream")).ok()) {
    return status;
  }
  const double alpha64 = 1.0, beta64 = with_bias ? 1.0 : 0.0;
  const float alpha32 = 1.0f, beta32 = with_bias ? 1.0f : 0.0f;
  const bool f64 = plan.data_type == CUDNN_DATA_DOUBLE;
  const void* alpha = f64 ? static_cast<const void*>(&alpha64) : &alpha32;
  const void* beta = f64 ? static_cast<const void*>(&beta64) : &beta32;
  status = check_cudnn(
      cudnnConvolutionForward(handle, alpha, cudnn->x.get(), plan.x.data, cudnn->w.get(),
                              plan.w.data, cudnn->conv.get(), cudnn->algo,
                              cudnn->workspace > 0 ? workspace.data + offset : nullptr,
                              cudnn->workspace, beta, cudnn->y.get(), plan.y.data),
      "cudnnConvolutionForward");
  if (!status.ok()) return status;
  if (plan.stage_y) return launch_strided_copy(full_copy(plan.y, problem.y), stream);
  return {};
}

}  // namespace hwcert::cuda::library

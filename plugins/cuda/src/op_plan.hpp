// From an op descriptor to a Plan: the descriptor is checked against docs/op-catalogue.md
// without touching a device (INVALID_ARGUMENT when malformed, UNSUPPORTED with a reason
// when this plugin cannot run it as described), and the plan says how to launch it.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <hwcert/hwcert_plugin.h>

#include "library/library_ops.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda {

class DeviceRuntime;

/// What a plan's launch gets: device addresses of element 0 of each tensor (buffer base +
/// byte_offset), the workspace, the stream and its device.
struct LaunchArgs {
  std::span<std::byte* const> inputs;
  std::span<std::byte* const> outputs;
  library::Workspace workspace;
  cudaStream_t stream = nullptr;
  int* error_flag = nullptr;
  DeviceRuntime* runtime = nullptr;
};

struct Plan {
  /// Device-dependent support (the op library's answer); empty when every device runs it.
  std::function<bool(const library::DeviceTraits&, std::string& reason)> supports;
  /// Scratch bytes on a device; empty for none.
  std::function<uint64_t(DeviceRuntime&)> workspace_bytes;
  /// Enqueues the work; throws Failure.
  std::function<void(const LaunchArgs&)> launch;
  /// Set when the work may raise the stream's error flag: the message for a raised flag.
  std::string error_flag_meaning;
  /// True when every output is empty: nothing to launch.
  bool no_work = false;
};

/// Checks `op` and plans it. INVALID_ARGUMENT for a malformed descriptor, UNSUPPORTED (with
/// the reason as message) for a valid one this plugin does not run.
Plan plan_op(const HWC_OpDesc* op);

/// What planners see: the checked descriptor.
struct OpView {
  const HWC_OpDesc& op;
  std::string name;
  std::span<const HWC_TensorDesc* const> inputs;
  std::span<const HWC_TensorDesc* const> outputs;
  const HWC_TensorDesc& in(size_t i) const { return *inputs[i]; }
  const HWC_TensorDesc& out(size_t i) const { return *outputs[i]; }
};

// --- checks shared by the planners (INVALID_ARGUMENT with the op's name) ---
void expect_counts(const OpView& v, uint32_t min_inputs, uint32_t max_inputs, uint32_t outputs);
void expect_shape(const OpView& v, const HWC_TensorDesc& t, std::span<const int64_t> shape,
                  const std::string& what);
void expect_dtype(const OpView& v, const HWC_TensorDesc& t, int32_t dtype, const std::string& what);
/// INVALID_ARGUMENT unless every input and output has `dtype` ... and it is a float dtype.
void expect_float_dtype(const OpView& v, int32_t dtype, const std::string& what);

// --- planners, one file per family ---
Plan plan_copy(const OpView& v);
Plan plan_cast(const OpView& v);
Plan plan_transpose(const OpView& v);
Plan plan_concat(const OpView& v);
Plan plan_gather(const OpView& v);
Plan plan_unary(const OpView& v);
Plan plan_binary(const OpView& v);
Plan plan_reduce(const OpView& v);
Plan plan_pool2d(const OpView& v);
Plan plan_matmul(const OpView& v);
Plan plan_conv2d(const OpView& v);
Plan plan_rows(const OpView& v);
Plan plan_attention(const OpView& v);
Plan plan_activation(const OpView& v);  // plan_activations.cpp (opset 2)
Plan plan_batch_norm(const OpView& v);  // plan_activations.cpp (opset 2)
Plan plan_reshape(const OpView& v);     // reshape flatten squeeze unsqueeze
Plan plan_view_copy(const OpView& v);   // expand slice split
Plan plan_pad(const OpView& v);
Plan plan_where(const OpView& v);
Plan plan_resize(const OpView& v);

/// One strided element copy of an op: input `input` seen through `x` from element x_offset
/// into output `output` seen through `y` from element y_offset (x and y of one shape).
struct CopyPart {
  uint32_t input = 0;
  Layout x;
  int64_t x_offset = 0;
  uint32_t output = 0;
  Layout y;
  int64_t y_offset = 0;
};
/// A plan of strided copies of elements of `element_size` bytes, made in order.
Plan copies_plan(std::vector<CopyPart> parts, uint32_t element_size);

/// Throws the mapped Failure unless `status` is cudaSuccess (marking the device lost on a
/// sticky error). Used by launches of the plugin's own kernels.
void check_launch(const LaunchArgs& args, cudaError_t status, const std::string& what);

/// The plan of an op computed element by element from input 0 into output 0 of one shape
/// (unary ops, activations, cast, batch_norm): at launch both views are coalesced, which merges
/// dimensions in order and so keeps the row-major index, then `kernel(args, y, x)`, the call
/// of the plugin's kernel, is checked as `what`.
template <class Kernel>
Plan same_shape_plan(const OpView& v, std::string what, Kernel kernel) {
  const Layout y_layout = layout_of(v.out(0)), x_layout = layout_of(v.in(0));
  Plan plan;
  plan.launch = [=](const LaunchArgs& args) {
    Layout y = y_layout, x = x_layout;
    Layout* views[] = {&y, &x};
    coalesce(views);
    check_launch(args, kernel(args, y, x), what);
  };
  return plan;
}

}  // namespace hwcert::cuda

// From an op descriptor to a LaunchPlan: common descriptor checks, the table of planners
// (one per catalogue op), and helpers the planners share.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>

#include <hwcert/hwcert_plugin.h>

#include "device_caps.hpp"
#include "kernel_launch.hpp"

namespace hwcert::opencl {

struct OpContext {
  const HWC_OpDesc& op;
  const DeviceCaps& caps;
  std::span<const HWC_TensorDesc* const> inputs;
  std::span<const HWC_TensorDesc* const> outputs;

  std::string name() const { return op.op_name; }
  const HWC_TensorDesc& in(size_t i) const { return *inputs[i]; }
  const HWC_TensorDesc& out(size_t i) const { return *outputs[i]; }
};

using Planner = LaunchPlan (*)(const OpContext&);

/// Checks the descriptor (INVALID_ARGUMENT when malformed) and plans it on a device with
/// `caps` (UNSUPPORTED, with the reason, when that device cannot run it as described).
LaunchPlan plan_op(const HWC_OpDesc* op, const DeviceCaps& caps);

// --- helpers for planners ---

/// INVALID_ARGUMENT unless the op has inputs in [min_inputs, max_inputs] and `outputs` outputs.
void expect_arity(const OpContext& ctx, uint32_t min_inputs, uint32_t max_inputs, uint32_t outputs);
/// INVALID_ARGUMENT unless `desc` has exactly `shape`.
void expect_shape(const HWC_TensorDesc& desc, std::span<const int64_t> shape, const char* what);
/// INVALID_ARGUMENT unless `desc` has `dtype`.
void expect_dtype(const HWC_TensorDesc& desc, int32_t dtype, const char* what);
/// UNSUPPORTED when the device cannot compute with `dtype` (f64 without cl_khr_fp64).
void require_arithmetic(const DeviceCaps& caps, int32_t dtype, const std::string& op);
/// INVALID_ARGUMENT unless `dtype` is a float dtype of the catalogue; then require_arithmetic.
void require_float(const OpContext& ctx, int32_t dtype);
/// Defines that make the load macros `loads` round f32 inputs as math_mode asks ("" for
/// strict). tf32, hf32, f16 and bf16 apply to f32 inputs (INVALID_ARGUMENT otherwise);
/// f16_accumulate is UNSUPPORTED; other names are INVALID_ARGUMENT.
std::string math_mode_defines(const std::string& math_mode, int32_t input_dtype,
                              const std::string& op, std::initializer_list<const char*> loads);
std::vector<int64_t> shape_of(const HWC_TensorDesc& desc);
/// Program spec for a kernel file with the given defines.
ProgramSpec program(const char* file, std::string defines);
/// Defines of a one-dtype program (elementwise, reduce, conv, attention): dtype_defines
/// under prefix T, IS_FLOAT for float dtypes, and ACC, the accumulation type.
std::string element_defines(int32_t dtype);
/// Work-group size for 1-D elementwise kernels on this device.
size_t elementwise_group(const DeviceCaps& caps);
/// The step of a one-input elementwise kernel (`kernel` of program `file` with `defines`):
/// arguments y, ty, x, tx, n over the coalesced views of output 0 and input 0 (dimensions
/// merged in order: the row-major index is unchanged), n items in 1-D; nullopt when the
/// output is empty. Callers append the kernel's further arguments.
std::optional<KernelStep> one_input_step(const OpContext& ctx, const char* file,
                                         std::string defines, std::string kernel);

// --- planners (ops_*.cpp) ---
LaunchPlan plan_copy(const OpContext& ctx);
LaunchPlan plan_cast(const OpContext& ctx);
LaunchPlan plan_transpose(const OpContext& ctx);
LaunchPlan plan_concat(const OpContext& ctx);
LaunchPlan plan_gather(const OpContext& ctx);
LaunchPlan plan_unary(const OpContext& ctx);
LaunchPlan plan_binary(const OpContext& ctx);
LaunchPlan plan_reduce(const OpContext& ctx);
LaunchPlan plan_softmax(const OpContext& ctx);
LaunchPlan plan_norm(const OpContext& ctx);
LaunchPlan plan_matmul(const OpContext& ctx);
LaunchPlan plan_conv2d(const OpContext& ctx);
LaunchPlan plan_pool2d(const OpContext& ctx);
LaunchPlan plan_attention(const OpContext& ctx);
LaunchPlan plan_activation(const OpContext& ctx);  // ops_activations.cpp (opset 2)
LaunchPlan plan_batch_norm(const OpContext& ctx);  // ops_activations.cpp (opset 2)
LaunchPlan plan_reshape(const OpContext& ctx);     // reshape flatten squeeze unsqueeze
LaunchPlan plan_view_copy(const OpContext& ctx);   // expand slice split
LaunchPlan plan_pad(const OpContext& ctx);
LaunchPlan plan_where(const OpContext& ctx);
LaunchPlan plan_resize(const OpContext& ctx);

/// Adds a strided element copy x -> y (same shape, same element size) to `plan`.
void add_copy_step(LaunchPlan& plan, const DeviceCaps& caps, View y, uint32_t y_output, View x,
                   uint32_t x_input);
/// Program defines of the raw-element kernels (kernels/movement.cl): E_T of `element_bytes`,
/// IDX_T the index type of gather.
std::string raw_defines(uint32_t element_bytes, const char* index_type = "int");

}  // namespace hwcert::opencl

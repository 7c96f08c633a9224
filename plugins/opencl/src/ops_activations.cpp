// The opset-2 activations (clip, leaky_relu, hard_sigmoid, hard_swish, erf) and inference
// batch_norm: 1-D elementwise kernels of kernels/activations.cl.
#include <hwcert/plugin_common/attribute_values.hpp>
#include <hwcert/plugin_common/op_attributes.hpp>

#include <iterator>
#include <limits>
#include <string_view>
#include <utility>

#include "dtype.hpp"
#include "error.hpp"
#include "op_registry.hpp"

namespace hwcert::opencl {
using plugin_common::OpAttributes;
namespace {

// The kernel arguments a and b of an activation (docs/op-catalogue.md defaults).
std::pair<double, double> activation_arguments(const OpContext& ctx, int32_t dtype) {
  const std::string name = ctx.name();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (name == "clip") {  // bounds rounded once to the dtype: a clamped result is the bound
    const OpAttributes attrs(ctx.op, {"min", "max"});
    return {plugin_common::nearest_in_dtype(attrs.get_float("min", -kInf), dtype),
            plugin_common::nearest_in_dtype(attrs.get_float("max", kInf), dtype)};
  }
  if (name == "leaky_relu") {
    const OpAttributes attrs(ctx.op, {"alpha"});
    return {attrs.get_float("alpha", 0.01), 0.0};
  }
  if (name == "hard_sigmoid") {
    const OpAttributes attrs(ctx.op, {"alpha", "beta"});
    return {attrs.get_float("alpha", 0.2), attrs.get_float("beta", 0.5)};
  }
  const OpAttributes none(ctx.op, {});  // hard_swish, erf
  return {0.0, 0.0};
}

// The kernel's index of an activation (kernels/activations.cl, activate()).
cl_int activation_index(const std::string& name) {
  constexpr std::string_view kOrder[] = {"clip", "leaky_relu", "hard_sigmoid", "hard_swish", "erf"};
  for (cl_int i = 0; i < static_cast<cl_int>(std::size(kOrder)); ++i)
    if (kOrder[i] == name) return i;
  fail(HWC_STATUS_INTERNAL, "no activation kernel for '" + name + "'");
}

// A float attribute in the kernel's compute type (double for f64, float otherwise).
void compute_value(KernelStep& step, int32_t dtype, double v) {
  if (dtype == HWC_DTYPE_F64)
    step.value(cl_double{v});
  else
    step.value(static_cast<cl_float>(v));
}

}  // namespace

LaunchPlan plan_activation(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  const int32_t dtype = ctx.in(0).dtype;
  require_float(ctx, dtype);
  const auto [a, b] = activation_arguments(ctx, dtype);
  expect_dtype(ctx.out(0), dtype, "Y");
  expect_shape(ctx.out(0), shape_of(ctx.in(0)), "Y");
  LaunchPlan plan;
  if (auto step = one_input_step(ctx, "activations", element_defines(dtype), "activation")) {
    step->value(cl_int{activation_index(ctx.name())});
    compute_value(*step, dtype, a);
    compute_value(*step, dtype, b);
    plan.steps.push_back(std::move(*step));
  }
  return plan;
}

LaunchPlan plan_batch_norm(const OpContext& ctx) {
  expect_arity(ctx, 5, 5, 1);
  const OpAttributes attrs(ctx.op, {"epsilon"});
  const HWC_TensorDesc& xd = ctx.in(0);
  require_float(ctx, xd.dtype);
  if (xd.rank < 2) fail_invalid("batch_norm needs X of rank >= 2 ([N, C, ...])");
  const double epsilon = attrs.get_float("epsilon", 1e-5);
  if (!(epsilon >= 0)) fail_invalid("batch_norm epsilon must be >= 0");
  const int64_t channels = xd.shape[1];
  const char* names[] = {"scale", "bias", "mean", "var"};
  cl_long8 params{};
  for (size_t i = 1; i < 5; ++i) {
    expect_dtype(ctx.in(i), xd.dtype, names[i - 1]);
    expect_shape(ctx.in(i), std::vector<int64_t>{channels}, names[i - 1]);
    const View p = view_of(ctx.in(i));
    params.s[i - 1] = p.offset;
    params.s[i + 3] = p.strides[0];
  }
  expect_dtype(ctx.out(0), xd.dtype, "Y");
  expect_shape(ctx.out(0), shape_of(xd), "Y");
  LaunchPlan plan;
  if (auto step = one_input_step(ctx, "activations", element_defines(xd.dtype), "batch_norm")) {
    const int64_t inner = view_of(xd).numel() / (xd.shape[0] * channels);
    step->input(1).input(2).input(3).input(4).value(params);
    step->value(cl_long{inner}).value(cl_long{channels});
    compute_value(*step, xd.dtype, epsilon);
    plan.steps.push_back(std::move(*step));
  }
  return plan;
}

}  // namespace hwcert::opencl

// The opset-2 activations (clip, leaky_relu, hard_sigmoid, hard_swish, erf) and inference
// batch_norm (kernels/activations.cu).
#include <hwcert/plugin_common/attribute_values.hpp>
#include <hwcert/plugin_common/op_attributes.hpp>

#include <algorithm>
#include <limits>
#include <string_view>
#include <utility>

#include "dtype.hpp"
#include "error.hpp"
#include "op_plan.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda {
using plugin_common::OpAttributes;
namespace {

using kernels::ActivationOp;

constexpr std::pair<std::string_view, ActivationOp> kActivations[] = {
    {"clip", ActivationOp::clip},
    {"leaky_relu", ActivationOp::leaky_relu},
    {"hard_sigmoid", ActivationOp::hard_sigmoid},
    {"hard_swish", ActivationOp::hard_swish},
    {"erf", ActivationOp::erf},
};

ActivationOp activation_named(const std::string& name) {
  for (const auto& [known, op] : kActivations)
    if (known == name) return op;
  fail(HWC_STATUS_INTERNAL, "no kernel for '" + name + "'");
}

// The kernel's a and b (docs/op-catalogue.md defaults); clip's bounds rounded once to the
// dtype, so that a clamped result is the bound.
std::pair<double, double> activation_arguments(const OpView& v, ActivationOp op, int32_t dtype) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  switch (op) {
    case ActivationOp::clip: {
      const OpAttributes attrs(v.op, {{"min", HWC_ATTR_FLOAT}, {"max", HWC_ATTR_FLOAT}});
      return {plugin_common::nearest_in_dtype(attrs.get_float("min", -kInf), dtype),
              plugin_common::nearest_in_dtype(attrs.get_float("max", kInf), dtype)};
    }
    case ActivationOp::leaky_relu:
      return {OpAttributes(v.op, {{"alpha", HWC_ATTR_FLOAT}}).get_float("alpha", 0.01), 0.0};
    case ActivationOp::hard_sigmoid: {
      const OpAttributes attrs(v.op, {{"alpha", HWC_ATTR_FLOAT}, {"beta", HWC_ATTR_FLOAT}});
      return {attrs.get_float("alpha", 0.2), attrs.get_float("beta", 0.5)};
    }
    default:
      OpAttributes(v.op, {});
      return {0.0, 0.0};
  }
}

}  // namespace

Plan plan_activation(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  const ActivationOp op = activation_named(v.name);
  const int32_t dtype = v.in(0).dtype;
  expect_float_dtype(v, dtype, "input");
  const auto [a, b] = activation_arguments(v, op, dtype);
  expect_dtype(v, v.out(0), dtype, "output");
  expect_shape(v, v.out(0), shape_of(v.in(0)), "output");
  return same_shape_plan(v, v.name + " kernel", [=](const LaunchArgs& args, Layout& y, Layout& x) {
    return kernels::activation(op, dtype, a, b, args.outputs[0], y, args.inputs[0], x, args.stream);
  });
}

Plan plan_batch_norm(const OpView& v) {
  expect_counts(v, 5, 5, 1);
  const OpAttributes attrs(v.op, {{"epsilon", HWC_ATTR_FLOAT}});
  const HWC_TensorDesc& xd = v.in(0);
  expect_float_dtype(v, xd.dtype, "X");
  if (xd.rank < 2) fail_invalid("batch_norm: X must have rank >= 2 ([N, C, ...])");
  const double epsilon = attrs.get_float("epsilon", 1e-5);
  if (!(epsilon >= 0)) fail_invalid("batch_norm: epsilon must be >= 0");
  const int64_t channels = xd.shape[1];
  const char* names[] = {"scale", "bias", "mean", "var"};
  int64_t strides[4] = {};
  for (size_t i = 1; i < 5; ++i) {
    expect_dtype(v, v.in(i), xd.dtype, names[i - 1]);
    expect_shape(v, v.in(i), Shape{channels}, names[i - 1]);
    strides[i - 1] = layout_of(v.in(i)).strides[0];
  }
  expect_dtype(v, v.out(0), xd.dtype, "output");
  expect_shape(v, v.out(0), shape_of(xd), "output");
  const int64_t inner = element_count(xd) / std::max<int64_t>(1, xd.shape[0] * channels);
  const int32_t dtype = xd.dtype;
  return same_shape_plan(v, "batch_norm kernel", [=](const LaunchArgs& args, Layout& y, Layout& x) {
    kernels::ChannelParams params;
    for (int k = 0; k < 4; ++k) {
      params.data[k] = args.inputs[static_cast<size_t>(k) + 1];
      params.strides[k] = strides[k];
    }
    return kernels::batch_norm(dtype, args.outputs[0], y, args.inputs[0], x, params, inner,
                               channels, epsilon, args.stream);
  });
}

}  // namespace hwcert::cuda

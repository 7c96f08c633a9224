// Unary and binary elementwise ops (binary with numpy broadcasting).
#include <hwcert/plugin_common/op_attributes.hpp>

#include <algorithm>
#include <array>
#include <string_view>

#include "dtype.hpp"
#include "error.hpp"
#include "op_registry.hpp"

namespace hwcert::opencl {
using plugin_common::OpAttributes;
namespace {

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void check_elementwise_dtype(const OpContext& ctx, int32_t dtype, bool int_ok,
                             std::initializer_list<int32_t> int_dtypes) {
  const std::string name = ctx.name();
  if (is_float_dtype(dtype)) {
    require_arithmetic(ctx.caps, dtype, name);
    return;
  }
  if (int_ok && std::find(int_dtypes.begin(), int_dtypes.end(), dtype) != int_dtypes.end()) return;
  fail_invalid(name + " does not take dtype " + dtype_name(dtype));
}

}  // namespace

LaunchPlan plan_unary(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  const std::string name = ctx.name();
  std::string kernel = "unary_" + name;
  if (name == "gelu") {
    OpAttributes attrs(ctx.op, {"approximate"});
    const std::string approximate = attrs.get_string("approximate", "none");
    if (approximate == "tanh")
      kernel = "unary_gelu_tanh";
    else if (approximate != "none")
      fail_invalid("gelu approximate must be 'none' or 'tanh'");
  } else {
    OpAttributes attrs(ctx.op, {});
  }
  const int32_t dtype = ctx.in(0).dtype;
  check_elementwise_dtype(ctx, dtype, is_one_of(name, {"neg", "abs", "relu"}),
                          {HWC_DTYPE_I8, HWC_DTYPE_I32, HWC_DTYPE_I64});
  expect_dtype(ctx.out(0), dtype, "Y");
  expect_shape(ctx.out(0), shape_of(ctx.in(0)), "Y");
  LaunchPlan plan;
  if (auto step = one_input_step(ctx, "elementwise", element_defines(dtype), kernel))
    plan.steps.push_back(std::move(*step));
  return plan;
}

LaunchPlan plan_binary(const OpContext& ctx) {
  expect_arity(ctx, 2, 2, 1);
  OpAttributes attrs(ctx.op, {});
  const std::string name = ctx.name();
  const int32_t dtype = ctx.in(0).dtype;
  expect_dtype(ctx.in(1), dtype, "B");
  check_elementwise_dtype(ctx, dtype, is_one_of(name, {"add", "sub", "mul", "max", "min"}),
                          {HWC_DTYPE_I8, HWC_DTYPE_U8, HWC_DTYPE_I32, HWC_DTYPE_I64});
  const auto a_shape = shape_of(ctx.in(0));
  const auto b_shape = shape_of(ctx.in(1));
  const auto y_shape = broadcast_shapes(a_shape, b_shape);
  expect_dtype(ctx.out(0), dtype, "Y");
  expect_shape(ctx.out(0), y_shape, "Y");
  LaunchPlan plan;
  View y = view_of(ctx.out(0));
  View a = broadcast_to(view_of(ctx.in(0)), y_shape);
  View b = broadcast_to(view_of(ctx.in(1)), y_shape);
  const int64_t n = y.numel();
  if (n == 0) return plan;
  View* views[] = {&y, &a, &b};
  coalesce(views);
  KernelStep step;
  step.program = program("elementwise", element_defines(dtype));
  step.kernel = "binary_" + name;
  step.output(0).info(y).input(0).info(a).input(1).info(b).value(cl_long{n});
  step.range_1d(static_cast<uint64_t>(n), elementwise_group(ctx.caps));
  plan.steps.push_back(std::move(step));
  return plan;
}

}  // namespace hwcert::opencl

// Opset-2 data-movement ops with their own kernels: pad (constant, reflect, edge), where
// (select under numpy broadcasting) and resize (nearest, bilinear) of NCHW tensors.
#include <hwcert/plugin_common/movement_shapes.hpp>
#include <hwcert/plugin_common/op_attributes.hpp>
#include <hwcert/plugin_common/scalar_bits.hpp>

#include "dtype.hpp"
#include "error.hpp"
#include "op_registry.hpp"

namespace hwcert::opencl {
using plugin_common::OpAttributes;
namespace pc = plugin_common;
namespace {

/// Field-for-field twin of PadBegin in kernels/movement.cl.
struct PadBegin {
  cl_long begin[kMaxKernelRank];
};

/// Adds `bits` to `step` as a kernel value of `bytes` bytes (the kernel's E_T).
void add_element_value(KernelStep& step, uint64_t bits, uint32_t bytes) {
  switch (bytes) {
    case 1:
      step.value(static_cast<cl_uchar>(bits));
      return;
    case 2:
      step.value(static_cast<cl_ushort>(bits));
      return;
    case 4:
      step.value(static_cast<cl_uint>(bits));
      return;
    default:
      step.value(static_cast<cl_ulong>(bits));
  }
}

/// One work-item per element of `y`; `step` has its program, kernel and leading arguments.
void finish_step(LaunchPlan& plan, KernelStep step, const DeviceCaps& caps, int64_t n) {
  step.value(cl_long{n});
  step.range_1d(static_cast<uint64_t>(n), elementwise_group(caps));
  plan.steps.push_back(std::move(step));
}

}  // namespace

LaunchPlan plan_pad(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  OpAttributes attrs(ctx.op, {"pads", "mode", "value"});
  const pc::PadMode mode = pc::pad_mode(attrs.get_string("mode", "constant"));
  const std::vector<int64_t> pads = attrs.require_ints("pads");
  const HWC_TensorDesc& x = ctx.in(0);
  const std::vector<int64_t> y_shape = pc::pad_extents(shape_of(x), pads, mode);
  expect_dtype(ctx.out(0), x.dtype, "Y");
  expect_shape(ctx.out(0), y_shape, "Y");
  const uint64_t value = pc::scalar_bits(attrs.get_float("value", 0.0), x.dtype);
  LaunchPlan plan;
  const View y = view_of(ctx.out(0));
  const int64_t n = y.numel();
  if (n == 0) return plan;
  PadBegin begin{};
  for (size_t d = 0; d < x.rank; ++d) begin.begin[d] = pads[d];
  const uint32_t size = element_size(x.dtype);
  KernelStep step;
  step.program =
      program("movement",
              raw_defines(size) + define_line("PAD_MODE", std::to_string(static_cast<int>(mode))));
  step.kernel = "pad_strided";
  step.output(0).info(y).input(0).info(view_of(x)).value(begin);
  add_element_value(step, value, size);
  finish_step(plan, std::move(step), ctx.caps, n);
  return plan;
}

LaunchPlan plan_where(const OpContext& ctx) {
  expect_arity(ctx, 3, 3, 1);
  OpAttributes attrs(ctx.op, {});
  const HWC_TensorDesc& a = ctx.in(1);
  const std::vector<int64_t> y_shape = pc::where_extents(ctx.in(0), a, ctx.in(2));
  expect_dtype(ctx.out(0), a.dtype, "Y");
  expect_shape(ctx.out(0), y_shape, "Y");
  LaunchPlan plan;
  View y = view_of(ctx.out(0));
  View c = broadcast_to(view_of(ctx.in(0)), y_shape);
  View va = broadcast_to(view_of(a), y_shape);
  View vb = broadcast_to(view_of(ctx.in(2)), y_shape);
  const int64_t n = y.numel();
  if (n == 0) return plan;
  View* views[] = {&y, &c, &va, &vb};
  coalesce(views);
  KernelStep step;
  step.program = program("movement", raw_defines(element_size(a.dtype)));
  step.kernel = "where_strided";
  step.output(0).info(y).input(0).info(c).input(1).info(va).input(2).info(vb);
  finish_step(plan, std::move(step), ctx.caps, n);
  return plan;
}

LaunchPlan plan_resize(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  OpAttributes attrs(ctx.op, {"sizes", "mode"});
  const pc::ResizeMode mode = pc::resize_mode(attrs.get_string("mode", "nearest"));
  const HWC_TensorDesc& x = ctx.in(0);
  if (!is_float_dtype(x.dtype))
    fail_invalid(std::string("resize takes f64, f32, f16 or bf16, not ") + dtype_name(x.dtype));
  const std::vector<int64_t> y_shape = pc::resize_extents(shape_of(x), attrs.require_ints("sizes"));
  expect_dtype(ctx.out(0), x.dtype, "Y");
  expect_shape(ctx.out(0), y_shape, "Y");
  const bool bilinear = mode == pc::ResizeMode::kBilinear;
  if (bilinear) require_arithmetic(ctx.caps, x.dtype, "resize");
  LaunchPlan plan;
  const View y = view_of(ctx.out(0));
  const int64_t n = y.numel();
  if (n == 0) return plan;
  KernelStep step;
  step.program =
      program("resize", bilinear ? element_defines(x.dtype) : raw_defines(element_size(x.dtype)));
  step.kernel = bilinear ? "resize_bilinear" : "resize_nearest";
  step.output(0).info(y).input(0).info(view_of(x));
  finish_step(plan, std::move(step), ctx.caps, n);
  return plan;
}

}  // namespace hwcert::opencl

// conv2d (direct, groups and dilation) and max/avg pool2d, NCHW or NHWC: NHWC views are
// permuted to logical NCHW so one kernel serves both layouts.
#include <hwcert/plugin_common/op_attributes.hpp>

#include "dtype.hpp"
#include "error.hpp"
#include "op_registry.hpp"

namespace hwcert::opencl {
using plugin_common::OpAttributes;
namespace {

constexpr int kNhwcToNchw[] = {0, 3, 1, 2};

bool layout_is_nhwc(const OpAttributes& attrs) {
  const std::string layout = attrs.get_string("layout", "NCHW");
  if (layout != "NCHW" && layout != "NHWC") fail_invalid("layout must be 'NCHW' or 'NHWC'");
  return layout == "NHWC";
}

View logical_nchw(const HWC_TensorDesc& desc, bool nhwc) {
  View v = view_of(desc);
  return nhwc ? permute(v, kNhwcToNchw) : v;
}

/// Shape in the descriptor's layout of a logical NCHW shape.
std::vector<int64_t> in_layout(const std::vector<int64_t>& nchw, bool nhwc) {
  return nhwc ? std::vector<int64_t>{nchw[0], nchw[2], nchw[3], nchw[1]} : nchw;
}

std::vector<int64_t> pair_attr(const OpAttributes& attrs, const char* name,
                               std::vector<int64_t> fallback, int64_t minimum) {
  auto v = attrs.get_ints(name, std::move(fallback));
  if (v.size() != 2) fail_invalid(std::string(name) + " needs 2 values");
  for (int64_t x : v)
    if (x < minimum) fail_invalid(std::string(name) + " value " + std::to_string(x) + " too small");
  return v;
}

std::vector<int64_t> pads_attr(const OpAttributes& attrs) {
  auto p = attrs.get_ints("pads", {0, 0, 0, 0});
  if (p.size() != 4) fail_invalid("pads needs 4 values (top, left, bottom, right)");
  for (int64_t x : p)
    if (x < 0) fail_invalid("pads must be >= 0");
  return p;
}

int64_t out_extent(int64_t in, int64_t pad_lo, int64_t pad_hi, int64_t dil, int64_t k,
                   int64_t stride) {
  const int64_t span = in + pad_lo + pad_hi - dil * (k - 1) - 1;
  if (span < 0) fail_invalid("the window is larger than the padded input");
  return span / stride + 1;
}

}  // namespace

LaunchPlan plan_conv2d(const OpContext& ctx) {
  expect_arity(ctx, 2, 3, 1);
  OpAttributes attrs(ctx.op, {"layout", "strides", "pads", "dilations", "groups", "math_mode"});
  const bool nhwc = layout_is_nhwc(attrs);
  const auto strides = pair_attr(attrs, "strides", {1, 1}, 1);
  const auto dilations = pair_attr(attrs, "dilations", {1, 1}, 1);
  const auto pads = pads_attr(attrs);
  const int64_t groups = attrs.get_int("groups", 1);
  const int32_t dtype = ctx.in(0).dtype;
  const std::string rounding =
      math_mode_defines(attrs.get_string("math_mode", "strict"), dtype, "conv2d", {"LD_IN"});
  require_float(ctx, dtype);
  expect_dtype(ctx.in(1), dtype, "W");
  expect_dtype(ctx.out(0), dtype, "Y");
  if (ctx.in(0).rank != 4 || ctx.in(1).rank != 4) fail_invalid("conv2d X and W need rank 4");
  View x = logical_nchw(ctx.in(0), nhwc);
  View w = logical_nchw(ctx.in(1), nhwc);
  const int64_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3];
  const int64_t Co = w.shape[0], KH = w.shape[2], KW = w.shape[3];
  if (groups < 1 || C % groups != 0 || Co % groups != 0)
    fail_invalid("groups must divide input and output channels");
  if (w.shape[1] != C / groups) fail_invalid("W channels differ from C / groups");
  if (KH < 1 || KW < 1) fail_invalid("conv2d kernel extents must be >= 1");
  const int64_t Ho = out_extent(H, pads[0], pads[2], dilations[0], KH, strides[0]);
  const int64_t Wo = out_extent(W, pads[1], pads[3], dilations[1], KW, strides[1]);
  expect_shape(ctx.out(0), in_layout({N, Co, Ho, Wo}, nhwc), "Y");
  const bool has_bias = ctx.op.num_inputs == 3;
  View bias = x;
  if (has_bias) {
    expect_dtype(ctx.in(2), dtype, "bias");
    const std::vector<int64_t> bias_shape = {Co};
    expect_shape(ctx.in(2), bias_shape, "bias");
    bias = view_of(ctx.in(2));
  }
  View y = logical_nchw(ctx.out(0), nhwc);
  LaunchPlan plan;
  const int64_t n = y.numel();
  if (n == 0) return plan;
  KernelStep step;
  step.program = program("conv", element_defines(dtype) + rounding);
  step.kernel = "conv2d_direct";
  step.output(0).info(y).input(0).info(x).input(1).info(w);
  if (has_bias)
    step.input(2);
  else
    step.input(0);
  step.info(bias).value(cl_int{has_bias ? 1 : 0}).value(cl_long{groups});
  step.value(cl_long{strides[0]}).value(cl_long{strides[1]}).value(cl_long{pads[0]});
  step.value(cl_long{pads[1]}).value(cl_long{dilations[0]}).value(cl_long{dilations[1]});
  step.value(cl_long{n});
  step.range_1d(static_cast<uint64_t>(n), elementwise_group(ctx.caps));
  plan.steps.push_back(std::move(step));
  return plan;
}

LaunchPlan plan_pool2d(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  const bool is_max = ctx.name() == "max_pool2d";
  OpAttributes attrs =
      is_max ? OpAttributes(ctx.op, {"layout", "kernel", "strides", "pads"})
             : OpAttributes(ctx.op, {"layout", "kernel", "strides", "pads", "count_include_pad"});
  const bool nhwc = layout_is_nhwc(attrs);
  const auto kernel = attrs.require_ints("kernel");
  if (kernel.size() != 2 || kernel[0] < 1 || kernel[1] < 1)
    fail_invalid("kernel needs 2 values >= 1");
  const auto strides = pair_attr(attrs, "strides", kernel, 1);
  const auto pads = pads_attr(attrs);
  const bool include_pad = attrs.get_int("count_include_pad", 0) != 0;
  const int32_t dtype = ctx.in(0).dtype;
  require_float(ctx, dtype);
  expect_dtype(ctx.out(0), dtype, "Y");
  if (ctx.in(0).rank != 4) fail_invalid(ctx.name() + " X needs rank 4");
  View x = logical_nchw(ctx.in(0), nhwc);
  const int64_t Ho = out_extent(x.shape[2], pads[0], pads[2], 1, kernel[0], strides[0]);
  const int64_t Wo = out_extent(x.shape[3], pads[1], pads[3], 1, kernel[1], strides[1]);
  expect_shape(ctx.out(0), in_layout({x.shape[0], x.shape[1], Ho, Wo}, nhwc), "Y");
  View y = logical_nchw(ctx.out(0), nhwc);
  LaunchPlan plan;
  const int64_t n = y.numel();
  if (n == 0) return plan;
  KernelStep step;
  step.program = program("conv", element_defines(dtype));
  step.kernel = "pool2d";
  step.output(0).info(y).input(0).info(x);
  step.value(cl_long{kernel[0]}).value(cl_long{kernel[1]}).value(cl_long{strides[0]});
  step.value(cl_long{strides[1]}).value(cl_long{pads[0]}).value(cl_long{pads[1]});
  step.value(cl_int{is_max ? 1 : 0}).value(cl_int{include_pad ? 1 : 0}).value(cl_long{n});
  step.range_1d(static_cast<uint64_t>(n), elementwise_group(ctx.caps));
  plan.steps.push_back(std::move(step));
  return plan;
}

}  // namespace hwcert::opencl

// reduce_sum/max/mean, softmax/log_softmax, layer_norm/rms_norm: one work-group per output
// row with a tree reduction in local memory.
#include <hwcert/plugin_common/op_attributes.hpp>

#include <algorithm>

#include "dtype.hpp"
#include "error.hpp"
#include "op_registry.hpp"

namespace hwcert::opencl {
using plugin_common::OpAttributes;
namespace {

constexpr size_t kLocalBytesPerItem = 8;    // scratch slot: large enough for double and long
constexpr int64_t kSplitMinLength = 16384;  // rows at least this long may be split
constexpr int64_t kMaxParts = 64;

size_t row_group(const DeviceCaps& caps, int64_t row_length) {
  return pow2_group(static_cast<uint64_t>(std::max<int64_t>(row_length, 1)),
                    static_cast<size_t>(std::min<uint64_t>(256, caps.max_work_group_size)));
}

/// Launch geometry: `rows` work-groups of `group` items.
void rows_range(KernelStep& step, int64_t rows, size_t group) {
  step.dims = 1;
  step.global = {static_cast<size_t>(rows) * group, 1, 1};
  step.local = {group, 1, 1};
}

}  // namespace

LaunchPlan plan_reduce(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  OpAttributes attrs(ctx.op, {"axes", "keepdims"});
  const std::string name = ctx.name();
  const HWC_TensorDesc& xd = ctx.in(0);
  const int32_t dtype = xd.dtype;
  const bool int_ok = name != "reduce_mean" && (dtype == HWC_DTYPE_I32 || dtype == HWC_DTYPE_I64);
  if (!int_ok) require_float(ctx, dtype);
  const bool keepdims = attrs.get_int("keepdims", 0) != 0;
  std::vector<bool> reduced(xd.rank, false);
  const auto axes = attrs.get_ints("axes", {});
  for (int64_t a : axes) {
    const auto axis = static_cast<size_t>(normalize_axis(a, xd.rank, "axis"));
    if (reduced[axis]) fail_invalid("axes repeats axis " + std::to_string(a));
    reduced[axis] = true;
  }
  if (axes.empty()) std::fill(reduced.begin(), reduced.end(), true);
  std::vector<int> kept_dims, reduced_dims;
  std::vector<int64_t> y_shape;
  for (size_t d = 0; d < xd.rank; ++d) {
    (reduced[d] ? reduced_dims : kept_dims).push_back(static_cast<int>(d));
    if (!reduced[d])
      y_shape.push_back(xd.shape[d]);
    else if (keepdims)
      y_shape.push_back(1);
  }
  expect_dtype(ctx.out(0), dtype, "Y");
  expect_shape(ctx.out(0), y_shape, "Y");

  LaunchPlan plan;
  const View x = view_of(xd);
  View x_outer = permute(x, kept_dims);
  View x_inner = permute(x, reduced_dims);
  x_inner.offset = 0;
  View y = view_of(ctx.out(0));
  if (keepdims) {
    std::vector<int> y_kept;
    for (int d : kept_dims) y_kept.push_back(d);
    y = permute(y, y_kept);
  }
  const int64_t rows = x_outer.numel();
  const int64_t length = x_inner.numel();
  if (rows == 0) return plan;
  View* outer[] = {&y, &x_outer};
  coalesce(outer);
  View* inner[] = {&x_inner};
  coalesce(inner);
  const size_t group = row_group(ctx.caps, length);
  // Few long rows would leave most of the device idle with one group per row: split each
  // row into parts reduced by separate groups, then combine the parts.
  const auto busy_rows = static_cast<int64_t>(4 * std::max<uint32_t>(ctx.caps.compute_units, 2));
  if (rows < busy_rows && length >= kSplitMinLength) {
    const int64_t parts =
        std::min<int64_t>(kMaxParts, (length + kSplitMinLength / 2 - 1) / (kSplitMinLength / 2));
    const int64_t chunk = (length + parts - 1) / parts;
    const std::string kind = name == "reduce_max" ? "reduce_max" : "reduce_sum";
    plan.workspace_bytes = static_cast<uint64_t>(rows * parts) * kLocalBytesPerItem;
    KernelStep partial;
    partial.program = program("reduce", element_defines(dtype));
    partial.kernel = kind + "_partial";
    partial.workspace().input(0).info(x_outer).info(x_inner).value(cl_long{length});
    partial.value(cl_long{chunk}).value(cl_long{parts});
    partial.local_memory(group * kLocalBytesPerItem);
    rows_range(partial, rows * parts, group);
    plan.steps.push_back(std::move(partial));
    const size_t finish_group = row_group(ctx.caps, parts);
    KernelStep finish;
    finish.program = program("reduce", element_defines(dtype));
    finish.kernel = kind + "_finish";
    finish.output(0).info(y).workspace().value(cl_long{parts}).value(cl_long{length});
    finish.value(cl_int{name == "reduce_mean" ? 1 : 0});
    finish.local_memory(finish_group * kLocalBytesPerItem);
    rows_range(finish, rows, finish_group);
    plan.steps.push_back(std::move(finish));
    return plan;
  }
  KernelStep step;
  step.program = program("reduce", element_defines(dtype));
  step.kernel = name;
  step.output(0).info(y).input(0).info(x_outer).info(x_inner).value(cl_long{length});
  step.local_memory(group * kLocalBytesPerItem);
  rows_range(step, rows, group);
  plan.steps.push_back(std::move(step));
  return plan;
}

LaunchPlan plan_softmax(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  OpAttributes attrs(ctx.op, {"axis"});
  const HWC_TensorDesc& xd = ctx.in(0);
  require_float(ctx, xd.dtype);
  if (xd.rank == 0) fail_invalid(ctx.name() + " needs rank >= 1");
  const auto axis = static_cast<size_t>(normalize_axis(attrs.get_int("axis", -1), xd.rank, "axis"));
  expect_dtype(ctx.out(0), xd.dtype, "Y");
  expect_shape(ctx.out(0), shape_of(xd), "Y");
  std::vector<int> others;
  for (size_t d = 0; d < xd.rank; ++d)
    if (d != axis) others.push_back(static_cast<int>(d));
  const std::vector<int> only = {static_cast<int>(axis)};
  const View x = view_of(xd), y = view_of(ctx.out(0));
  View x_outer = permute(x, others), y_outer = permute(y, others);
  View x_inner = permute(x, only), y_inner = permute(y, only);
  x_inner.offset = 0;
  y_inner.offset = 0;
  LaunchPlan plan;
  const int64_t rows = x_outer.numel();
  const int64_t length = xd.shape[axis];
  if (rows == 0 || length == 0) return plan;
  View* outer[] = {&y_outer, &x_outer};
  coalesce(outer);
  const size_t group = row_group(ctx.caps, length);
  KernelStep step;
  step.program = program("reduce", element_defines(xd.dtype));
  step.kernel = ctx.name();
  step.output(0).info(y_outer).info(y_inner).input(0).info(x_outer).info(x_inner);
  step.value(cl_long{length}).local_memory(group * kLocalBytesPerItem);
  rows_range(step, rows, group);
  plan.steps.push_back(std::move(step));
  return plan;
}

LaunchPlan plan_norm(const OpContext& ctx) {
  const bool layer = ctx.name() == "layer_norm";
  expect_arity(ctx, layer ? 3 : 2, layer ? 3 : 2, 1);
  OpAttributes attrs(ctx.op, {"axis", "epsilon"});
  const HWC_TensorDesc& xd = ctx.in(0);
  require_float(ctx, xd.dtype);
  if (xd.rank == 0) fail_invalid(ctx.name() + " needs rank >= 1");
  const auto axis = static_cast<size_t>(normalize_axis(attrs.get_int("axis", -1), xd.rank, "axis"));
  const double epsilon = attrs.get_float("epsilon", layer ? 1e-5 : 1e-6);
  const auto x_shape = shape_of(xd);
  const std::vector<int64_t> norm_shape(x_shape.begin() + static_cast<std::ptrdiff_t>(axis),
                                        x_shape.end());
  expect_dtype(ctx.in(1), xd.dtype, "gamma");
  expect_shape(ctx.in(1), norm_shape, "gamma");
  if (layer) {
    expect_dtype(ctx.in(2), xd.dtype, "beta");
    expect_shape(ctx.in(2), norm_shape, "beta");
  }
  expect_dtype(ctx.out(0), xd.dtype, "Y");
  expect_shape(ctx.out(0), x_shape, "Y");
  const View x = view_of(xd), y = view_of(ctx.out(0));
  View x_outer = sub_view(x, 0, axis, false), y_outer = sub_view(y, 0, axis, false);
  View x_inner = sub_view(x, axis, xd.rank, true), y_inner = sub_view(y, axis, xd.rank, true);
  View g = view_of(ctx.in(1));
  View b = layer ? view_of(ctx.in(2)) : g;
  LaunchPlan plan;
  const int64_t rows = x_outer.numel();
  const int64_t length = x_inner.numel();
  if (rows == 0 || length == 0) return plan;
  View* outer[] = {&y_outer, &x_outer};
  coalesce(outer);
  View* inner[] = {&y_inner, &x_inner, &g, &b};
  coalesce(inner);
  const size_t group = row_group(ctx.caps, length);
  KernelStep step;
  step.program = program("reduce", element_defines(xd.dtype));
  step.kernel = "norm_rows";
  step.output(0).info(y_outer).info(y_inner).input(0).info(x_outer).info(x_inner);
  step.input(1).info(g).input(layer ? 2 : 1).info(b).value(cl_long{length});
  if (xd.dtype == HWC_DTYPE_F64)
    step.value(cl_double{epsilon});
  else
    step.value(static_cast<cl_float>(epsilon));
  step.value(cl_int{layer ? 1 : 0}).local_memory(group * kLocalBytesPerItem);
  rows_range(step, rows, group);
  plan.steps.push_back(std::move(step));
  return plan;
}

}  // namespace hwcert::opencl

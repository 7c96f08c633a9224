// Opset-2 ops that are element copies through a computed view of the input: reshape,
// flatten, squeeze and unsqueeze (the elements in row-major order), expand (a broadcast
// view), slice (offset and stepped strides) and split (one narrowed view per output).
#include <hwcert/plugin_common/movement_shapes.hpp>
#include <hwcert/plugin_common/op_attributes.hpp>

#include <algorithm>

#include "dtype.hpp"
#include "error.hpp"
#include "op_registry.hpp"

namespace hwcert::opencl {
using plugin_common::OpAttributes;
namespace pc = plugin_common;
namespace {

/// The output shape of reshape, flatten, squeeze or unsqueeze from the op's attributes.
std::vector<int64_t> reshaped_extents(const OpContext& ctx, std::span<const int64_t> x) {
  const std::string name = ctx.name();
  if (name == "flatten")
    return pc::flatten_extents(x, OpAttributes(ctx.op, {"axis"}).get_int("axis", 1));
  if (name == "reshape")
    return pc::reshape_extents(x, OpAttributes(ctx.op, {"shape"}).require_ints("shape"));
  const std::vector<int64_t> axes = OpAttributes(ctx.op, {"axes"}).require_ints("axes");
  return name == "squeeze" ? pc::squeeze_extents(x, axes) : pc::unsqueeze_extents(x, axes);
}

/// Adds a copy of x's elements into y in row-major order (equal counts, any shapes): a
/// strided copy where both merge to one shape, else a kernel that indexes each separately.
void add_reshape_step(LaunchPlan& plan, const DeviceCaps& caps, View y, View x) {
  const int64_t n = y.numel();
  if (n == 0) return;
  View* ys[] = {&y};
  View* xs[] = {&x};
  coalesce(ys);
  coalesce(xs);
  if (y.shape == x.shape) return add_copy_step(plan, caps, y, 0, x, 0);
  KernelStep step;
  step.program = program("movement", raw_defines(element_size(y.dtype)));
  step.kernel = "copy_reshaped";
  step.output(0).info(y).input(0).info(x).value(cl_long{n});
  step.range_1d(static_cast<uint64_t>(n), elementwise_group(caps));
  plan.steps.push_back(std::move(step));
}

/// INVALID_ARGUMENT unless output `i` has X's dtype and `shape`.
void expect_output(const OpContext& ctx, uint32_t i, std::span<const int64_t> shape) {
  std::string what = "Y";
  if (ctx.op.num_outputs > 1) what += std::to_string(i);
  expect_dtype(ctx.out(i), ctx.in(0).dtype, what.c_str());
  expect_shape(ctx.out(i), shape, what.c_str());
}

/// expand: X broadcast to the output shape.
std::vector<View> expanded_view(const OpContext& ctx) {
  const std::vector<int64_t> shape = OpAttributes(ctx.op, {"shape"}).require_ints("shape");
  return {broadcast_to(view_of(ctx.in(0)), pc::expand_extents(shape_of(ctx.in(0)), shape))};
}

/// slice: X from the first element taken, with the slice's counts and stepped strides.
std::vector<View> sliced_view(const OpContext& ctx) {
  OpAttributes attrs(ctx.op, {"starts", "ends", "axes", "steps"});
  pc::SliceAttributes slice{attrs.require_ints("starts"), attrs.require_ints("ends"), {}, {}};
  if (attrs.has("axes")) slice.axes = attrs.get_ints("axes", {});
  if (attrs.has("steps")) slice.steps = attrs.get_ints("steps", {});
  const std::vector<pc::SliceDim> dims = pc::slice_dims(shape_of(ctx.in(0)), slice);
  View x = view_of(ctx.in(0));
  for (size_t d = 0; d < dims.size(); ++d) {
    x.offset += dims[d].start * x.strides[d];
    x.strides[d] *= dims[d].step;
    x.shape[d] = dims[d].count;
  }
  return {x};
}

/// split: one run of the axis per output.
std::vector<View> split_views(const OpContext& ctx) {
  OpAttributes attrs(ctx.op, {"axis", "sizes"});
  const View x = view_of(ctx.in(0));
  const uint32_t axis = pc::normalize_axis(attrs.get_int("axis", 0), x.rank(), "split: axis");
  const std::vector<int64_t> sizes = attrs.require_ints("sizes");
  const std::vector<int64_t> starts = pc::split_starts(x.shape[axis], sizes, ctx.op.num_outputs);
  std::vector<View> parts(sizes.size(), x);
  for (size_t i = 0; i < sizes.size(); ++i) {
    parts[i].shape[axis] = sizes[i];
    parts[i].offset += starts[i] * x.strides[axis];
  }
  return parts;
}

}  // namespace

LaunchPlan plan_reshape(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  const std::vector<int64_t> y_shape = reshaped_extents(ctx, shape_of(ctx.in(0)));
  expect_output(ctx, 0, y_shape);
  LaunchPlan plan;
  add_reshape_step(plan, ctx.caps, view_of(ctx.out(0)), view_of(ctx.in(0)));
  return plan;
}

LaunchPlan plan_view_copy(const OpContext& ctx) {
  const std::string name = ctx.name();
  expect_arity(ctx, 1, 1, name == "split" ? std::max(1u, ctx.op.num_outputs) : 1);
  const std::vector<View> parts = name == "expand"  ? expanded_view(ctx)
                                  : name == "slice" ? sliced_view(ctx)
                                                    : split_views(ctx);
  for (uint32_t i = 0; i < parts.size(); ++i) expect_output(ctx, i, parts[i].shape);
  LaunchPlan plan;
  for (uint32_t i = 0; i < parts.size(); ++i)
    add_copy_step(plan, ctx.caps, view_of(ctx.out(i)), i, parts[i], 0);
  return plan;
}

}  // namespace hwcert::opencl

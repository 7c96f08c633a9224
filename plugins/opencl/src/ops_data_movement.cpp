// copy, cast, transpose, concat, gather.
#include <hwcert/plugin_common/op_attributes.hpp>

#include <numeric>

#include "dtype.hpp"
#include "error.hpp"
#include "op_registry.hpp"

namespace hwcert::opencl {
using plugin_common::OpAttributes;

std::string raw_defines(uint32_t element_bytes, const char* index_type) {
  return define_line("E_T", raw_type_for_size(element_bytes)) + define_line("IDX_T", index_type);
}

void add_copy_step(LaunchPlan& plan, const DeviceCaps& caps, View y, uint32_t y_output, View x,
                   uint32_t x_input) {
  const int64_t n = y.numel();
  if (n == 0) return;
  View* views[] = {&y, &x};
  coalesce(views);
  const uint32_t size = element_size(y.dtype);
  if (y.rank() == 1 && y.strides[0] == 1 && x.strides[0] == 1) {  // one contiguous range
    KernelStep step;
    step.buffer_copy =
        BufferCopy{x_input, y_output, static_cast<uint64_t>(x.offset) * size,
                   static_cast<uint64_t>(y.offset) * size, static_cast<uint64_t>(n) * size};
    plan.steps.push_back(std::move(step));
    return;
  }
  KernelStep step;
  step.program = program("movement", raw_defines(size, "int"));
  step.kernel = "copy_strided";
  step.output(y_output).info(y).input(x_input).info(x).value(cl_long{n});
  step.range_1d(static_cast<uint64_t>(n), elementwise_group(caps));
  plan.steps.push_back(std::move(step));
}

LaunchPlan plan_copy(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  OpAttributes attrs(ctx.op, {});
  expect_dtype(ctx.out(0), ctx.in(0).dtype, "Y");
  expect_shape(ctx.out(0), shape_of(ctx.in(0)), "Y");
  LaunchPlan plan;
  add_copy_step(plan, ctx.caps, view_of(ctx.out(0)), 0, view_of(ctx.in(0)), 0);
  return plan;
}

LaunchPlan plan_cast(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  OpAttributes attrs(ctx.op, {});
  expect_shape(ctx.out(0), shape_of(ctx.in(0)), "Y");
  const int32_t from = ctx.in(0).dtype;
  const int32_t to = ctx.out(0).dtype;
  LaunchPlan plan;
  if (from == to) {  // bit copy: no arithmetic needed
    add_copy_step(plan, ctx.caps, view_of(ctx.out(0)), 0, view_of(ctx.in(0)), 0);
    return plan;
  }
  require_arithmetic(ctx.caps, from, "cast");
  require_arithmetic(ctx.caps, to, "cast");
  const DTypeInfo& src = dtype_info(from);
  const DTypeInfo& dst = dtype_info(to);
  const char* suffix = src.kind == ValueKind::kFloat    ? "f"
                       : src.kind == ValueKind::kDouble ? "d"
                                                        : "l";
  std::string defines = define_line("SRC_T", src.storage) + define_line("DST_T", dst.storage) +
                        define_line("SRC_LD(p, i)", std::string("ld_") + src.tag + "(p, i)") +
                        define_line("CVT(v)", std::string("cvt_") + dst.tag + "_" + suffix + "(v)");
  if (auto step = one_input_step(ctx, "cast", std::move(defines), "cast_strided"))
    plan.steps.push_back(std::move(*step));
  return plan;
}

LaunchPlan plan_transpose(const OpContext& ctx) {
  expect_arity(ctx, 1, 1, 1);
  OpAttributes attrs(ctx.op, {"perm"});
  const HWC_TensorDesc& x = ctx.in(0);
  const auto perm = attrs.require_ints("perm");
  if (perm.size() != x.rank)
    fail_invalid("perm has " + std::to_string(perm.size()) + " entries for rank " +
                 std::to_string(x.rank));
  std::vector<int> order;
  std::vector<bool> seen(x.rank, false);
  std::vector<int64_t> y_shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(x.rank) || seen[static_cast<size_t>(p)])
      fail_invalid("perm is not a permutation of 0..rank-1");
    seen[static_cast<size_t>(p)] = true;
    order.push_back(static_cast<int>(p));
    y_shape.push_back(x.shape[p]);
  }
  expect_dtype(ctx.out(0), x.dtype, "Y");
  expect_shape(ctx.out(0), y_shape, "Y");
  LaunchPlan plan;
  add_copy_step(plan, ctx.caps, view_of(ctx.out(0)), 0, permute(view_of(x), order), 0);
  return plan;
}

LaunchPlan plan_concat(const OpContext& ctx) {
  expect_arity(ctx, 1, UINT32_MAX, 1);
  OpAttributes attrs(ctx.op, {"axis"});
  const HWC_TensorDesc& first = ctx.in(0);
  const int axis = normalize_axis(attrs.get_int("axis", 0), first.rank, "axis");
  std::vector<int64_t> y_shape = shape_of(first);
  y_shape[static_cast<size_t>(axis)] = 0;
  for (uint32_t i = 0; i < ctx.op.num_inputs; ++i) {
    const HWC_TensorDesc& x = ctx.in(i);
    expect_dtype(x, first.dtype, "every input");
    if (x.rank != first.rank) fail_invalid("concat inputs differ in rank");
    for (uint32_t d = 0; d < x.rank; ++d)
      if (static_cast<int>(d) != axis && x.shape[d] != first.shape[d])
        fail_invalid("concat inputs differ outside the axis at dim " + std::to_string(d));
    y_shape[static_cast<size_t>(axis)] += x.shape[axis];
  }
  expect_dtype(ctx.out(0), first.dtype, "Y");
  expect_shape(ctx.out(0), y_shape, "Y");
  LaunchPlan plan;
  const View y = view_of(ctx.out(0));
  int64_t start = 0;
  for (uint32_t i = 0; i < ctx.op.num_inputs; ++i) {
    View x = view_of(ctx.in(i));
    View part = y;
    part.shape = x.shape;
    part.offset += start * y.strides[static_cast<size_t>(axis)];
    start += x.shape[static_cast<size_t>(axis)];
    add_copy_step(plan, ctx.caps, part, 0, x, i);
  }
  return plan;
}

LaunchPlan plan_gather(const OpContext& ctx) {
  expect_arity(ctx, 2, 2, 1);
  OpAttributes attrs(ctx.op, {"axis"});
  const HWC_TensorDesc& data = ctx.in(0);
  const HWC_TensorDesc& indices = ctx.in(1);
  if (indices.dtype != HWC_DTYPE_I32 && indices.dtype != HWC_DTYPE_I64)
    fail_invalid("gather indices must be i32 or i64");
  if (data.rank == 0) fail_invalid("gather data must have rank >= 1");
  const auto axis =
      static_cast<size_t>(normalize_axis(attrs.get_int("axis", 0), data.rank, "axis"));
  const View d = view_of(data);
  const View ix = view_of(indices);
  std::vector<int64_t> y_shape(d.shape.begin(),
                               d.shape.begin() + static_cast<std::ptrdiff_t>(axis));
  y_shape.insert(y_shape.end(), ix.shape.begin(), ix.shape.end());
  y_shape.insert(y_shape.end(), d.shape.begin() + static_cast<std::ptrdiff_t>(axis) + 1,
                 d.shape.end());
  expect_dtype(ctx.out(0), data.dtype, "Y");
  expect_shape(ctx.out(0), y_shape, "Y");
  LaunchPlan plan;
  View y = view_of(ctx.out(0));
  const int64_t n = y.numel();
  if (n == 0) return plan;
  // Views over the output's dims: data strides outside the index dims, index strides inside.
  View dv = y, iv = y;
  dv.offset = d.offset;
  iv.offset = ix.offset;
  for (size_t k = 0; k < y.rank(); ++k) {
    const bool in_index = k >= axis && k < axis + ix.rank();
    dv.strides[k] = in_index ? 0 : d.strides[k < axis ? k : k - ix.rank() + 1];
    iv.strides[k] = in_index ? ix.strides[k - axis] : 0;
  }
  View* views[] = {&y, &dv, &iv};
  coalesce(views);
  KernelStep step;
  step.program = program("movement", raw_defines(element_size(data.dtype),
                                                 indices.dtype == HWC_DTYPE_I32 ? "int" : "long"));
  step.kernel = "gather_strided";
  step.output(0).info(y).input(0).info(dv).input(1).info(iv);
  step.value(cl_long{d.strides[axis]}).value(cl_long{d.shape[axis]}).value(cl_long{n});
  step.error_flag();
  plan.error_flag_meaning = "gather: an index was outside [0, " + std::to_string(d.shape[axis]) +
                            ") (its output elements were written as zeros)";
  step.range_1d(static_cast<uint64_t>(n), elementwise_group(ctx.caps));
  plan.steps.push_back(std::move(step));
  return plan;
}

}  // namespace hwcert::opencl

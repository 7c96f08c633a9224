// copy, cast, transpose, concat, gather: strided kernels over any layout.

#include <hwcert/plugin_common/op_attributes.hpp>

#include <algorithm>
#include <numeric>

#include "dtype.hpp"
#include "error.hpp"
#include "op_plan.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda {
using plugin_common::OpAttributes;
namespace {

/// Plan that copies input 0 to output 0 through `x_layout` (a view of input 0 with output
/// 0's shape), element by element.
Plan copy_plan(const OpView& v, const Layout& x_layout) {
  return copies_plan({CopyPart{0, x_layout, 0, 0, layout_of(v.out(0)), 0}},
                     dtype_size(v.out(0).dtype));
}

}  // namespace

Plan plan_copy(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  OpAttributes attributes(v.op, {});
  expect_dtype(v, v.out(0), v.in(0).dtype, "output");
  expect_shape(v, v.out(0), shape_of(v.in(0)), "output");
  return copy_plan(v, layout_of(v.in(0)));
}

Plan plan_cast(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  OpAttributes attributes(v.op, {});
  expect_shape(v, v.out(0), shape_of(v.in(0)), "output");
  const int32_t x_dtype = v.in(0).dtype, y_dtype = v.out(0).dtype;
  if (x_dtype == y_dtype) return copy_plan(v, layout_of(v.in(0)));
  return same_shape_plan(v, "cast kernel", [=](const LaunchArgs& a, Layout& y, Layout& x) {
    return kernels::cast(a.outputs[0], y_dtype, y, a.inputs[0], x_dtype, x, a.stream);
  });
}

Plan plan_transpose(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  OpAttributes attributes(v.op, {{"perm", HWC_ATTR_INT_LIST}});
  const HWC_TensorDesc& x = v.in(0);
  const std::vector<int64_t> perm = attributes.require_ints("perm");
  std::vector<bool> seen(x.rank, false);
  if (perm.size() != x.rank)
    fail_invalid("transpose: perm has " + std::to_string(perm.size()) + " entries for rank " +
                 std::to_string(x.rank));
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(x.rank) || seen[static_cast<size_t>(p)])
      fail_invalid("transpose: perm " + shape_text(perm) + " is not a permutation of 0.." +
                   std::to_string(static_cast<int64_t>(x.rank) - 1));
    seen[static_cast<size_t>(p)] = true;
  }
  expect_dtype(v, v.out(0), x.dtype, "output");
  Layout permuted;
  permuted.rank = static_cast<int32_t>(x.rank);
  for (size_t i = 0; i < perm.size(); ++i) {
    permuted.shape[i] = x.shape[perm[i]];
    permuted.strides[i] = x.strides[perm[i]];
  }
  expect_shape(v, v.out(0), Shape(permuted.shape, permuted.shape + permuted.rank), "output");
  return copy_plan(v, permuted);
}

Plan plan_concat(const OpView& v) {
  if (v.op.num_inputs < 1) fail_invalid("concat takes at least 1 input");
  expect_counts(v, v.op.num_inputs, v.op.num_inputs, 1);
  OpAttributes attributes(v.op, {{"axis", HWC_ATTR_INT}});
  const HWC_TensorDesc& first = v.in(0);
  if (first.rank == 0) fail_invalid("concat: inputs must have rank >= 1");
  const uint32_t axis = normalize_axis(attributes.get_int("axis", 0), first.rank, "concat: axis");
  Shape y_shape = shape_of(first);
  y_shape[axis] = 0;
  for (size_t i = 0; i < v.inputs.size(); ++i) {
    const HWC_TensorDesc& x = v.in(i);
    const std::string what = "input " + std::to_string(i);
    expect_dtype(v, x, first.dtype, what);
    if (x.rank != first.rank) fail_invalid("concat: " + what + " has another rank than input 0");
    for (uint32_t d = 0; d < x.rank; ++d)
      if (d != axis && x.shape[d] != first.shape[d])
        fail_invalid("concat: " + what + " differs from input 0 outside the axis");
    y_shape[axis] += x.shape[axis];
  }
  expect_dtype(v, v.out(0), first.dtype, "output");
  expect_shape(v, v.out(0), y_shape, "output");
  const Layout y_layout = layout_of(v.out(0));
  std::vector<CopyPart> parts;
  int64_t start = 0;  // position along the axis where the next input goes
  for (uint32_t i = 0; i < v.inputs.size(); ++i) {
    const Layout x = layout_of(v.in(i));
    Layout y = y_layout;
    y.shape[axis] = x.shape[axis];
    parts.push_back(CopyPart{i, x, 0, 0, y, start * y_layout.strides[axis]});
    start += x.shape[axis];
  }
  return copies_plan(std::move(parts), dtype_size(first.dtype));
}

Plan plan_gather(const OpView& v) {
  expect_counts(v, 2, 2, 1);
  OpAttributes attributes(v.op, {{"axis", HWC_ATTR_INT}});
  const HWC_TensorDesc& data = v.in(0);
  const HWC_TensorDesc& indices = v.in(1);
  if (data.rank == 0) fail_invalid("gather: data must have rank >= 1");
  if (!dtype_in(indices.dtype, {HWC_DTYPE_I32, HWC_DTYPE_I64}))
    fail_invalid(std::string("gather: indices have dtype ") + dtype_name(indices.dtype) +
                 ", expected i32 or i64");
  const uint32_t axis = normalize_axis(attributes.get_int("axis", 0), data.rank, "gather: axis");
  const Shape d = shape_of(data), i = shape_of(indices);
  Shape y_shape(d.begin(), d.begin() + axis);
  y_shape.insert(y_shape.end(), i.begin(), i.end());
  y_shape.insert(y_shape.end(), d.begin() + axis + 1, d.end());
  expect_dtype(v, v.out(0), data.dtype, "output");
  expect_shape(v, v.out(0), y_shape, "output");
  const Layout y_layout = layout_of(v.out(0)), data_layout = layout_of(data),
               index_layout = layout_of(indices);
  const int32_t index_dtype = indices.dtype;
  const uint32_t size = dtype_size(data.dtype);
  Plan plan;
  plan.error_flag_meaning = "gather: an index is outside [0, " + std::to_string(d[axis]) +
                            ") (those output elements were written as zero)";
  plan.launch = [=](const LaunchArgs& a) {
    check_launch(
        a,
        kernels::gather(a.outputs[0], y_layout, a.inputs[0], data_layout, a.inputs[1], index_dtype,
                        index_layout, static_cast<int32_t>(axis), size, a.error_flag, a.stream),
        "gather kernel");
  };
  return plan;
}

Plan copies_plan(std::vector<CopyPart> parts, uint32_t element_size) {
  Plan plan;
  plan.launch = [parts = std::move(parts), element_size](const LaunchArgs& a) {
    for (const CopyPart& part : parts) {
      Layout y = part.y, x = part.x;
      if (kernels::element_count(y) == 0) continue;
      Layout* views[] = {&y, &x};
      coalesce(views);
      check_launch(a,
                   kernels::copy_strided(a.outputs[part.output] + part.y_offset * element_size, y,
                                         a.inputs[part.input] + part.x_offset * element_size, x,
                                         element_size, a.stream),
                   "copy kernel");
    }
  };
  return plan;
}

}  // namespace hwcert::cuda

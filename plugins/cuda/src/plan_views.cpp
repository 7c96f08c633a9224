// Opset-2 ops that are element copies through a computed view of the input: reshape,
// flatten, squeeze and unsqueeze (the elements in row-major order), expand (a broadcast
// view), slice (offset and stepped strides) and split (one narrowed view per output).
#include <hwcert/plugin_common/op_attributes.hpp>

#include <algorithm>

#include "dtype.hpp"
#include "error.hpp"
#include "op_plan.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda {
using plugin_common::OpAttributes;
namespace pc = plugin_common;
namespace {

/// The output shape of reshape, flatten, squeeze or unsqueeze from the op's attributes.
Shape reshaped_shape(const OpView& v, std::span<const int64_t> x) {
  if (v.name == "flatten")
    return pc::flatten_extents(x, OpAttributes(v.op, {{"axis", HWC_ATTR_INT}}).get_int("axis", 1));
  const char* list = v.name == "reshape" ? "shape" : "axes";
  const std::vector<int64_t> values =
      OpAttributes(v.op, {{list, HWC_ATTR_INT_LIST}}).require_ints(list);
  if (v.name == "reshape") return pc::reshape_extents(x, values);
  return v.name == "squeeze" ? pc::squeeze_extents(x, values) : pc::unsqueeze_extents(x, values);
}

/// INVALID_ARGUMENT unless output `i` has the input's dtype and `shape`.
void expect_output(const OpView& v, uint32_t i, std::span<const int64_t> shape) {
  const std::string what = "output " + std::to_string(i);
  expect_dtype(v, v.out(i), v.in(0).dtype, what);
  expect_shape(v, v.out(i), shape, what);
}

/// expand: input 0 broadcast to the output shape (CopyPart::y is filled in by the caller).
std::vector<CopyPart> expanded_view(const OpView& v) {
  const OpAttributes attributes(v.op, {{"shape", HWC_ATTR_INT_LIST}});
  const Shape y_shape = pc::expand_extents(shape_of(v.in(0)), attributes.require_ints("shape"));
  return {CopyPart{0, broadcast_layout(v.in(0), y_shape), 0, 0, {}, 0}};
}

/// slice: input 0 from the first element taken, with the slice's counts and stepped strides.
std::vector<CopyPart> sliced_view(const OpView& v) {
  const OpAttributes attributes(v.op, {{"starts", HWC_ATTR_INT_LIST},
                                       {"ends", HWC_ATTR_INT_LIST},
                                       {"axes", HWC_ATTR_INT_LIST},
                                       {"steps", HWC_ATTR_INT_LIST}});
  pc::SliceAttributes slice{
      attributes.require_ints("starts"), attributes.require_ints("ends"), {}, {}};
  if (attributes.has("axes")) slice.axes = attributes.get_ints("axes", {});
  if (attributes.has("steps")) slice.steps = attributes.get_ints("steps", {});
  const std::vector<pc::SliceDim> dims = pc::slice_dims(shape_of(v.in(0)), slice);
  CopyPart part{0, layout_of(v.in(0)), 0, 0, {}, 0};
  for (size_t d = 0; d < dims.size(); ++d) {
    part.x_offset += dims[d].start * part.x.strides[d];
    part.x.strides[d] *= dims[d].step;
    part.x.shape[d] = dims[d].count;
  }
  return {part};
}

/// split: one run of the axis per output.
std::vector<CopyPart> split_views(const OpView& v) {
  const OpAttributes attributes(v.op, {{"axis", HWC_ATTR_INT}, {"sizes", HWC_ATTR_INT_LIST}});
  const HWC_TensorDesc& x = v.in(0);
  const uint32_t axis = normalize_axis(attributes.get_int("axis", 0), x.rank, "split: axis");
  const std::vector<int64_t> sizes = attributes.require_ints("sizes");
  const std::vector<int64_t> starts = pc::split_starts(x.shape[axis], sizes, v.op.num_outputs);
  std::vector<CopyPart> parts;
  for (uint32_t i = 0; i < sizes.size(); ++i) {
    parts.push_back(CopyPart{0, layout_of(x), starts[i] * x.strides[axis], i, {}, 0});
    parts.back().x.shape[axis] = sizes[i];
  }
  return parts;
}

}  // namespace

Plan plan_reshape(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  expect_output(v, 0, reshaped_shape(v, shape_of(v.in(0))));
  Layout y = layout_of(v.out(0)), x = layout_of(v.in(0));
  Layout* ys[] = {&y};
  Layout* xs[] = {&x};
  coalesce(ys);
  coalesce(xs);
  const uint32_t size = dtype_size(v.in(0).dtype);
  if (std::equal(y.shape, y.shape + y.rank, x.shape, x.shape + x.rank))
    return copies_plan({CopyPart{0, x, 0, 0, y, 0}}, size);
  Plan plan;  // no strided view of y's shape reads x in row-major order
  plan.launch = [y, x, size](const LaunchArgs& a) {
    check_launch(a, kernels::copy_reshaped(a.outputs[0], y, a.inputs[0], x, size, a.stream),
                 "reshape copy kernel");
  };
  return plan;
}

Plan plan_view_copy(const OpView& v) {
  expect_counts(v, 1, 1, v.name == "split" ? std::max(1u, v.op.num_outputs) : 1);
  std::vector<CopyPart> parts = v.name == "expand"  ? expanded_view(v)
                                : v.name == "slice" ? sliced_view(v)
                                                    : split_views(v);
  for (CopyPart& part : parts) {
    expect_output(v, part.output, Shape(part.x.shape, part.x.shape + part.x.rank));
    part.y = layout_of(v.out(part.output));
  }
  return copies_plan(std::move(parts), dtype_size(v.in(0).dtype));
}

}  // namespace hwcert::cuda

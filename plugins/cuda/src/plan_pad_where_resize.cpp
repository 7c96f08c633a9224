// Opset-2 data-movement ops with their own kernels: pad (constant, reflect, edge), where
// (select under numpy broadcasting) and resize (nearest, bilinear) of NCHW tensors.
#include <hwcert/plugin_common/movement_shapes.hpp>
#include <hwcert/plugin_common/op_attributes.hpp>
#include <hwcert/plugin_common/scalar_bits.hpp>

#include "dtype.hpp"
#include "error.hpp"
#include "op_plan.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda {
using plugin_common::OpAttributes;
namespace pc = plugin_common;

Plan plan_pad(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  const OpAttributes attributes(
      v.op, {{"pads", HWC_ATTR_INT_LIST}, {"mode", HWC_ATTR_STRING}, {"value", HWC_ATTR_FLOAT}});
  const HWC_TensorDesc& x = v.in(0);
  const std::vector<int64_t> pads = attributes.require_ints("pads");
  kernels::PadGeometry g;
  g.mode = pc::pad_mode(attributes.get_string("mode", "constant"));
  const Shape y_shape = pc::pad_extents(shape_of(x), pads, g.mode);
  expect_dtype(v, v.out(0), x.dtype, "output");
  expect_shape(v, v.out(0), y_shape, "output");
  g.y = layout_of(v.out(0));
  g.x = layout_of(x);
  for (uint32_t d = 0; d < x.rank; ++d) g.begin[d] = pads[d];
  const uint64_t value = pc::scalar_bits(attributes.get_float("value", 0.0), x.dtype);
  const uint32_t size = dtype_size(x.dtype);
  Plan plan;
  plan.launch = [g, value, size](const LaunchArgs& a) {
    check_launch(a, kernels::pad(g, value, a.outputs[0], a.inputs[0], size, a.stream),
                 "pad kernel");
  };
  return plan;
}

Plan plan_where(const OpView& v) {
  expect_counts(v, 3, 3, 1);
  OpAttributes attributes(v.op, {});
  const HWC_TensorDesc& a = v.in(1);
  const Shape y_shape = pc::where_extents(v.in(0), a, v.in(2));
  expect_dtype(v, v.out(0), a.dtype, "output");
  expect_shape(v, v.out(0), y_shape, "output");
  Layout y = layout_of(v.out(0)), c = broadcast_layout(v.in(0), y_shape),
         la = broadcast_layout(a, y_shape), lb = broadcast_layout(v.in(2), y_shape);
  Layout* views[] = {&y, &c, &la, &lb};
  coalesce(views);
  const uint32_t size = dtype_size(a.dtype);
  Plan plan;
  plan.launch = [=](const LaunchArgs& args) {
    check_launch(args,
                 kernels::where(args.outputs[0], y, args.inputs[0], c, args.inputs[1], la,
                                args.inputs[2], lb, size, args.stream),
                 "where kernel");
  };
  return plan;
}

Plan plan_resize(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  const OpAttributes attributes(v.op, {{"sizes", HWC_ATTR_INT_LIST}, {"mode", HWC_ATTR_STRING}});
  const pc::ResizeMode mode = pc::resize_mode(attributes.get_string("mode", "nearest"));
  const HWC_TensorDesc& x = v.in(0);
  expect_float_dtype(v, x.dtype, "input");
  const Shape y_shape = pc::resize_extents(shape_of(x), attributes.require_ints("sizes"));
  expect_dtype(v, v.out(0), x.dtype, "output");
  expect_shape(v, v.out(0), y_shape, "output");
  const Layout y = layout_of(v.out(0)), xl = layout_of(x);
  const int32_t dtype = x.dtype;
  Plan plan;
  plan.launch = [=](const LaunchArgs& a) {
    check_launch(a, kernels::resize(mode, dtype, a.outputs[0], y, a.inputs[0], xl, a.stream),
                 "resize kernel");
  };
  return plan;
}

}  // namespace hwcert::cuda

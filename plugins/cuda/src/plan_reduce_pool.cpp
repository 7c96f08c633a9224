// reduce_sum / reduce_max / reduce_mean and max_pool2d / avg_pool2d.
#include <hwcert/plugin_common/op_attributes.hpp>

#include "dtype.hpp"
#include "error.hpp"
#include "op_plan.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda {
using plugin_common::OpAttributes;
namespace {

void append_dim(Layout& l, int64_t extent, int64_t stride) {
  l.shape[l.rank] = extent;
  l.strides[l.rank] = stride;
  ++l.rank;
}

/// [N, C, H, W] view of a 4-D tensor stored as NCHW or NHWC.
Layout nchw_view(const HWC_TensorDesc& t, bool nhwc) {
  if (!nhwc) return layout_of(t);
  Layout l;
  append_dim(l, t.shape[0], t.strides[0]);
  append_dim(l, t.shape[3], t.strides[3]);
  append_dim(l, t.shape[1], t.strides[1]);
  append_dim(l, t.shape[2], t.strides[2]);
  return l;
}

void expect_positive(const std::string& op, const std::string& what,
                     const std::vector<int64_t>& values, size_t count) {
  if (values.size() != count)
    fail_invalid(op + ": " + what + " has " + std::to_string(values.size()) +
                 " entries, expected " + std::to_string(count));
  for (int64_t x : values)
    if (x <= 0) fail_invalid(op + ": " + what + " " + shape_text(values) + " must be positive");
}

}  // namespace

Plan plan_reduce(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  OpAttributes attributes(v.op, {{"axes", HWC_ATTR_INT_LIST}, {"keepdims", HWC_ATTR_INT}});
  const HWC_TensorDesc& x = v.in(0);
  const kernels::ReduceOp op = v.name == "reduce_sum"   ? kernels::ReduceOp::sum
                               : v.name == "reduce_max" ? kernels::ReduceOp::max
                                                        : kernels::ReduceOp::mean;
  const bool int_ok = op != kernels::ReduceOp::mean;
  if (!is_float_dtype(x.dtype) && !(int_ok && dtype_in(x.dtype, {HWC_DTYPE_I32, HWC_DTYPE_I64})))
    fail_invalid(v.name + ": input dtype " + dtype_name(x.dtype) + " is not accepted" +
                 (int_ok ? " (float dtypes, i32, i64)" : " (float dtypes)"));
  const bool keepdims = attributes.get_flag("keepdims", false);
  const std::vector<int64_t> axes = attributes.get_ints("axes", {});
  std::vector<bool> reduced(x.rank, axes.empty());
  for (int64_t axis : axes) {
    const uint32_t a = normalize_axis(axis, x.rank, v.name + ": axes entry");
    if (reduced[a])  // also -1 and rank-1 together
      fail_invalid(v.name + ": axes " + shape_text(axes) + " name axis " + std::to_string(a) +
                   " twice");
    reduced[a] = true;
  }
  Shape y_shape;
  Layout kept, inner;
  for (uint32_t d = 0; d < x.rank; ++d) {
    if (reduced[d]) {
      append_dim(inner, x.shape[d], x.strides[d]);
      if (keepdims) y_shape.push_back(1);
    } else {
      append_dim(kept, x.shape[d], x.strides[d]);
      y_shape.push_back(x.shape[d]);
    }
  }
  expect_dtype(v, v.out(0), x.dtype, "output");
  expect_shape(v, v.out(0), y_shape, "output");
  Layout y_layout;  // y's strides for the kept dims, in order
  const HWC_TensorDesc& y = v.out(0);
  for (uint32_t d = 0, yd = 0; d < x.rank; ++d) {
    if (!reduced[d]) append_dim(y_layout, y.shape[yd], y.strides[yd]);
    if (!reduced[d] || keepdims) ++yd;
  }
  const int32_t dtype = x.dtype;
  const std::string what = v.name + " kernel";
  Plan plan;
  plan.launch = [=](const LaunchArgs& a) {
    Layout yl = y_layout, kl = kept, rl = inner;
    Layout* outer_views[] = {&yl, &kl};
    coalesce(outer_views);
    Layout* inner_views[] = {&rl};
    if (kernels::element_count(rl) > 0) coalesce(inner_views);
    check_launch(a, kernels::reduce(op, dtype, a.outputs[0], yl, a.inputs[0], kl, rl, a.stream),
                 what);
  };
  return plan;
}

Plan plan_pool2d(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  const bool is_max = v.name == "max_pool2d";
  const OpAttributes attributes = is_max
                                      ? OpAttributes(v.op, {{"layout", HWC_ATTR_STRING},
                                                            {"kernel", HWC_ATTR_INT_LIST},
                                                            {"strides", HWC_ATTR_INT_LIST},
                                                            {"pads", HWC_ATTR_INT_LIST}})
                                      : OpAttributes(v.op, {{"layout", HWC_ATTR_STRING},
                                                            {"kernel", HWC_ATTR_INT_LIST},
                                                            {"strides", HWC_ATTR_INT_LIST},
                                                            {"pads", HWC_ATTR_INT_LIST},
                                                            {"count_include_pad", HWC_ATTR_INT}});
  const HWC_TensorDesc& x = v.in(0);
  expect_float_dtype(v, x.dtype, "input");
  if (x.rank != 4) fail_invalid(v.name + ": input must have rank 4, not " + std::to_string(x.rank));
  const std::string layout = attributes.get_string("layout", "NCHW");
  if (layout != "NCHW" && layout != "NHWC")
    fail_invalid(v.name + ": layout is '" + layout + "', expected NCHW or NHWC");
  const bool nhwc = layout == "NHWC";
  if (!attributes.has("kernel")) fail_invalid(v.name + ": the attribute 'kernel' is required");
  const std::vector<int64_t> kernel = attributes.get_ints("kernel", {});
  expect_positive(v.name, "kernel", kernel, 2);
  const std::vector<int64_t> strides = attributes.get_ints("strides", kernel);
  expect_positive(v.name, "strides", strides, 2);
  const std::vector<int64_t> pads = attributes.get_ints("pads", {0, 0, 0, 0});
  if (pads.size() != 4) fail_invalid(v.name + ": pads must have 4 entries");
  for (int64_t p : pads)
    if (p < 0) fail_invalid(v.name + ": pads " + shape_text(pads) + " must not be negative");

  const Layout x_view = nchw_view(x, nhwc);
  Shape y_nchw = {x_view.shape[0], x_view.shape[1], 0, 0};
  for (int i = 0; i < 2; ++i) {
    const int64_t padded = x_view.shape[2 + i] + pads[i] + pads[i + 2];
    if (padded < kernel[i])
      fail_invalid(v.name + ": the kernel " + shape_text(kernel) +
                   " is larger than the padded input");
    y_nchw[2 + i] = (padded - kernel[i]) / strides[i] + 1;
  }
  const Shape y_shape = nhwc ? Shape{y_nchw[0], y_nchw[2], y_nchw[3], y_nchw[1]} : y_nchw;
  expect_dtype(v, v.out(0), x.dtype, "output");
  expect_shape(v, v.out(0), y_shape, "output");

  kernels::Pool2dParams params;
  params.is_max = is_max;
  params.count_include_pad = !is_max && attributes.get_flag("count_include_pad", false);
  for (int i = 0; i < 2; ++i) {
    params.kernel[i] = kernel[i];
    params.strides[i] = strides[i];
  }
  for (int i = 0; i < 4; ++i) params.pads[i] = pads[i];
  const Layout y_view = nchw_view(v.out(0), nhwc);
  const int32_t dtype = x.dtype;
  const std::string what = v.name + " kernel";
  Plan plan;
  plan.launch = [=](const LaunchArgs& a) {
    check_launch(
        a, kernels::pool2d(params, dtype, a.outputs[0], y_view, a.inputs[0], x_view, a.stream),
        what);
  };
  return plan;
}

}  // namespace hwcert::cuda

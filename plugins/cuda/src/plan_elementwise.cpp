// Unary and binary elementwise ops (numpy broadcasting for binary ops).

#include <hwcert/plugin_common/op_attributes.hpp>

#include <string_view>
#include <utility>

#include "dtype.hpp"
#include "error.hpp"
#include "op_plan.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda {
using plugin_common::OpAttributes;
namespace {

using kernels::BinaryOp;
using kernels::UnaryOp;

constexpr std::pair<std::string_view, UnaryOp> kUnary[] = {
    {"neg", UnaryOp::neg},       {"abs", UnaryOp::abs},         {"exp", UnaryOp::exp},
    {"log", UnaryOp::log},       {"sqrt", UnaryOp::sqrt},       {"rsqrt", UnaryOp::rsqrt},
    {"tanh", UnaryOp::tanh},     {"sigmoid", UnaryOp::sigmoid}, {"relu", UnaryOp::relu},
    {"gelu", UnaryOp::gelu_erf}, {"silu", UnaryOp::silu},
};

constexpr std::pair<std::string_view, BinaryOp> kBinary[] = {
    {"add", BinaryOp::add}, {"sub", BinaryOp::sub}, {"mul", BinaryOp::mul}, {"div", BinaryOp::div},
    {"max", BinaryOp::max}, {"min", BinaryOp::min}, {"pow", BinaryOp::pow},
};

template <typename Op, size_t N>
Op lookup(const std::pair<std::string_view, Op> (&table)[N], const std::string& name) {
  for (const auto& [known, op] : table)
    if (known == name) return op;
  fail(HWC_STATUS_INTERNAL, "no kernel for '" + name + "'");
}

}  // namespace

Plan plan_unary(const OpView& v) {
  expect_counts(v, 1, 1, 1);
  UnaryOp op = lookup(kUnary, v.name);
  if (op == UnaryOp::gelu_erf) {
    OpAttributes attributes(v.op, {{"approximate", HWC_ATTR_STRING}});
    const std::string approximate = attributes.get_string("approximate", "none");
    if (approximate == "tanh") {
      op = UnaryOp::gelu_tanh;
    } else if (approximate != "none") {
      fail_invalid("gelu: approximate is '" + approximate + "', expected 'none' or 'tanh'");
    }
  } else {
    OpAttributes attributes(v.op, {});
  }
  const int32_t dtype = v.in(0).dtype;
  const bool int_ok = op == UnaryOp::neg || op == UnaryOp::abs || op == UnaryOp::relu;
  if (!is_float_dtype(dtype) &&
      !(int_ok && dtype_in(dtype, {HWC_DTYPE_I8, HWC_DTYPE_I32, HWC_DTYPE_I64})))
    fail_invalid(v.name + ": input dtype " + dtype_name(dtype) + " is not accepted" +
                 (int_ok ? " (float dtypes, i8, i32, i64)" : " (float dtypes)"));
  expect_dtype(v, v.out(0), dtype, "output");
  expect_shape(v, v.out(0), shape_of(v.in(0)), "output");
  return same_shape_plan(v, v.name + " kernel", [=](const LaunchArgs& a, Layout& y, Layout& x) {
    return kernels::unary(op, dtype, a.outputs[0], y, a.inputs[0], x, a.stream);
  });
}

Plan plan_binary(const OpView& v) {
  expect_counts(v, 2, 2, 1);
  OpAttributes attributes(v.op, {});
  const BinaryOp op = lookup(kBinary, v.name);
  const int32_t dtype = v.in(0).dtype;
  const bool int_ok = op != BinaryOp::div && op != BinaryOp::pow;
  if (!is_float_dtype(dtype) && !(int_ok && is_int_dtype(dtype)))
    fail_invalid(v.name + ": input dtype " + dtype_name(dtype) + " is not accepted" +
                 (int_ok ? " (float and int dtypes)" : " (float dtypes)"));
  expect_dtype(v, v.in(1), dtype, "input 1");
  expect_dtype(v, v.out(0), dtype, "output");
  const Shape y_shape = broadcast_shapes(shape_of(v.in(0)), shape_of(v.in(1)));
  expect_shape(v, v.out(0), y_shape, "output");
  const Layout y_layout = layout_of(v.out(0));
  const Layout a_layout = broadcast_layout(v.in(0), y_shape);
  const Layout b_layout = broadcast_layout(v.in(1), y_shape);
  const std::string what = v.name + " kernel";
  Plan plan;
  plan.launch = [=](const LaunchArgs& a) {
    Layout y = y_layout, l = a_layout, r = b_layout;
    Layout* views[] = {&y, &l, &r};
    coalesce(views);
    check_launch(
        a, kernels::binary(op, dtype, a.outputs[0], y, a.inputs[0], l, a.inputs[1], r, a.stream),
        what);
  };
  return plan;
}

}  // namespace hwcert::cuda

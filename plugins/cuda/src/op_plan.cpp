#include "op_plan.hpp"

#include <hwcert/plugin_common/op_kinds.hpp>

#include <array>
#include <optional>
#include <string_view>

#include "dtype.hpp"
#include "error.hpp"
#include "runtime.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda {
namespace {

using Planner = Plan (*)(const OpView&);

// Indexed by plugin_common::OpKind.
constexpr std::array<Planner, plugin_common::kOpKindCount> kPlanners = {
    plan_copy,   plan_cast,      plan_transpose,  plan_concat,     plan_gather,  plan_unary,
    plan_binary, plan_reduce,    plan_rows,       plan_rows,       plan_matmul,  plan_conv2d,
    plan_pool2d, plan_attention, plan_activation, plan_batch_norm, plan_reshape, plan_view_copy,
    plan_pad,    plan_where,     plan_resize};

}  // namespace

Plan plan_op(const HWC_OpDesc* op) {
  if (op == nullptr) fail_invalid("op is NULL");
  if (!HWC_HAS_FIELD(op, HWC_OpDesc, attributes))
    fail_invalid("op descriptor has a too small struct_size (" + std::to_string(op->struct_size) +
                 ")");
  if (op->op_name == nullptr) fail_invalid("op_name is NULL");
  const std::string name = op->op_name;
  if ((op->num_inputs > 0 && op->inputs == nullptr) ||
      (op->num_outputs > 0 && op->outputs == nullptr) ||
      (op->num_attributes > 0 && op->attributes == nullptr))
    fail_invalid(name + ": a tensor or attribute array is NULL");
  for (uint32_t i = 0; i < op->num_inputs; ++i) check_tensor(op->inputs[i], name, "input", i);
  for (uint32_t i = 0; i < op->num_outputs; ++i) check_tensor(op->outputs[i], name, "output", i);
  plugin_common::check_op_opset(name, op->opset);
  if (const std::optional<Planner> planner = plugin_common::for_op(kPlanners, name)) {
    const OpView view{*op, name, std::span(op->inputs, op->num_inputs),
                      std::span(op->outputs, op->num_outputs)};
    for (uint32_t i = 0; i < op->num_outputs; ++i)
      if (may_self_overlap(*op->outputs[i]))
        fail_unsupported(name + " output " + std::to_string(i) +
                         ": strides that may make elements overlap are not supported");
    Plan plan = (*planner)(view);
    plan.no_work = true;
    for (uint32_t i = 0; i < op->num_outputs; ++i)
      plan.no_work = plan.no_work && element_count(*op->outputs[i]) == 0;
    return plan;
  }
  if (name.rfind("vendor.", 0) == 0)
    fail_unsupported("vendor op '" + name + "' is not implemented by the CUDA plugin");
  fail_invalid("unknown op '" + name + "' (not in catalogue opsets 1.." +
               std::to_string(plugin_common::kNewestOpset) + ")");
}

void expect_counts(const OpView& v, uint32_t min_inputs, uint32_t max_inputs, uint32_t outputs) {
  const uint32_t n = v.op.num_inputs;
  if (n < min_inputs || n > max_inputs)
    fail_invalid(v.name + " takes " +
                 (min_inputs == max_inputs
                      ? std::to_string(min_inputs)
                      : std::to_string(min_inputs) + " to " + std::to_string(max_inputs)) +
                 " inputs, not " + std::to_string(n));
  if (v.op.num_outputs != outputs)
    fail_invalid(v.name + " takes " + std::to_string(outputs) + " output(s), not " +
                 std::to_string(v.op.num_outputs));
}

void expect_shape(const OpView& v, const HWC_TensorDesc& t, std::span<const int64_t> shape,
                  const std::string& what) {
  const Shape actual = shape_of(t);
  if (!std::equal(actual.begin(), actual.end(), shape.begin(), shape.end()))
    fail_invalid(v.name + ": " + what + " has shape " + shape_text(actual) + ", expected " +
                 shape_text(shape));
}

void expect_dtype(const OpView& v, const HWC_TensorDesc& t, int32_t dtype,
                  const std::string& what) {
  if (t.dtype != dtype)
    fail_invalid(v.name + ": " + what + " has dtype " + dtype_name(t.dtype) + ", expected " +
                 dtype_name(dtype));
}

void expect_float_dtype(const OpView& v, int32_t dtype, const std::string& what) {
  if (!is_float_dtype(dtype))
    fail_invalid(v.name + ": " + what + " has dtype " + dtype_name(dtype) +
                 "; the op takes f64, f32, f16 or bf16");
}

void check_launch(const LaunchArgs& args, cudaError_t status, const std::string& what) {
  args.runtime->check(status, what);
}

}  // namespace hwcert::cuda

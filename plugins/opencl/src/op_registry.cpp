#include "op_registry.hpp"

#include <hwcert/plugin_common/movement_shapes.hpp>
#include <hwcert/plugin_common/op_kinds.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "dtype.hpp"
#include "error.hpp"
#include "program_source.hpp"

namespace hwcert::opencl {
namespace {

// Indexed by plugin_common::OpKind.
constexpr std::array<Planner, plugin_common::kOpKindCount> kPlanners = {
    plan_copy,   plan_cast,      plan_transpose,  plan_concat,     plan_gather,  plan_unary,
    plan_binary, plan_reduce,    plan_softmax,    plan_norm,       plan_matmul,  plan_conv2d,
    plan_pool2d, plan_attention, plan_activation, plan_batch_norm, plan_reshape, plan_view_copy,
    plan_pad,    plan_where,     plan_resize};

void check_tensor(const HWC_TensorDesc* t, const std::string& what) {
  if (t == nullptr) fail_invalid(what + " descriptor is NULL");
  if (!HWC_HAS_FIELD(t, HWC_TensorDesc, byte_offset))
    fail_invalid(what + " descriptor has a too small struct_size");
  if (!is_valid_dtype(t->dtype))
    fail_invalid(what + " has invalid dtype " + std::to_string(t->dtype));
  if (t->rank > HWC_MAX_RANK) fail_invalid(what + " has rank " + std::to_string(t->rank) + " > 8");
  for (uint32_t d = 0; d < t->rank; ++d) {
    if (t->shape[d] < 0) fail_invalid(what + " has a negative extent");
    if (t->strides[d] < 0) fail_invalid(what + " has a negative stride");
  }
  if (t->byte_offset % element_size(t->dtype) != 0)
    fail_unsupported(what + " byte_offset " + std::to_string(t->byte_offset) +
                     " is not a multiple of its element size");
}

}  // namespace

LaunchPlan plan_op(const HWC_OpDesc* op, const DeviceCaps& caps) {
  if (op == nullptr) fail_invalid("op is NULL");
  if (!HWC_HAS_FIELD(op, HWC_OpDesc, attributes)) fail_invalid("op has a too small struct_size");
  if (op->op_name == nullptr) fail_invalid("op_name is NULL");
  const std::string name = op->op_name;
  if ((op->num_inputs > 0 && op->inputs == nullptr) ||
      (op->num_outputs > 0 && op->outputs == nullptr) ||
      (op->num_attributes > 0 && op->attributes == nullptr))
    fail_invalid("op '" + name + "' has a NULL array");
  for (uint32_t i = 0; i < op->num_inputs; ++i)
    check_tensor(op->inputs[i], "input " + std::to_string(i));
  for (uint32_t i = 0; i < op->num_outputs; ++i)
    check_tensor(op->outputs[i], "output " + std::to_string(i));
  plugin_common::check_op_opset(name, op->opset);
  if (const std::optional<Planner> planner = plugin_common::for_op(kPlanners, name)) {
    OpContext ctx{*op, caps, std::span(op->inputs, op->num_inputs),
                  std::span(op->outputs, op->num_outputs)};
    return (*planner)(ctx);
  }
  fail_unsupported("op '" + name + "' is not implemented by the OpenCL plugin");
}

void expect_arity(const OpContext& ctx, uint32_t min_inputs, uint32_t max_inputs,
                  uint32_t outputs) {
  if (ctx.op.num_inputs < min_inputs || ctx.op.num_inputs > max_inputs)
    fail_invalid(ctx.name() + " takes " + std::to_string(min_inputs) +
                 (max_inputs != min_inputs ? ".." + std::to_string(max_inputs) : "") +
                 " inputs, not " + std::to_string(ctx.op.num_inputs));
  if (ctx.op.num_outputs != outputs)
    fail_invalid(ctx.name() + " takes " + std::to_string(outputs) + " outputs, not " +
                 std::to_string(ctx.op.num_outputs));
}

std::vector<int64_t> shape_of(const HWC_TensorDesc& desc) {
  return std::vector<int64_t>(desc.shape, desc.shape + desc.rank);
}

void expect_shape(const HWC_TensorDesc& desc, std::span<const int64_t> shape, const char* what) {
  const auto actual = shape_of(desc);
  if (!std::equal(actual.begin(), actual.end(), shape.begin(), shape.end()))
    fail_invalid(std::string(what) + " has shape " + plugin_common::shape_text(actual) +
                 ", expected " + plugin_common::shape_text(shape));
}

void expect_dtype(const HWC_TensorDesc& desc, int32_t dtype, const char* what) {
  if (desc.dtype != dtype)
    fail_invalid(std::string(what) + " has dtype " + dtype_name(desc.dtype) + ", expected " +
                 dtype_name(dtype));
}

void require_arithmetic(const DeviceCaps& caps, int32_t dtype, const std::string& op) {
  if (dtype == HWC_DTYPE_F64 && !caps.fp64)
    fail_unsupported(op + " in f64 needs cl_khr_fp64, which '" + caps.name + "' lacks");
}

void require_float(const OpContext& ctx, int32_t dtype) {
  if (!is_float_dtype(dtype))
    fail_invalid(ctx.name() + " does not take dtype " + dtype_name(dtype));
  require_arithmetic(ctx.caps, dtype, ctx.name());
}

std::string math_mode_defines(const std::string& math_mode, int32_t input_dtype,
                              const std::string& op, std::initializer_list<const char*> loads) {
  if (math_mode == "strict") return "";
  const char* rounding = math_mode == "tf32"   ? "round_tf32"
                         : math_mode == "hf32" ? "round_hf32"
                         : math_mode == "f16"  ? "round_f16"
                         : math_mode == "bf16" ? "round_bf16"
                                               : nullptr;
  if (math_mode == "f16_accumulate") {
    if (input_dtype != HWC_DTYPE_F16)
      fail_invalid(op + ": math_mode f16_accumulate applies to f16 inputs only");
    fail_unsupported(op +
                     ": math_mode 'f16_accumulate' is not offered (f16 inputs always "
                     "accumulate in f32 here)");
  }
  if (rounding == nullptr) fail_invalid(op + ": unknown math_mode '" + math_mode + "'");
  if (input_dtype != HWC_DTYPE_F32)
    fail_invalid(op + ": math_mode " + math_mode + " applies to f32 inputs only");
  std::string defines;
  for (const char* load : loads) {
    defines += std::string("#undef ") + load + "\n";
    defines += define_line(std::string(load) + "(p, i)", std::string(rounding) + "(ld_f32(p, i))");
  }
  return defines;
}

ProgramSpec program(const char* file, std::string defines) {
  return ProgramSpec{file, std::move(defines)};
}

std::string element_defines(int32_t dtype) {
  std::string d = dtype_defines("T", dtype);
  const DTypeInfo& info = dtype_info(dtype);
  if (info.kind == ValueKind::kFloat || info.kind == ValueKind::kDouble) {
    d += define_line("IS_FLOAT", "1");
    d += define_line("ACC", info.kind == ValueKind::kDouble ? "double" : "float");
  } else {
    d += define_line("ACC", info.unsigned_type);
  }
  return d;
}

size_t elementwise_group(const DeviceCaps& caps) {
  return static_cast<size_t>(std::min<uint64_t>(256, caps.max_work_group_size));
}

std::optional<KernelStep> one_input_step(const OpContext& ctx, const char* file,
                                         std::string defines, std::string kernel) {
  View y = view_of(ctx.out(0));
  View x = view_of(ctx.in(0));
  const int64_t n = y.numel();
  if (n == 0) return std::nullopt;
  View* views[] = {&y, &x};
  coalesce(views);
  KernelStep step;
  step.program = program(file, std::move(defines));
  step.kernel = std::move(kernel);
  step.output(0).info(y).input(0).info(x).value(cl_long{n});
  step.range_1d(static_cast<uint64_t>(n), elementwise_group(ctx.caps));
  return step;
}

}  // namespace hwcert::opencl

#include "dtype.hpp"
#include "error.hpp"
#include "ops/op.hpp"
#include "ops/op_prepare.hpp"

namespace hwcert::reference {
namespace {

const OpEntry kOps[] = {
    {"copy", prepare_copy},
    {"cast", prepare_cast},
    {"transpose", prepare_transpose},
    {"concat", prepare_concat},
    {"gather", prepare_gather},
    {"neg", prepare_unary},
    {"abs", prepare_unary},
    {"exp", prepare_unary},
    {"log", prepare_unary},
    {"sqrt", prepare_unary},
    {"rsqrt", prepare_unary},
    {"tanh", prepare_unary},
    {"sigmoid", prepare_unary},
    {"relu", prepare_unary},
    {"gelu", prepare_unary},
    {"silu", prepare_unary},
    {"add", prepare_binary},
    {"sub", prepare_binary},
    {"mul", prepare_binary},
    {"div", prepare_binary},
    {"max", prepare_binary},
    {"min", prepare_binary},
    {"pow", prepare_binary},
    {"reduce_sum", prepare_reduce},
    {"reduce_max", prepare_reduce},
    {"reduce_mean", prepare_reduce},
    {"softmax", prepare_softmax},
    {"log_softmax", prepare_softmax},
    {"layer_norm", prepare_layer_norm},
    {"rms_norm", prepare_rms_norm},
    {"matmul", prepare_matmul},
    {"conv2d", prepare_conv2d},
    {"max_pool2d", prepare_pool2d},
    {"avg_pool2d", prepare_pool2d},
    {"scaled_dot_product_attention", prepare_attention},
    // opset 2
    {"clip", prepare_unary, 2},
    {"leaky_relu", prepare_unary, 2},
    {"hard_sigmoid", prepare_unary, 2},
    {"hard_swish", prepare_unary, 2},
    {"erf", prepare_unary, 2},
    {"batch_norm", prepare_batch_norm, 2},
    {"reshape", prepare_reshape, 2},
    {"flatten", prepare_flatten, 2},
    {"squeeze", prepare_squeeze, 2},
    {"unsqueeze", prepare_unsqueeze, 2},
    {"expand", prepare_expand, 2},
    {"slice", prepare_slice, 2},
    {"split", prepare_split, 2},
    {"pad", prepare_pad, 2},
    {"where", prepare_where, 2},
    {"resize", prepare_resize, 2},
};

}  // namespace

const OpEntry* find_op(std::string_view name) {
  for (const OpEntry& entry : kOps) {
    if (entry.name == name && entry.prepare != nullptr) return &entry;
  }
  return nullptr;
}

std::vector<std::string_view> op_names() {
  std::vector<std::string_view> names;
  for (const OpEntry& entry : kOps) {
    if (entry.prepare != nullptr) names.push_back(entry.name);
  }
  return names;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) text += ",";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

void expect_counts(const OpCall& call, std::size_t min_inputs, std::size_t max_inputs,
                   std::size_t outputs) {
  if (call.inputs.size() < min_inputs || call.inputs.size() > max_inputs) {
    fail_invalid(call.name + " takes " +
                 (min_inputs == max_inputs
                      ? std::to_string(min_inputs)
                      : std::to_string(min_inputs) + " to " + std::to_string(max_inputs)) +
                 " inputs, got " + std::to_string(call.inputs.size()));
  }
  if (call.outputs.size() != outputs) {
    fail_invalid(call.name + " takes " + std::to_string(outputs) + " output(s), got " +
                 std::to_string(call.outputs.size()));
  }
}

void expect_dtype(const OpCall& call, const TensorView& view, int32_t dtype, const char* role) {
  if (view.dtype != dtype) {
    fail_invalid(call.name + ": " + role + " dtype " + dtype_name(view.dtype) + " must be " +
                 dtype_name(dtype));
  }
}

void expect_shape(const OpCall& call, const TensorView& view, const std::vector<int64_t>& shape,
                  const char* role) {
  if (view.dims() != shape) {
    fail_invalid(call.name + ": " + role + " shape " + shape_text(view.dims()) + " must be " +
                 shape_text(shape));
  }
}

void expect_dtype_in(const OpCall& call, int32_t dtype, std::initializer_list<int32_t> allowed,
                     const char* role) {
  for (int32_t ok : allowed) {
    if (ok == dtype) return;
  }
  std::string list;
  for (int32_t ok : allowed) list += (list.empty() ? "" : ", ") + dtype_name(ok);
  fail_unsupported(call.name + ": " + role + " dtype " + dtype_name(dtype) +
                   " is not supported (supported: " + list + ")");
}

int64_t normalize_axis(const OpCall& call, const char* attr, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    fail_invalid(call.name + ": attribute '" + attr + "' = " + std::to_string(axis) +
                 " is out of range for rank " + std::to_string(rank));
  }
  return axis < 0 ? axis + rank : axis;
}

}  // namespace hwcert::reference

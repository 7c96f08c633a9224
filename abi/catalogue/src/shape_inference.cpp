// Output dtypes and shapes of every op family from a call's inputs and attributes.
#include "hwcert/catalogue/shape_inference.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>

#include "call_checks.hpp"
#include "hwcert/catalogue/op_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "movement_inference.hpp"

namespace hwcert::catalogue {
namespace {

using Outputs = Expected<std::vector<TensorSpec>>;

bool is_fp8(DType d) {
  return d == DType::kF8E4M3 || d == DType::kF8E5M2;
}

Outputs infer_transpose(const OpCall& call, const Attrs& attrs) {
  const TensorSpec& x = call.inputs()[0];
  const std::vector<int64_t> perm = attrs.get_ints("perm");
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> identity(x.rank());
  std::iota(identity.begin(), identity.end(), 0);
  if (sorted != identity) {
    return invalid(call, fmt::format("perm [{}] is not a permutation of 0..{}",
                                     fmt::join(perm, ", "), static_cast<int64_t>(x.rank()) - 1));
  }
  std::vector<int64_t> shape(x.rank());
  for (std::size_t i = 0; i < perm.size(); ++i) shape[i] = x.shape[perm[i]];
  return one_output(x.dtype, shape);
}

Outputs infer_concat(const OpCall& call, const Attrs& attrs) {
  const auto& in = call.inputs();
  const TensorSpec& x = in[0];
  if (Status s = check_same_dtype(call); !s.ok()) return s;
  auto axis = checked_axis(call, attrs.get_int("axis"), x.rank());
  if (!axis) return axis.status();
  std::vector<int64_t> shape = x.shape;
  shape[*axis] = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i].rank() != x.rank()) return invalid(call, "all inputs must have the same rank");
    for (std::size_t d = 0; d < x.rank(); ++d) {
      if (static_cast<int64_t>(d) != *axis && in[i].shape[d] != x.shape[d]) {
        return invalid(call, fmt::format("input {} has shape {}, input 0 has {}: only the "
                                         "axis {} may differ",
                                         i, shape_text(in[i].shape), shape_text(x.shape), *axis));
      }
    }
    shape[*axis] += in[i].shape[*axis];
  }
  return one_output(x.dtype, shape);
}

Outputs infer_gather(const OpCall& call, const Attrs& attrs) {
  const TensorSpec& x = call.inputs()[0];
  const TensorSpec& indices = call.inputs()[1];
  if (indices.dtype != DType::kI32 && indices.dtype != DType::kI64) {
    return invalid(call,
                   fmt::format("indices must be i32 or i64, got {}", dtype_name(indices.dtype)));
  }
  auto axis = checked_axis(call, attrs.get_int("axis"), x.rank());
  if (!axis) return axis.status();
  std::vector<int64_t> shape(x.shape.begin(), x.shape.begin() + *axis);
  shape.insert(shape.end(), indices.shape.begin(), indices.shape.end());
  shape.insert(shape.end(), x.shape.begin() + *axis + 1, x.shape.end());
  if (shape.size() > HWC_MAX_RANK) return invalid(call, "output rank exceeds 8");
  return one_output(x.dtype, shape);
}

Outputs infer_data_movement(const OpCall& call, const OpSchema& schema) {
  const TensorSpec& x = call.inputs()[0];
  const std::string& op = call.op_name();
  if (op == "copy") return one_output(x.dtype, x.shape);
  if (op == "cast") {
    if (call.outputs().empty())
      return invalid(call, "needs an output tensor to name the target dtype");
    return one_output(call.outputs()[0].dtype, x.shape);
  }
  if (schema.since >= 2) return infer_opset2_movement(call, schema);
  const Attrs attrs(call, schema);
  if (op == "transpose") return infer_transpose(call, attrs);
  if (op == "concat") return infer_concat(call, attrs);
  return infer_gather(call, attrs);
}

Outputs infer_elementwise(const OpCall& call, const OpSchema& schema) {
  const auto& in = call.inputs();
  if (Status s = check_same_dtype(call); !s.ok()) return s;
  if (Status s = check_input_dtype(call, schema); !s.ok()) return s;
  if (schema.family == OpFamily::kUnary) {
    if (call.op_name() == "gelu") {
      const std::string approximate = Attrs(call, schema).get_string("approximate");
      if (approximate != "none" && approximate != "tanh") {
        return invalid(
            call, fmt::format("approximate must be \"none\" or \"tanh\", got \"{}\"", approximate));
      }
    }
    return one_output(in[0].dtype, in[0].shape);
  }
  auto shape = broadcast_shapes(in[0].shape, in[1].shape);
  if (!shape) {
    return invalid(call, fmt::format("shapes {} and {} do not broadcast", shape_text(in[0].shape),
                                     shape_text(in[1].shape)));
  }
  return one_output(in[0].dtype, *shape);
}

Outputs infer_reduction(const OpCall& call, const OpSchema& schema) {
  const TensorSpec& x = call.inputs()[0];
  if (Status s = check_input_dtype(call, schema); !s.ok()) return s;
  auto g = reduction_geometry(call);
  if (!g) return g.status();
  std::vector<int64_t> shape;
  bool reduces_empty = false;
  bool output_empty = false;
  for (std::size_t d = 0; d < x.rank(); ++d) {
    if (g->reduced[d]) {
      if (x.shape[d] == 0) reduces_empty = true;
      if (g->keepdims) shape.push_back(1);
    } else {
      if (x.shape[d] == 0) output_empty = true;
      shape.push_back(x.shape[d]);
    }
  }
  if (reduces_empty && !output_empty && call.op_name() != "reduce_sum") {
    return invalid(call, "reduces over an empty axis; only reduce_sum has an identity (0)");
  }
  return one_output(x.dtype, shape);
}

Outputs infer_normalization(const OpCall& call, const OpSchema& schema) {
  const auto& in = call.inputs();
  const TensorSpec& x = in[0];
  if (Status s = check_same_dtype(call); !s.ok()) return s;
  if (Status s = check_input_dtype(call, schema); !s.ok()) return s;
  auto axis = normalization_axis(call);
  if (!axis) return axis.status();
  // batch_norm's parameters are per channel (axis 1, [C]); the others' span X.shape[axis:].
  const bool per_channel = call.op_name() == "batch_norm";
  const std::vector<int64_t> params =
      per_channel ? std::vector<int64_t>{x.shape[1]}
                  : std::vector<int64_t>(x.shape.begin() + *axis, x.shape.end());
  for (std::size_t i = 1; i < in.size(); ++i) {
    if (in[i].shape != params) {
      return invalid(
          call, fmt::format("{} has shape {}, expected {} = {}", schema.input_names[i],
                            shape_text(in[i].shape),
                            per_channel ? "[X.shape[1]]" : "X.shape[axis:]", shape_text(params)));
    }
  }
  if (schema.find_attribute("epsilon") != nullptr) {
    const double epsilon = Attrs(call, schema).get_float("epsilon");
    if (!(epsilon >= 0)) return invalid(call, "epsilon must be >= 0");
  }
  return one_output(x.dtype, x.shape);
}

// Output dtype of a matmul from its operand dtypes (and the output the call names, where the
// catalogue lets it choose), checking the dtype pairing and the alpha/beta rule of i8.
Expected<DType> matmul_output_dtype(const OpCall& call, const Attrs& attrs, bool has_bias) {
  const DType a = call.inputs()[0].dtype, b = call.inputs()[1].dtype;
  // The output dtype the call names, if any.
  const DType* named = call.outputs().empty() ? nullptr : &call.outputs()[0].dtype;
  if (is_floating(a) && !is_fp8(a)) {
    if (b != a) {
      return invalid(call, fmt::format("A is {} and B is {}; float matmul needs equal dtypes",
                                       dtype_name(a), dtype_name(b)));
    }
    if (named != nullptr && *named != a) {
      return invalid(call,
                     fmt::format("output must be {} for {} inputs", dtype_name(a), dtype_name(a)));
    }
    return a;
  }
  if (is_fp8(a)) {
    if (!is_fp8(b)) return invalid(call, "fp8 A needs an fp8 B (e4m3 or e5m2)");
    const DType out = named != nullptr ? *named : DType::kF32;
    if (out != DType::kF32 && out != DType::kF16 && out != DType::kBF16) {
      return invalid(
          call, fmt::format("fp8 matmul output must be f32, f16 or bf16, got {}", dtype_name(out)));
    }
    return out;
  }
  if (a == DType::kI8) {
    if (b != DType::kI8) return invalid(call, "i8 A needs an i8 B");
    if (named != nullptr && *named != DType::kI32)
      return invalid(call, "i8 x i8 matmul output must be i32");
    if (attrs.get_float("alpha") != 1.0 || (has_bias && attrs.get_float("beta") != 1.0)) {
      return invalid(call, "i8 x i8 -> i32 matmul takes alpha = 1 and beta = 1 only");
    }
    return DType::kI32;
  }
  return invalid(call, fmt::format("A dtype {} is not supported (f64, f32, f16, bf16, "
                                   "f8e4m3, f8e5m2, i8)",
                                   dtype_name(a)));
}

Outputs infer_matmul(const OpCall& call, const OpSchema& schema) {
  const auto& in = call.inputs();
  auto g = matmul_geometry(call);
  if (!g) return g.status();
  const Attrs attrs(call, schema);
  auto out = matmul_output_dtype(call, attrs, g->has_bias);
  if (!out) return out.status();
  for (std::string_view flag : {"transpose_a", "transpose_b"}) {
    const int64_t v = attrs.get_int(flag);
    if (v != 0 && v != 1) return invalid(call, fmt::format("{} must be 0 or 1", flag));
  }
  const DType a = in[0].dtype;
  if (Status s = check_math_mode(call, a); !s.ok()) return s;
  if ((is_fp8(a) || a == DType::kI8) && math_mode_name(call) != "strict") {
    return invalid(call, "fp8 and i8 matmul take strict only");
  }
  std::vector<int64_t> shape = g->batch;
  shape.push_back(g->m);
  shape.push_back(g->n);
  if (g->has_bias) {
    const TensorSpec& bias = in[2];
    if (bias.dtype != *out) {
      return invalid(call, fmt::format("bias must have the output dtype {}, got {}",
                                       dtype_name(*out), dtype_name(bias.dtype)));
    }
    auto joined = broadcast_shapes(bias.shape, shape);
    if (!joined || *joined != shape) {
      return invalid(call, fmt::format("bias shape {} does not broadcast to the output {}",
                                       shape_text(bias.shape), shape_text(shape)));
    }
  }
  return one_output(*out, shape);
}

Outputs infer_conv_pool(const OpCall& call, const OpSchema& schema) {
  const auto& in = call.inputs();
  if (Status s = check_same_dtype(call); !s.ok()) return s;
  if (Status s = check_input_dtype(call, schema); !s.ok()) return s;
  const bool conv = schema.family == OpFamily::kConvolution;
  auto g = conv ? conv_geometry(call) : pool_geometry(call);
  if (!g) return g.status();
  if (conv) {
    if (Status s = check_math_mode(call, in[0].dtype); !s.ok()) return s;
  } else if (call.op_name() == "avg_pool2d") {
    const int64_t include = Attrs(call, schema).get_int("count_include_pad");
    if (include != 0 && include != 1) return invalid(call, "count_include_pad must be 0 or 1");
  }
  return one_output(in[0].dtype, g->nhwc
                                     ? std::vector<int64_t>{g->n, g->h_out, g->w_out, g->c_out}
                                     : std::vector<int64_t>{g->n, g->c_out, g->h_out, g->w_out});
}

Outputs infer_attention(const OpCall& call, const OpSchema& schema) {
  const auto& in = call.inputs();
  if (Status s = check_same_dtype(call); !s.ok()) return s;
  if (Status s = check_input_dtype(call, schema); !s.ok()) return s;
  auto g = attention_geometry(call);
  if (!g) return g.status();
  if (Status s = check_math_mode(call, in[0].dtype); !s.ok()) return s;
  return one_output(in[0].dtype, {g->batch, g->heads, g->sq, g->dv});
}

}  // namespace

std::optional<std::vector<int64_t>> broadcast_shapes(std::span<const int64_t> a,
                                                     std::span<const int64_t> b) {
  const std::size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> out(rank);
  for (std::size_t i = 0; i < rank; ++i) {
    const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return out;
}

std::optional<int64_t> normalize_axis(int64_t axis, std::size_t rank) {
  const auto r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) return std::nullopt;
  return axis < 0 ? axis + r : axis;
}

std::optional<DType> default_output_dtype(std::string_view op, std::span<const DType> inputs) {
  if (inputs.empty() || op == "cast") return std::nullopt;
  if (op == "where" && inputs.size() >= 2) return inputs[1];  // A's dtype; cond is u8
  if (op == "matmul") {
    if (inputs[0] == DType::kI8) return DType::kI32;
    if (is_fp8(inputs[0])) return DType::kF32;
  }
  return inputs[0];
}

Expected<std::vector<TensorSpec>> infer_outputs(const OpCall& call) {
  const OpSchema* schema = find_op_schema(call.op_name());
  if (schema == nullptr) {
    return Status{
        StatusCode::kInvalidArgument,
        fmt::format("unknown op '{}' (not in catalogue opset {})", call.op_name(), kOpset)};
  }
  if (Status s = check_input_count(call, *schema); !s.ok()) return s;
  if (Status s = check_attributes(call, *schema); !s.ok()) return s;
  switch (schema->family) {
    case OpFamily::kDataMovement:
      return infer_data_movement(call, *schema);
    case OpFamily::kUnary:
    case OpFamily::kBinary:
      return infer_elementwise(call, *schema);
    case OpFamily::kReduction:
      return infer_reduction(call, *schema);
    case OpFamily::kNormalization:
      return infer_normalization(call, *schema);
    case OpFamily::kMatmul:
      return infer_matmul(call, *schema);
    case OpFamily::kConvolution:
    case OpFamily::kPooling:
      return infer_conv_pool(call, *schema);
    case OpFamily::kAttention:
      return infer_attention(call, *schema);
  }
  return invalid(call, "unknown family");
}

}  // namespace hwcert::catalogue

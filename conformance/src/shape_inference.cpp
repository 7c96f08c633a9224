// Dtype rules, shape inference and full validation of an OpCall against the catalogue.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>

#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/conformance/op_geometry.hpp"
#include "hwcert/conformance/op_schema.hpp"

namespace hwcert::conformance {
namespace {

Status invalid(const OpCall& call, const std::string& what) {
  return {StatusCode::kInvalidArgument, fmt::format("{}: {}", call.op_name(), what)};
}

bool is_float_dtype(DType d) {
  return d == DType::kF64 || d == DType::kF32 || d == DType::kF16 || d == DType::kBF16;
}
bool is_fp8(DType d) {
  return d == DType::kF8E4M3 || d == DType::kF8E5M2;
}

std::string shape_text(std::span<const int64_t> shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

// Dtypes an elementwise/reduction/normalisation op accepts.
bool dtype_allowed(std::string_view op, OpFamily family, DType d) {
  if (is_float_dtype(d)) return true;
  const bool signed_int = d == DType::kI8 || d == DType::kI32 || d == DType::kI64;
  if (family == OpFamily::kUnary) return signed_int && (op == "neg" || op == "abs" || op == "relu");
  if (family == OpFamily::kBinary) {
    return is_integer(d) &&
           (op == "add" || op == "sub" || op == "mul" || op == "max" || op == "min");
  }
  if (family == OpFamily::kReduction) {
    return (d == DType::kI32 || d == DType::kI64) && (op == "reduce_sum" || op == "reduce_max");
  }
  return false;
}

std::string allowed_text(std::string_view op, OpFamily family) {
  std::vector<std::string> names;
  for (DType d : kAllDTypes) {
    if (dtype_allowed(op, family, d)) names.emplace_back(dtype_name(d));
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

Status check_same_dtype(const OpCall& call) {
  const auto& in = call.inputs();
  for (std::size_t i = 1; i < in.size(); ++i) {
    if (in[i].dtype != in[0].dtype) {
      return invalid(call, fmt::format("input {} has dtype {}, input 0 has {}; they must match", i,
                                       dtype_name(in[i].dtype), dtype_name(in[0].dtype)));
    }
  }
  return Status::Ok();
}

Status check_math_mode(const OpCall& call, DType input_dtype) {
  const std::string name = math_mode_name(call);
  const auto mode = parse_math_mode(name);
  if (!mode) {
    return invalid(call, fmt::format("math_mode \"{}\" is not one of strict, tf32, hf32, f16, "
                                     "bf16, f16_accumulate",
                                     name));
  }
  switch (*mode) {
    case MathMode::kStrict:
      return Status::Ok();
    case MathMode::kF16Accumulate:
      if (input_dtype == DType::kF16) return Status::Ok();
      return invalid(call, "math_mode f16_accumulate applies to f16 inputs only");
    default:
      if (input_dtype == DType::kF32) return Status::Ok();
      return invalid(call, fmt::format("math_mode {} applies to f32 inputs only, inputs are {}",
                                       name, dtype_name(input_dtype)));
  }
}

TensorSpec out_spec(DType dtype, std::vector<int64_t> shape) {
  return TensorSpec::dense(dtype, std::move(shape));
}

using Outputs = Expected<std::vector<TensorSpec>>;

Outputs infer_data_movement(const OpCall& call) {
  const auto& in = call.inputs();
  const std::string& op = call.op_name();
  const TensorSpec& x = in[0];
  if (op == "copy") return std::vector{out_spec(x.dtype, x.shape)};
  if (op == "cast") {
    if (call.outputs().empty())
      return invalid(call, "needs an output tensor to name the target dtype");
    return std::vector{out_spec(call.outputs()[0].dtype, x.shape)};
  }
  const OpSchema& schema = *find_op_schema(op);
  const Attrs attrs(call, schema);
  if (op == "transpose") {
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
    return std::vector{out_spec(x.dtype, shape)};
  }
  if (op == "concat") {
    if (Status s = check_same_dtype(call); !s.ok()) return s;
    auto axis = normalize_axis(attrs.get_int("axis"), x.rank());
    if (!axis || x.rank() == 0) {
      return invalid(call, fmt::format("axis {} is out of range for rank {}", attrs.get_int("axis"),
                                       x.rank()));
    }
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
    return std::vector{out_spec(x.dtype, shape)};
  }
  // gather
  const TensorSpec& indices = in[1];
  if (indices.dtype != DType::kI32 && indices.dtype != DType::kI64) {
    return invalid(call,
                   fmt::format("indices must be i32 or i64, got {}", dtype_name(indices.dtype)));
  }
  auto axis = normalize_axis(attrs.get_int("axis"), x.rank());
  if (!axis || x.rank() == 0) {
    return invalid(
        call, fmt::format("axis {} is out of range for rank {}", attrs.get_int("axis"), x.rank()));
  }
  std::vector<int64_t> shape(x.shape.begin(), x.shape.begin() + *axis);
  shape.insert(shape.end(), indices.shape.begin(), indices.shape.end());
  shape.insert(shape.end(), x.shape.begin() + *axis + 1, x.shape.end());
  if (shape.size() > HWC_MAX_RANK) return invalid(call, "output rank exceeds 8");
  return std::vector{out_spec(x.dtype, shape)};
}

Outputs infer_elementwise(const OpCall& call, const OpSchema& schema) {
  const auto& in = call.inputs();
  if (Status s = check_same_dtype(call); !s.ok()) return s;
  if (!dtype_allowed(call.op_name(), schema.family, in[0].dtype)) {
    return invalid(call,
                   fmt::format("dtype {} is not supported (allowed: {})", dtype_name(in[0].dtype),
                               allowed_text(call.op_name(), schema.family)));
  }
  if (schema.family == OpFamily::kUnary) {
    if (call.op_name() == "gelu") {
      const std::string approximate = Attrs(call, schema).get_string("approximate");
      if (approximate != "none" && approximate != "tanh") {
        return invalid(
            call, fmt::format("approximate must be \"none\" or \"tanh\", got \"{}\"", approximate));
      }
    }
    return std::vector{out_spec(in[0].dtype, in[0].shape)};
  }
  auto shape = broadcast_shapes(in[0].shape, in[1].shape);
  if (!shape) {
    return invalid(call, fmt::format("shapes {} and {} do not broadcast", shape_text(in[0].shape),
                                     shape_text(in[1].shape)));
  }
  return std::vector{out_spec(in[0].dtype, *shape)};
}

Outputs infer_reduction(const OpCall& call, const OpSchema& schema) {
  const TensorSpec& x = call.inputs()[0];
  if (!dtype_allowed(call.op_name(), schema.family, x.dtype)) {
    return invalid(call, fmt::format("dtype {} is not supported (allowed: {})", dtype_name(x.dtype),
                                     allowed_text(call.op_name(), schema.family)));
  }
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
  return std::vector{out_spec(x.dtype, shape)};
}

Outputs infer_normalization(const OpCall& call) {
  const auto& in = call.inputs();
  const TensorSpec& x = in[0];
  if (Status s = check_same_dtype(call); !s.ok()) return s;
  if (!is_float_dtype(x.dtype)) {
    return invalid(call, fmt::format("dtype {} is not supported (allowed: f64, f32, f16, bf16)",
                                     dtype_name(x.dtype)));
  }
  auto axis = normalization_axis(call);
  if (!axis) return axis.status();
  const std::vector<int64_t> tail(x.shape.begin() + *axis, x.shape.end());
  for (std::size_t i = 1; i < in.size(); ++i) {
    if (in[i].shape != tail) {
      const char* name = i == 1 ? "gamma" : "beta";
      return invalid(call, fmt::format("{} has shape {}, expected X.shape[axis:] = {}", name,
                                       shape_text(in[i].shape), shape_text(tail)));
    }
  }
  const OpSchema& schema = *find_op_schema(call.op_name());
  if (schema.find_attribute("epsilon") != nullptr) {
    const double epsilon = Attrs(call, schema).get_float("epsilon");
    if (!(epsilon >= 0)) return invalid(call, "epsilon must be >= 0");
  }
  return std::vector{out_spec(x.dtype, x.shape)};
}

Outputs infer_matmul(const OpCall& call) {
  const auto& in = call.inputs();
  auto g = matmul_geometry(call);
  if (!g) return g.status();
  const DType a = in[0].dtype, b = in[1].dtype;
  DType out = DType::kInvalid;
  if (is_float_dtype(a)) {
    if (b != a) {
      return invalid(call, fmt::format("A is {} and B is {}; float matmul needs equal dtypes",
                                       dtype_name(a), dtype_name(b)));
    }
    out = a;
    if (!call.outputs().empty() && call.outputs()[0].dtype != a) {
      return invalid(call,
                     fmt::format("output must be {} for {} inputs", dtype_name(a), dtype_name(a)));
    }
  } else if (is_fp8(a)) {
    if (!is_fp8(b)) return invalid(call, "fp8 A needs an fp8 B (e4m3 or e5m2)");
    out = call.outputs().empty() ? DType::kF32 : call.outputs()[0].dtype;
    if (out != DType::kF32 && out != DType::kF16 && out != DType::kBF16) {
      return invalid(
          call, fmt::format("fp8 matmul output must be f32, f16 or bf16, got {}", dtype_name(out)));
    }
  } else if (a == DType::kI8) {
    if (b != DType::kI8) return invalid(call, "i8 A needs an i8 B");
    out = DType::kI32;
    if (!call.outputs().empty() && call.outputs()[0].dtype != DType::kI32) {
      return invalid(call, "i8 x i8 matmul output must be i32");
    }
    const Attrs attrs(call, *find_op_schema("matmul"));
    if (attrs.get_float("alpha") != 1.0 || (g->has_bias && attrs.get_float("beta") != 1.0)) {
      return invalid(call, "i8 x i8 -> i32 matmul takes alpha = 1 and beta = 1 only");
    }
  } else {
    return invalid(call, fmt::format("A dtype {} is not supported (f64, f32, f16, bf16, "
                                     "f8e4m3, f8e5m2, i8)",
                                     dtype_name(a)));
  }
  for (std::string_view flag : {"transpose_a", "transpose_b"}) {
    const int64_t v = Attrs(call, *find_op_schema("matmul")).get_int(flag);
    if (v != 0 && v != 1) return invalid(call, fmt::format("{} must be 0 or 1", flag));
  }
  if (Status s = check_math_mode(call, a); !s.ok()) return s;
  if (is_fp8(a) || a == DType::kI8) {
    if (math_mode_name(call) != "strict")
      return invalid(call, "fp8 and i8 matmul take strict only");
  }
  std::vector<int64_t> shape = g->batch;
  shape.push_back(g->m);
  shape.push_back(g->n);
  if (g->has_bias) {
    const TensorSpec& bias = in[2];
    if (bias.dtype != out) {
      return invalid(call, fmt::format("bias must have the output dtype {}, got {}",
                                       dtype_name(out), dtype_name(bias.dtype)));
    }
    auto joined = broadcast_shapes(bias.shape, shape);
    if (!joined || *joined != shape) {
      return invalid(call, fmt::format("bias shape {} does not broadcast to the output {}",
                                       shape_text(bias.shape), shape_text(shape)));
    }
  }
  return std::vector{out_spec(out, shape)};
}

Outputs infer_conv_pool(const OpCall& call, const OpSchema& schema) {
  const auto& in = call.inputs();
  if (Status s = check_same_dtype(call); !s.ok()) return s;
  if (!is_float_dtype(in[0].dtype)) {
    return invalid(call, fmt::format("dtype {} is not supported (allowed: f64, f32, f16, bf16)",
                                     dtype_name(in[0].dtype)));
  }
  const bool conv = schema.family == OpFamily::kConvolution;
  auto g = conv ? conv_geometry(call) : pool_geometry(call);
  if (!g) return g.status();
  if (conv) {
    if (Status s = check_math_mode(call, in[0].dtype); !s.ok()) return s;
  } else if (call.op_name() == "avg_pool2d") {
    const int64_t include = Attrs(call, schema).get_int("count_include_pad");
    if (include != 0 && include != 1) return invalid(call, "count_include_pad must be 0 or 1");
  }
  std::vector<int64_t> shape = g->nhwc ? std::vector<int64_t>{g->n, g->h_out, g->w_out, g->c_out}
                                       : std::vector<int64_t>{g->n, g->c_out, g->h_out, g->w_out};
  return std::vector{out_spec(in[0].dtype, shape)};
}

Outputs infer_attention(const OpCall& call) {
  const auto& in = call.inputs();
  if (Status s = check_same_dtype(call); !s.ok()) return s;
  if (!is_float_dtype(in[0].dtype)) {
    return invalid(call, fmt::format("dtype {} is not supported (allowed: f64, f32, f16, bf16)",
                                     dtype_name(in[0].dtype)));
  }
  auto g = attention_geometry(call);
  if (!g) return g.status();
  if (Status s = check_math_mode(call, in[0].dtype); !s.ok()) return s;
  return std::vector{out_spec(in[0].dtype, {g->batch, g->heads, g->sq, g->dv})};
}

Status check_attributes(const OpCall& call, const OpSchema& schema) {
  const auto& attrs = call.attributes();
  for (std::size_t i = 0; i < attrs.size(); ++i) {
    const Attribute& attr = attrs[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (attrs[j].name == attr.name) {
        return invalid(call, fmt::format("attribute '{}' is given twice", attr.name));
      }
    }
    const AttrSchema* expected = schema.find_attribute(attr.name);
    if (expected == nullptr) {
      std::vector<std::string> names;
      for (const AttrSchema& a : schema.attributes) names.push_back(a.name);
      return invalid(
          call, fmt::format("unknown attribute '{}' (known: {})", attr.name,
                            names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
    }
    const std::size_t want = static_cast<std::size_t>(expected->type);
    if (attr.value.index() != want) {
      static constexpr const char* kTypes[] = {"int", "float", "string", "ints", "floats"};
      return invalid(call, fmt::format("attribute '{}' must be {}, got {}", attr.name,
                                       to_string(expected->type), kTypes[attr.value.index()]));
    }
  }
  for (const AttrSchema& a : schema.attributes) {
    if (a.required && call.find_attribute(a.name) == nullptr) {
      return invalid(
          call, fmt::format("required attribute '{}' ({}) is missing", a.name, to_string(a.type)));
    }
  }
  return Status::Ok();
}

// Sufficient condition for an output view that never writes one element twice: ordering the
// non-trivial dims by stride, each stride is at least the span of the dims inside it.
bool non_overlapping(const TensorSpec& spec) {
  const std::vector<int64_t> strides = spec.effective_strides();
  std::vector<std::pair<int64_t, int64_t>> dims;  // (stride, extent)
  for (std::size_t d = 0; d < spec.rank(); ++d) {
    if (spec.shape[d] == 0) return true;
    if (spec.shape[d] > 1) dims.emplace_back(strides[d], spec.shape[d]);
  }
  std::sort(dims.begin(), dims.end());
  int64_t span = 1;
  for (const auto& [stride, extent] : dims) {
    if (stride < span) return false;
    span = stride * (extent - 1) + span;
  }
  return true;
}

Status check_tensor(const OpCall& call, const TensorSpec& spec, const std::string& what) {
  if (Status s = spec.validate(); !s.ok()) {
    return invalid(call, fmt::format("{}: {}", what, s.message()));
  }
  if (!spec.strides.empty() && spec.strides.size() != spec.shape.size()) {
    return invalid(
        call, fmt::format("{}: {} strides for rank {}", what, spec.strides.size(), spec.rank()));
  }
  const std::size_t size = dtype_size(spec.dtype);
  if (size != 0 && spec.byte_offset % size != 0) {
    return invalid(call, fmt::format("{}: byte_offset {} is not a multiple of the element size {}",
                                     what, spec.byte_offset, size));
  }
  return Status::Ok();
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

std::string math_mode_name(const OpCall& call) {
  const Attribute* attr = call.find_attribute("math_mode");
  if (attr != nullptr && std::holds_alternative<std::string>(attr->value)) {
    return std::get<std::string>(attr->value);
  }
  return "strict";
}

std::optional<DType> default_output_dtype(std::string_view op, std::span<const DType> inputs) {
  if (inputs.empty() || op == "cast") return std::nullopt;
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
  const auto n = static_cast<uint32_t>(call.inputs().size());
  if (n < schema->min_inputs || n > schema->max_inputs) {
    if (schema->min_inputs == schema->max_inputs) {
      return invalid(call, fmt::format("takes {} inputs, got {}", schema->min_inputs, n));
    }
    return invalid(
        call, fmt::format("takes {} to {} inputs, got {}", schema->min_inputs,
                          schema->max_inputs == UINT32_MAX ? std::string("any number of")
                                                           : std::to_string(schema->max_inputs),
                          n));
  }
  if (Status s = check_attributes(call, *schema); !s.ok()) return s;
  switch (schema->family) {
    case OpFamily::kDataMovement:
      return infer_data_movement(call);
    case OpFamily::kUnary:
    case OpFamily::kBinary:
      return infer_elementwise(call, *schema);
    case OpFamily::kReduction:
      return infer_reduction(call, *schema);
    case OpFamily::kNormalization:
      return infer_normalization(call);
    case OpFamily::kMatmul:
      return infer_matmul(call);
    case OpFamily::kConvolution:
    case OpFamily::kPooling:
      return infer_conv_pool(call, *schema);
    case OpFamily::kAttention:
      return infer_attention(call);
  }
  return invalid(call, "unknown family");
}

Status validate_op_call(const OpCall& call) {
  if (call.opset() != kOpset) {
    return invalid(call, fmt::format("opset {} is not supported (this catalogue is opset {})",
                                     call.opset(), kOpset));
  }
  for (std::size_t i = 0; i < call.inputs().size(); ++i) {
    if (Status s = check_tensor(call, call.inputs()[i], fmt::format("input {}", i)); !s.ok()) {
      return s;
    }
  }
  if (call.outputs().size() != 1) {
    return invalid(call, fmt::format("takes 1 output, got {}", call.outputs().size()));
  }
  const TensorSpec& out = call.outputs()[0];
  if (Status s = check_tensor(call, out, "output"); !s.ok()) return s;
  auto inferred = infer_outputs(call);
  if (!inferred) return inferred.status();
  const TensorSpec& want = (*inferred)[0];
  if (out.dtype != want.dtype) {
    return invalid(call, fmt::format("output dtype is {}, expected {}", dtype_name(out.dtype),
                                     dtype_name(want.dtype)));
  }
  if (out.shape != want.shape) {
    return invalid(call, fmt::format("output shape is {}, expected {}", shape_text(out.shape),
                                     shape_text(want.shape)));
  }
  if (!non_overlapping(out)) {
    return invalid(call, "output strides overlap (an output element would be written twice)");
  }
  return Status::Ok();
}

}  // namespace hwcert::conformance

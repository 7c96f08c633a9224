// ONNX ops that compute no tensor data at run time here: constants, shapes, casts of
// constants, and the identities of inference (Identity, Dropout).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "hwcert/model/tensor_values.hpp"
#include "lower_ops.hpp"

namespace hwcert::model::onnx {
namespace {

void set_ints(Lowering& l, const std::string& name, const std::vector<int64_t>& values,
              std::vector<int64_t> shape) {
  std::vector<std::byte> bytes(values.size() * sizeof(int64_t));
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  l.set_constant(name, TensorSpec::dense(DType::kI64, std::move(shape)), std::move(bytes));
}

void lower_constant(Lowering& l, const OnnxNode& n) {
  const std::string& out = n.outputs.at(0);
  for (const OnnxAttribute& a : n.attributes) {
    if (a.name == "value" && a.tensor) {
      if (a.tensor->dtype == DType::kInvalid) {
        throw Refused(fmt::format("a {} constant (hwcert has no such dtype)", a.tensor->onnx_type));
      }
      return l.set_constant(out, TensorSpec::dense(a.tensor->dtype, a.tensor->shape),
                            a.tensor->data);
    }
    if (a.name == "value_float" || a.name == "value_floats") {
      const bool list = a.name == "value_floats";
      const std::vector<double> values = list ? a.floats : std::vector<double>{a.f};
      std::vector<int64_t> shape;
      if (list) shape.push_back(static_cast<int64_t>(values.size()));
      return l.set_constant(out, TensorSpec::dense(DType::kF32, shape),
                            encode_image(DType::kF32, values));
    }
    if (a.name == "value_int") return set_ints(l, out, {a.i}, {});
    if (a.name == "value_ints") {
      return set_ints(l, out, a.ints, {static_cast<int64_t>(a.ints.size())});
    }
  }
  throw Refused("a Constant without a tensor, float or int value");
}

void lower_shape(Lowering& l, const OnnxNode& n) {
  const std::vector<int64_t>& shape = l.input(n, 0).spec.shape;
  const auto rank = static_cast<int64_t>(shape.size());
  int64_t start = onnx_int(n, "start", 0), end = onnx_int(n, "end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  std::vector<int64_t> part(shape.begin() + start, shape.begin() + std::max(start, end));
  set_ints(l, n.outputs.at(0), part, {static_cast<int64_t>(part.size())});
}

void lower_size(Lowering& l, const OnnxNode& n) {
  set_ints(l, n.outputs.at(0), {l.input(n, 0).spec.element_count().value_or(0)}, {});
}

void lower_constant_of_shape(Lowering& l, const OnnxNode& n) {
  const std::vector<int64_t> shape = l.constant_ints(n, 0);
  const OnnxAttribute* a = n.find("value");
  DType dtype = DType::kF32;
  double value = 0;
  if (a != nullptr && a->tensor) {
    dtype = a->tensor->dtype;
    if (dtype == DType::kInvalid) throw Refused(fmt::format("a {} value", a->tensor->onnx_type));
    value = decode_image(dtype, a->tensor->data).at(0);
  }
  int64_t count = 1;
  for (int64_t e : shape) {
    if (e < 0 || (e != 0 && count > kMaxFoldedElements / e)) {
      throw Refused(fmt::format("shape [{}] is negative or over {} elements",
                                fmt::join(shape, ", "), kMaxFoldedElements));
    }
    count *= e;
  }
  l.set_constant(n.outputs.at(0), TensorSpec::dense(dtype, shape),
                 encode_image(dtype, std::vector<double>(static_cast<std::size_t>(count), value)));
}

std::optional<DType> onnx_dtype(int64_t type) {
  switch (type) {
    case 1:
      return DType::kF32;
    case 2:
      return DType::kU8;
    case 3:
      return DType::kI8;
    case 6:
      return DType::kI32;
    case 7:
      return DType::kI64;
    case 9:
      return DType::kBool;
    case 10:
      return DType::kF16;
    case 11:
      return DType::kF64;
    case 16:
      return DType::kBF16;
    default:
      return std::nullopt;
  }
}

// Cast: of a constant, evaluated now; to the same dtype, an identity; else refused (the
// graph format has no way to name cast's target dtype).
// CastLike takes the target dtype from its second input.
void lower_cast(Lowering& l, const OnnxNode& n) {
  const auto to = n.op_type == "CastLike" ? std::optional(l.input(n, 1).spec.dtype)
                                          : onnx_dtype(onnx_int(n, "to", 0));
  if (!to) throw Refused(fmt::format("cast to ONNX type {}", onnx_int(n, "to", 0)));
  const KnownTensor& x = l.input(n, 0);
  if (x.spec.dtype == *to) return l.alias(n.outputs.at(0), n.inputs[0]);
  if (!x.value) throw Refused("a cast computed at run time (the graph format has no cast target)");
  std::vector<double> values = l.constant_doubles(n, 0);
  if (*to == DType::kBool) {
    for (double& v : values) v = v != 0 ? 1 : 0;
  }
  l.set_constant(n.outputs.at(0), TensorSpec::dense(*to, x.spec.shape), encode_image(*to, values));
}

void lower_range(Lowering& l, const OnnxNode& n) {
  const double start = l.constant_doubles(n, 0).at(0), limit = l.constant_doubles(n, 1).at(0),
               delta = l.constant_doubles(n, 2).at(0);
  if (delta == 0) throw Refused("delta 0");
  const double extent = std::max(0.0, std::ceil((limit - start) / delta));
  if (!(extent <= static_cast<double>(kMaxFoldedElements))) {
    throw Refused(fmt::format("a range of more than {} elements", kMaxFoldedElements));
  }
  const auto count = static_cast<int64_t>(extent);
  std::vector<double> values;
  for (int64_t i = 0; i < count; ++i) values.push_back(start + static_cast<double>(i) * delta);
  const DType dtype = l.input(n, 0).spec.dtype;
  l.set_constant(n.outputs.at(0), TensorSpec::dense(dtype, {count}), encode_image(dtype, values));
}

// Identity, and Dropout in inference (from opset 12 its third input asks for training, where
// it drops at random: refused unless a constant false).
void lower_identity(Lowering& l, const OnnxNode& n) {
  if (n.op_type == "Dropout") {
    require_outputs(n, 1);
    if (l.has_input(n, 2) && l.constant_ints(n, 2).at(0) != 0) {
      throw Refused("training_mode = true (random dropping)");
    }
  }
  l.alias(n.outputs.at(0), n.inputs.at(0));
}

}  // namespace

void add_constant_lowerings(std::map<std::string, LowerFn>& table) {
  table["Constant"] = lower_constant;
  table["Shape"] = lower_shape;
  table["Size"] = lower_size;
  table["ConstantOfShape"] = lower_constant_of_shape;
  table["Cast"] = lower_cast;
  table["CastLike"] = lower_cast;
  table["Range"] = lower_range;
  table["Identity"] = lower_identity;
  table["Dropout"] = lower_identity;
}

}  // namespace hwcert::model::onnx

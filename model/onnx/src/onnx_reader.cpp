// One of the two files that see ONNX's protobuf classes (Debian's libonnx-dev: onnx-ml.pb.h
// and libonnx_proto, generated from onnx.proto; onnx_writer.cpp writes): ModelProto and
// TensorProto into onnx_graph.hpp.
#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "hwcert/model/onnx/onnx_graph.hpp"
#include "onnx_element_types.hpp"

namespace hwcert::model::onnx {
namespace {

using ::onnx::TensorProto;
using ::onnx::TensorProto_DataType;

Status bad(const std::filesystem::path& file, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, fmt::format("{}: {}", file.string(), what));
}

std::string type_name(int32_t type) {
  if (!::onnx::TensorProto_DataType_IsValid(type)) return fmt::format("type {}", type);
  return ::onnx::TensorProto_DataType_Name(static_cast<TensorProto_DataType>(type));
}

// Appends `value` in `size` little-endian bytes (the host is little-endian, as hwcert assumes).
template <class T>
void append(std::vector<std::byte>& out, T value, std::size_t size) {
  const auto* bytes = reinterpret_cast<const std::byte*>(&value);
  out.insert(out.end(), bytes, bytes + size);
}

// The typed repeated fields of a TensorProto (used when there is no raw_data).
std::vector<std::byte> typed_data(const TensorProto& t, std::size_t size) {
  std::vector<std::byte> out;
  switch (t.data_type()) {
    case TensorProto::FLOAT:
      for (float v : t.float_data()) append(out, v, size);
      break;
    case TensorProto::DOUBLE:
      for (double v : t.double_data()) append(out, v, size);
      break;
    case TensorProto::INT64:
      for (int64_t v : t.int64_data()) append(out, v, size);
      break;
    default:  // int32, int8, uint8, bool, float16 and bfloat16 (as bits) live in int32_data
      for (int32_t v : t.int32_data()) append(out, v, size);
      break;
  }
  return out;
}

Expected<OnnxTensor> convert_tensor(const TensorProto& t, const std::filesystem::path& file) {
  OnnxTensor out;
  out.name = t.name();
  out.dtype = dtype_of_onnx_type(t.data_type());
  out.onnx_type = type_name(t.data_type());
  int64_t count = 1;
  for (int64_t d : t.dims()) {
    if (d < 0) return bad(file, fmt::format("tensor '{}' has a negative extent {}", t.name(), d));
    if (d != 0 && count > std::numeric_limits<int64_t>::max() / 16 / d) {
      return bad(file, fmt::format("tensor '{}' has too many elements", t.name()));
    }
    out.shape.push_back(d);
    count = count * d;
  }
  if (t.data_location() == TensorProto::EXTERNAL) {
    return bad(file, fmt::format("tensor '{}' keeps its data in an external file, which the "
                                 "importer does not read",
                                 t.name()));
  }
  if (out.dtype == DType::kInvalid) return out;  // refused by the lowering, with its name
  const std::size_t size = dtype_size(out.dtype);
  if (t.has_raw_data()) {
    const std::string& raw = t.raw_data();
    out.data.resize(raw.size());
    std::memcpy(out.data.data(), raw.data(), raw.size());
  } else {
    out.data = typed_data(t, size);
  }
  if (out.data.size() != static_cast<std::size_t>(count) * size) {
    return bad(file, fmt::format("tensor '{}' ({}, {} elements) holds {} bytes of data", t.name(),
                                 out.onnx_type, count, out.data.size()));
  }
  return out;
}

Expected<OnnxAttribute> convert_attribute(const ::onnx::AttributeProto& a,
                                          const std::filesystem::path& file) {
  using ::onnx::AttributeProto;
  OnnxAttribute out;
  out.name = a.name();
  switch (a.type()) {
    case AttributeProto::INT:
      out.kind = OnnxAttribute::Kind::kInt;
      out.i = a.i();
      break;
    case AttributeProto::FLOAT:
      out.kind = OnnxAttribute::Kind::kFloat;
      out.f = a.f();
      break;
    case AttributeProto::STRING:
      out.kind = OnnxAttribute::Kind::kString;
      out.s = a.s();
      break;
    case AttributeProto::INTS:
      out.kind = OnnxAttribute::Kind::kInts;
      out.ints.assign(a.ints().begin(), a.ints().end());
      break;
    case AttributeProto::FLOATS:
      out.kind = OnnxAttribute::Kind::kFloats;
      out.floats.assign(a.floats().begin(), a.floats().end());
      break;
    case AttributeProto::TENSOR: {
      auto tensor = convert_tensor(a.t(), file);
      if (!tensor.ok()) return tensor.status();
      out.kind = OnnxAttribute::Kind::kTensor;
      out.tensor = std::move(*tensor);
      break;
    }
    default:
      out.kind = OnnxAttribute::Kind::kOther;
      break;
  }
  return out;
}

OnnxValueInfo convert_value_info(const ::onnx::ValueInfoProto& v) {
  OnnxValueInfo out;
  out.name = v.name();
  if (!v.type().has_tensor_type()) {
    out.onnx_type = "a non-tensor type";
    return out;
  }
  const auto& tensor = v.type().tensor_type();
  out.dtype = dtype_of_onnx_type(tensor.elem_type());
  out.onnx_type = type_name(tensor.elem_type());
  out.has_shape = tensor.has_shape();
  for (const auto& d : tensor.shape().dim()) {
    out.shape.push_back(d.has_dim_value() ? OnnxDim{d.dim_value(), ""}
                                          : OnnxDim{-1, d.dim_param()});
  }
  return out;
}

Expected<OnnxNode> convert_node(const ::onnx::NodeProto& n, const std::filesystem::path& file) {
  OnnxNode out;
  out.name = n.name();
  out.op_type = n.op_type();
  out.domain = n.domain();
  out.inputs.assign(n.input().begin(), n.input().end());
  out.outputs.assign(n.output().begin(), n.output().end());
  for (const auto& a : n.attribute()) {
    auto attribute = convert_attribute(a, file);
    if (!attribute.ok()) return attribute.status();
    out.attributes.push_back(std::move(*attribute));
  }
  return out;
}

Expected<std::string> read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return Status(StatusCode::kInvalidArgument, fmt::format("{}: cannot read", file.string()));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Expected<OnnxGraph> convert_model(const ::onnx::ModelProto& model,
                                  const std::filesystem::path& file) {
  if (!model.has_graph()) return bad(file, "the model has no graph");
  OnnxGraph out;
  const auto& g = model.graph();
  out.name = g.name();
  for (const auto& opset : model.opset_import()) {
    if (opset.domain().empty() || opset.domain() == "ai.onnx") out.opset = opset.version();
  }
  for (const auto& t : g.initializer()) {
    auto tensor = convert_tensor(t, file);
    if (!tensor.ok()) return tensor.status();
    out.initializers.push_back(std::move(*tensor));
  }
  for (const auto& v : g.input()) {
    const bool is_initializer =
        std::any_of(out.initializers.begin(), out.initializers.end(),
                    [&](const OnnxTensor& t) { return t.name == v.name(); });
    if (!is_initializer) out.inputs.push_back(convert_value_info(v));
  }
  for (const auto& v : g.output()) out.outputs.push_back(convert_value_info(v));
  for (const auto& n : g.node()) {
    auto node = convert_node(n, file);
    if (!node.ok()) return node.status();
    out.nodes.push_back(std::move(*node));
  }
  return out;
}

}  // namespace

Expected<OnnxGraph> read_onnx_model(const std::filesystem::path& file) {
  auto bytes = read_bytes(file);
  if (!bytes.ok()) return bytes.status();
  ::onnx::ModelProto model;
  if (!model.ParseFromString(*bytes)) return bad(file, "not an ONNX model (protobuf parse failed)");
  return convert_model(model, file);
}

Expected<OnnxTensor> read_onnx_tensor(const std::filesystem::path& file) {
  auto bytes = read_bytes(file);
  if (!bytes.ok()) return bytes.status();
  TensorProto tensor;
  if (!tensor.ParseFromString(*bytes)) {
    return bad(file, "not an ONNX tensor (protobuf parse failed)");
  }
  return convert_tensor(tensor, file);
}

bool onnx_support_built() {
  return true;
}

}  // namespace hwcert::model::onnx

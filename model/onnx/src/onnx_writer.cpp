// OnnxGraph (onnx_graph.hpp) into a serialized ModelProto: the writing half of the protobuf
// boundary (onnx_reader.cpp reads). Initializers are raw little-endian data, inline or, for
// a large model, in one external data file beside the model.
#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include <fstream>
#include <optional>

#include "hwcert/model/onnx/onnx_export.hpp"
#include "onnx_element_types.hpp"

namespace hwcert::model::onnx {
namespace {

using ::onnx::TensorProto;

void set_value_info(const OnnxValueInfo& v, ::onnx::ValueInfoProto* out) {
  out->set_name(v.name);
  auto* tensor = out->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx_type_of_dtype(v.dtype));
  if (!v.has_shape) return;
  auto* shape = tensor->mutable_shape();
  for (const OnnxDim& d : v.shape) {
    auto* dim = shape->add_dim();
    if (d.extent >= 0) {
      dim->set_dim_value(d.extent);
    } else {
      dim->set_dim_param(d.param);
    }
  }
}

void set_tensor_header(const OnnxTensor& t, TensorProto* out) {
  out->set_name(t.name);
  out->set_data_type(onnx_type_of_dtype(t.dtype));
  for (int64_t d : t.shape) out->add_dims(d);
}

void set_attribute(const OnnxAttribute& a, ::onnx::AttributeProto* out) {
  using ::onnx::AttributeProto;
  out->set_name(a.name);
  switch (a.kind) {
    case OnnxAttribute::Kind::kInt:
      out->set_type(AttributeProto::INT);
      out->set_i(a.i);
      break;
    case OnnxAttribute::Kind::kFloat:
      out->set_type(AttributeProto::FLOAT);
      out->set_f(static_cast<float>(a.f));
      break;
    case OnnxAttribute::Kind::kString:
      out->set_type(AttributeProto::STRING);
      out->set_s(a.s);
      break;
    case OnnxAttribute::Kind::kInts:
      out->set_type(AttributeProto::INTS);
      for (int64_t v : a.ints) out->add_ints(v);
      break;
    case OnnxAttribute::Kind::kFloats:
      out->set_type(AttributeProto::FLOATS);
      for (double v : a.floats) out->add_floats(static_cast<float>(v));
      break;
    case OnnxAttribute::Kind::kTensor:
    case OnnxAttribute::Kind::kOther:
      break;  // the exporter writes neither
  }
}

void set_node(const OnnxNode& n, ::onnx::NodeProto* out) {
  out->set_name(n.name);
  out->set_op_type(n.op_type);
  if (!n.domain.empty()) out->set_domain(n.domain);
  for (const std::string& i : n.inputs) out->add_input(i);
  for (const std::string& o : n.outputs) out->add_output(o);
  for (const OnnxAttribute& a : n.attributes) set_attribute(a, out->add_attribute());
}

// Tensors smaller than this stay inline even in a model with external data: shape arguments
// (Slice's starts, Reshape's shape) must be inline for ONNX shape inference to read them.
constexpr std::size_t kExternalMinBytes = 4096;

// The initializers, their data inline or appended to `external` (named `location`).
Status set_initializers(const OnnxGraph& graph, ::onnx::GraphProto* out, std::ofstream* external,
                        const std::string& location) {
  uint64_t offset = 0;
  for (const OnnxTensor& t : graph.initializers) {
    TensorProto* proto = out->add_initializer();
    set_tensor_header(t, proto);
    if (external == nullptr || t.data.size() < kExternalMinBytes) {
      proto->set_raw_data(t.data.data(), t.data.size());
      continue;
    }
    external->write(reinterpret_cast<const char*>(t.data.data()),
                    static_cast<std::streamsize>(t.data.size()));
    proto->set_data_location(TensorProto::EXTERNAL);
    const std::pair<const char*, std::string> entries[] = {
        {"location", location},
        {"offset", std::to_string(offset)},
        {"length", std::to_string(t.data.size())}};
    for (const auto& [key, value] : entries) {
      auto* entry = proto->add_external_data();
      entry->set_key(key);
      entry->set_value(value);
    }
    offset += t.data.size();
  }
  if (external != nullptr && !*external) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{}: cannot write the external data", location));
  }
  return Status();
}

uint64_t initializer_bytes(const OnnxGraph& graph) {
  uint64_t bytes = 0;
  for (const OnnxTensor& t : graph.initializers) bytes += t.data.size();
  return bytes;
}

}  // namespace

Status write_onnx_model(const OnnxGraph& graph, const std::filesystem::path& file,
                        uint64_t external_above) {
  ::onnx::ModelProto model;
  model.set_ir_version(8);
  model.set_producer_name("hwcert");
  auto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(graph.opset);
  ::onnx::GraphProto* g = model.mutable_graph();
  g->set_name(graph.name);
  for (const OnnxValueInfo& v : graph.inputs) set_value_info(v, g->add_input());
  for (const OnnxValueInfo& v : graph.outputs) set_value_info(v, g->add_output());
  for (const OnnxNode& n : graph.nodes) set_node(n, g->add_node());
  std::optional<std::ofstream> external;
  const std::string location = file.filename().string() + ".data";
  if (initializer_bytes(graph) > external_above) {
    external.emplace(file.parent_path() / location, std::ios::binary | std::ios::trunc);
  }
  Status status = set_initializers(graph, g, external ? &*external : nullptr, location);
  if (!status.ok()) return status;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out || !model.SerializeToOstream(&out) || !out.flush()) {
    return Status(StatusCode::kInvalidArgument, fmt::format("{}: cannot write", file.string()));
  }
  return Status();
}

}  // namespace hwcert::model::onnx

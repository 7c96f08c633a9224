// An ONNX model as plain data, free of protobuf: what the importer reads from a ModelProto
// (onnx_reader.cpp is the only file that sees the protobuf classes) and what its tests build
// by hand. Tensors are dense little-endian images in a hwcert dtype.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/loader/dtype.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::model::onnx {

struct OnnxTensor {
  std::string name;
  DType dtype = DType::kInvalid;  // kInvalid: an ONNX type hwcert has no dtype for
  std::string onnx_type;          // the ONNX element type's name, for messages
  std::vector<int64_t> shape;
  std::vector<std::byte> data;  // dense, row-major, little-endian
};

struct OnnxAttribute {
  enum class Kind { kInt, kFloat, kString, kInts, kFloats, kTensor, kOther };
  std::string name;
  Kind kind = Kind::kOther;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::optional<OnnxTensor> tensor;
};

struct OnnxNode {
  std::string name;
  std::string op_type;
  std::string domain;                // "" or "ai.onnx" for the standard operators
  std::vector<std::string> inputs;   // "" marks an omitted optional input
  std::vector<std::string> outputs;  // "" marks an omitted optional output
  std::vector<OnnxAttribute> attributes;
  const OnnxAttribute* find(std::string_view attribute) const;
};

// One extent of a graph input's or output's shape: a number or a symbolic name.
struct OnnxDim {
  int64_t extent = -1;  // -1 when symbolic or unknown
  std::string param;
};

struct OnnxValueInfo {
  std::string name;
  DType dtype = DType::kInvalid;
  std::string onnx_type;
  std::vector<OnnxDim> shape;
  bool has_shape = false;
};

struct OnnxGraph {
  std::string name;
  int64_t opset = 0;  // of the default domain
  std::vector<OnnxNode> nodes;
  std::vector<OnnxTensor> initializers;
  std::vector<OnnxValueInfo> inputs;  // initializers listed as inputs are left out
  std::vector<OnnxValueInfo> outputs;
};

// Reads a serialized ModelProto. INVALID_ARGUMENT naming the file for anything that is not
// one (truncated, not protobuf, no graph, external data, a tensor whose data does not match
// its shape); UNIMPLEMENTED when hwcert was built without the ONNX packages.
Expected<OnnxGraph> read_onnx_model(const std::filesystem::path& file);
// Reads a serialized TensorProto (the input_N.pb / output_N.pb of ONNX test data).
Expected<OnnxTensor> read_onnx_tensor(const std::filesystem::path& file);
// Whether this build reads ONNX files (the HWCERT_WITH_ONNX CMake option).
bool onnx_support_built();

}  // namespace hwcert::model::onnx

// hwcert's graph format as data (docs/models.md): named tensors with dtype and shape (a
// dimension may be the symbolic batch, bound at run time), graph inputs and initializers
// with the distribution their values are drawn from (or the .npy or .safetensors file they
// are read from),
// nodes {op, inputs, outputs, attributes} of the catalogue's ops, and graph outputs. Every
// element remembers where it stands in its file, so later checks report file:line:column.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/loader/dtype.hpp"
#include "hwcert/loader/op_call.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::model {

// One extent of a declared shape: a number, or the batch bound at run time.
struct Dim {
  int64_t extent = 0;
  bool batch = false;
};

// Where the values of a graph input or an initializer come from.
struct Distribution {
  enum class Kind { kNormal, kUniform, kConstant, kNpy, kSafetensors };
  Kind kind = Kind::kNormal;
  double mean = 0, stddev = 1;  // normal (stddev already resolved from fan-in rules)
  double low = -1, high = 1;    // uniform
  double value = 0;             // constant
  std::filesystem::path file;   // npy, safetensors (absolute, or relative to the graph file)
  std::string tensor;           // safetensors: the tensor's name in the file
};

struct TensorDecl {
  std::string name;
  std::optional<DType> dtype;  // nullopt: the graph's compute dtype (--dtype)
  std::vector<Dim> shape;
  Distribution values;
  support::SourcePosition where;
};

struct NamedRef {
  std::string name;
  support::SourcePosition where;
};

struct Node {
  std::string name;
  std::string op;
  std::vector<NamedRef> inputs;
  std::vector<NamedRef> outputs;
  std::vector<Attribute> attributes;
  support::SourcePosition where;
};

struct Graph {
  std::string name;
  std::string description;
  bool classifier = false;  // outputs are logits over their last axis (top-k, KL reported)
  int64_t default_batch = 1;
  std::vector<TensorDecl> inputs;
  std::vector<TensorDecl> initializers;
  std::vector<NamedRef> outputs;
  std::vector<Node> nodes;  // in an order where every node follows its producers
  std::filesystem::path file;
};

}  // namespace hwcert::model

// The state of one ONNX import: the tensors known so far (shape, dtype and, for constants,
// their value), the catalogue nodes emitted, and the helpers every op's lowering uses.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "hwcert/loader/op_call.hpp"
#include "hwcert/model/onnx/onnx_import.hpp"

namespace hwcert::model::onnx {

// The most elements a tensor evaluated at import time may have: a node with all-constant
// inputs and a larger output is emitted instead (it runs on the device), and ConstantOfShape
// or Range beyond it is refused.
inline constexpr int64_t kMaxFoldedElements = int64_t{1} << 24;

// Thrown by an op's lowering: the node cannot be lowered, for `what()`.
class Refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A tensor the importer knows: its dense spec and, when known at import time, its value.
struct KnownTensor {
  TensorSpec spec;
  std::optional<std::vector<std::byte>> value;
};

class Lowering {
 public:
  explicit Lowering(const OnnxGraph& onnx) : onnx_(onnx) {}

  // --- what an op's lowering reads
  // The tensor `name` (after aliases); nullptr when unknown (written by a refused node).
  const KnownTensor* find(const std::string& name) const;
  const KnownTensor& input(const OnnxNode& node, std::size_t index) const;
  bool has_input(const OnnxNode& node, std::size_t index) const;
  // Input `index` as integers / doubles; Refused when it is not a constant.
  std::vector<int64_t> constant_ints(const OnnxNode& node, std::size_t index) const;
  std::vector<double> constant_doubles(const OnnxNode& node, std::size_t index) const;
  int64_t opset() const { return onnx_.opset; }
  // How many nodes (and graph outputs) read ONNX tensor `name`.
  int readers(const std::string& name) const;

  // --- what an op's lowering writes
  // Emits catalogue node `op` reading `inputs` (tensor names) and writing `outputs`; folds it
  // (evaluates it now with the oracle) when every input is a constant. Refused with the
  // catalogue's message when the call is not valid.
  void emit(const std::string& op, const std::vector<std::string>& inputs,
            std::vector<Attribute> attributes, const std::vector<std::string>& outputs);
  // A new tensor name derived from `base`, unused so far.
  std::string fresh(const std::string& base);
  // Records constant `name`.
  void set_constant(const std::string& name, TensorSpec spec, std::vector<std::byte> value);
  // A new constant holding doubles `values` in `dtype` with `shape`; returns its name.
  std::string make_constant(const std::string& base, DType dtype, std::vector<int64_t> shape,
                            const std::vector<double>& values);
  // `name` is another name of tensor `target` (Identity, Dropout in inference).
  void alias(const std::string& name, const std::string& target);
  // The emitted node writing tensor `name`, nullptr when none (an input or a constant).
  Node* producer(const std::string& name);
  // Renames the output of an emitted node (BatchNormalization folding).
  void rename_output(const std::string& from, const std::string& to);
  const std::string& node_label() const { return node_label_; }
  ImportStats& stats() { return result_.stats; }

  ImportResult run(const std::string& graph_name, const std::filesystem::path& weights_file);

 private:
  void declare_inputs();
  void lower_node(const OnnxNode& node, std::size_t index);
  void refuse(const OnnxNode& node, std::size_t index, const std::string& reason);
  void fold(const OpCall& call, const std::vector<std::string>& inputs,
            const std::vector<std::string>& outputs);
  void finish_outputs();
  void collect_weights(const std::filesystem::path& weights_file);
  std::string resolve(const std::string& name) const;
  std::string fresh_node_name();

  const OnnxGraph& onnx_;
  std::map<std::string, KnownTensor> tensors_;
  std::map<std::string, std::string> aliases_;
  std::map<std::string, std::size_t> producers_;  // tensor -> index in result_.graph.nodes
  std::map<std::string, int> readers_;
  std::set<std::string> names_;
  std::set<std::string> node_names_;
  std::map<std::string, std::string> untyped_;  // initializers of ONNX types hwcert lacks
  bool emitting_outputs_ = false;               // graph outputs are copied by nodes, never folded
  std::string node_label_;  // the ONNX node being lowered (names the emitted nodes)
  ImportResult result_;
};

// The lowering of one ONNX op type (throws Refused).
using LowerFn = void (*)(Lowering&, const OnnxNode&);
// nullptr when hwcert has no lowering for `op_type` (standard domain).
LowerFn find_lowering(const std::string& op_type);

// Catalogue attribute helpers.
Attribute int_attr(std::string name, int64_t v);
Attribute float_attr(std::string name, double v);
Attribute ints_attr(std::string name, std::vector<int64_t> v);
// ONNX attribute accessors with defaults.
int64_t onnx_int(const OnnxNode& node, std::string_view name, int64_t fallback);
double onnx_float(const OnnxNode& node, std::string_view name, double fallback);
std::string onnx_string(const OnnxNode& node, std::string_view name, std::string fallback);
std::optional<std::vector<int64_t>> onnx_ints(const OnnxNode& node, std::string_view name);
// Refused unless the node has at most `count` meaningful outputs.
void require_outputs(const OnnxNode& node, std::size_t count);

}  // namespace hwcert::model::onnx

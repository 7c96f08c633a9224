// What the export of one hwcert node into ONNX nodes sees (onnx_export.hpp): the bound node,
// and an emitter that appends ONNX nodes and constants to the model being written.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/onnx/onnx_graph.hpp"

namespace hwcert::model::onnx {

// Thrown by an op's export: the node has no ONNX form, for `what()`.
class NotExportable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OnnxEmitter {
 public:
  OnnxEmitter(OnnxGraph& out, const BoundGraph& graph, const BoundNode& node)
      : out_(out), graph_(graph), node_(node) {}

  const OpCall& call() const { return node_.call; }
  DType dtype() const { return node_.call.inputs().at(0).dtype; }
  const std::string& in(std::size_t i) const;
  const std::string& out(std::size_t i) const;
  // A new tensor name: the node's name, `what` and a counter.
  std::string fresh(const std::string& what);
  // A constant initializer of `values` (i64, or `dtype` for doubles); returns its name.
  std::string ints(const std::string& what, const std::vector<int64_t>& values);
  std::string floats(const std::string& what, DType dtype, const std::vector<double>& values,
                     std::vector<int64_t> shape = {});
  // Appends ONNX node `op_type`; its name is the hwcert node's (and a suffix past the first).
  void node(const std::string& op_type, std::vector<std::string> inputs,
            std::vector<std::string> outputs, std::vector<OnnxAttribute> attributes = {});

 private:
  OnnxGraph& out_;
  const BoundGraph& graph_;
  const BoundNode& node_;
  int parts_ = 0;
};

// The call's attribute `name`, or `fallback` when absent.
int64_t call_int(const OpCall& call, std::string_view name, int64_t fallback);
double call_float(const OpCall& call, std::string_view name, double fallback);
std::string call_string(const OpCall& call, std::string_view name, std::string fallback);
std::vector<int64_t> call_ints(const OpCall& call, std::string_view name,
                               std::vector<int64_t> fallback);

OnnxAttribute onnx_int_attr(std::string name, int64_t v);
OnnxAttribute onnx_float_attr(std::string name, double v);
OnnxAttribute onnx_ints_attr(std::string name, std::vector<int64_t> v);
OnnxAttribute onnx_string_attr(std::string name, std::string v);

using ExportFn = void (*)(OnnxEmitter&);
// The export of catalogue op `op`; nullptr when it has none.
ExportFn find_export(const std::string& op);
void add_elementwise_exports(std::map<std::string, ExportFn>& table);
void add_nn_exports(std::map<std::string, ExportFn>& table);

}  // namespace hwcert::model::onnx

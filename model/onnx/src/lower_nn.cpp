// Gemm and MatMul, softmax, LayerNormalization and the reductions.
#include <fmt/format.h>

#include "lower_ops.hpp"

namespace hwcert::model::onnx {
namespace {

// Gemm: Y = alpha·op(A)·op(B) + beta·C is the catalogue's matmul with its bias.
void lower_gemm(Lowering& l, const OnnxNode& n) {
  std::vector<std::string> inputs{n.inputs.at(0), n.inputs.at(1)};
  if (l.has_input(n, 2)) inputs.push_back(n.inputs[2]);
  l.emit("matmul", inputs,
         {int_attr("transpose_a", onnx_int(n, "transA", 0)),
          int_attr("transpose_b", onnx_int(n, "transB", 0)),
          float_attr("alpha", onnx_float(n, "alpha", 1.0)),
          float_attr("beta", onnx_float(n, "beta", 1.0))},
         {n.outputs.at(0)});
}

// MatMul (numpy semantics): a 1-D operand gets a unit axis for the product, removed after.
void lower_matmul(Lowering& l, const OnnxNode& n) {
  const std::size_t rank_a = l.input(n, 0).spec.rank(), rank_b = l.input(n, 1).spec.rank();
  const std::string& out = n.outputs.at(0);
  if (rank_a >= 2 && rank_b >= 2) return l.emit("matmul", {n.inputs[0], n.inputs[1]}, {}, {out});
  std::string a = n.inputs[0], b = n.inputs[1];
  if (rank_a == 1) {
    a = l.fresh(out + ".a2d");
    l.emit("unsqueeze", {n.inputs[0]}, {ints_attr("axes", {0})}, {a});
  }
  if (rank_b == 1) {
    b = l.fresh(out + ".b2d");
    l.emit("unsqueeze", {n.inputs[1]}, {ints_attr("axes", {1})}, {b});
  }
  const std::string product = l.fresh(out + ".product");
  l.emit("matmul", {a, b}, {}, {product});
  const int64_t rank = static_cast<int64_t>(l.find(product)->spec.rank());
  std::vector<int64_t> axes;
  if (rank_a == 1) axes.push_back(rank - 2);
  if (rank_b == 1) axes.push_back(rank - 1);
  l.emit("squeeze", {product}, {ints_attr("axes", axes)}, {out});
}

// Softmax and LogSoftmax. Before opset 13 the input is seen as 2-D at `axis` (default 1) and
// normalised over everything from `axis` on: a reshape around a softmax over the last axis.
void lower_softmax(Lowering& l, const OnnxNode& n) {
  const std::string op = n.op_type == "Softmax" ? "softmax" : "log_softmax";
  const TensorSpec& x = l.input(n, 0).spec;
  const auto rank = static_cast<int64_t>(x.rank());
  int64_t axis = onnx_int(n, "axis", l.opset() < 13 ? 1 : -1);
  if (axis < 0) axis += rank;
  const std::string& out = n.outputs.at(0);
  if (l.opset() >= 13 || axis == rank - 1) {
    return l.emit(op, {n.inputs[0]}, {int_attr("axis", axis)}, {out});
  }
  int64_t rows = 1, columns = 1;
  for (int64_t d = 0; d < rank; ++d) (d < axis ? rows : columns) *= x.shape[static_cast<std::size_t>(d)];
  const std::string flat = l.fresh(out + ".2d"), normalised = l.fresh(out + ".normalised");
  l.emit("reshape", {n.inputs[0]}, {ints_attr("shape", {rows, columns})}, {flat});
  l.emit(op, {flat}, {int_attr("axis", -1)}, {normalised});
  l.emit("reshape", {normalised}, {ints_attr("shape", x.shape)}, {out});
}

void lower_layer_norm(Lowering& l, const OnnxNode& n) {
  require_outputs(n, 1);
  const KnownTensor& scale = l.input(n, 1);
  std::string bias = l.has_input(n, 2) ? n.inputs[2] : "";
  if (bias.empty()) {
    const auto count = scale.spec.element_count().value_or(0);
    bias = l.make_constant(n.outputs.at(0) + ".zero_bias", scale.spec.dtype, scale.spec.shape,
                           std::vector<double>(static_cast<std::size_t>(count), 0.0));
  }
  l.emit("layer_norm", {n.inputs.at(0), n.inputs[1], bias},
         {int_attr("axis", onnx_int(n, "axis", -1)),
          float_attr("epsilon", onnx_float(n, "epsilon", 1e-5))},
         {n.outputs.at(0)});
}

// The axes of a Reduce*: an attribute, or (ReduceSum from opset 13) a constant input.
std::vector<int64_t> reduce_axes(Lowering& l, const OnnxNode& n) {
  if (n.op_type == "ReduceSum" && l.opset() >= 13) {
    return l.has_input(n, 1) ? l.constant_ints(n, 1) : std::vector<int64_t>{};
  }
  return onnx_ints(n, "axes").value_or(std::vector<int64_t>{});
}

// ReduceSum/Max/Mean directly; ReduceMin = -max(-x); ReduceSumSquare, ReduceL1, ReduceL2 and
// ReduceLogSum as a sum of x², |x| (then sqrt, or log).
void lower_reduce(Lowering& l, const OnnxNode& n) {
  const std::vector<int64_t> axes = reduce_axes(l, n);
  const std::string& out = n.outputs.at(0);
  if (axes.empty() && onnx_int(n, "noop_with_empty_axes", 0) == 1) {
    return l.alias(out, n.inputs.at(0));
  }
  const std::vector<Attribute> attributes{ints_attr("axes", axes),
                                          int_attr("keepdims", onnx_int(n, "keepdims", 1))};
  const std::string& op = n.op_type;
  if (op == "ReduceSum" || op == "ReduceMax" || op == "ReduceMean") {
    const std::string name = op == "ReduceSum" ? "reduce_sum" : op == "ReduceMax" ? "reduce_max"
                                                                                   : "reduce_mean";
    return l.emit(name, {n.inputs[0]}, attributes, {out});
  }
  const std::string pre = l.fresh(out + ".terms"), reduced = l.fresh(out + ".reduced");
  if (op == "ReduceMin") {
    l.emit("neg", {n.inputs[0]}, {}, {pre});
    l.emit("reduce_max", {pre}, attributes, {reduced});
    return l.emit("neg", {reduced}, {}, {out});
  }
  if (op == "ReduceL1") {
    l.emit("abs", {n.inputs[0]}, {}, {pre});
    return l.emit("reduce_sum", {pre}, attributes, {out});
  }
  if (op == "ReduceLogSum") {
    l.emit("reduce_sum", {n.inputs[0]}, attributes, {reduced});
    return l.emit("log", {reduced}, {}, {out});
  }
  l.emit("mul", {n.inputs[0], n.inputs[0]}, {}, {pre});
  if (op == "ReduceSumSquare") return l.emit("reduce_sum", {pre}, attributes, {out});
  l.emit("reduce_sum", {pre}, attributes, {reduced});  // ReduceL2
  l.emit("sqrt", {reduced}, {}, {out});
}

}  // namespace

void add_nn_lowerings(std::map<std::string, LowerFn>& table) {
  add_conv_lowerings(table);
  table["Gemm"] = lower_gemm;
  table["MatMul"] = lower_matmul;
  table["Softmax"] = lower_softmax;
  table["LogSoftmax"] = lower_softmax;
  table["LayerNormalization"] = lower_layer_norm;
  for (const char* op : {"ReduceSum", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceL1",
                         "ReduceL2", "ReduceSumSquare", "ReduceLogSum"}) {
    table[op] = lower_reduce;
  }
}

}  // namespace hwcert::model::onnx

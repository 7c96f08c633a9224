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

// Mean and 1/sqrt(variance + epsilon) of `x` over `axes` (kept as unit extents): the
// statistics LayerNormalization may output and InstanceNormalization normalises with.
struct Moments {
  std::string mean, centred, inv_std;
};
Moments moments(Lowering& l, const std::string& x, const std::vector<int64_t>& axes,
                double epsilon, const std::string& mean_name, const std::string& inv_std_name) {
  const DType dtype = l.find(x)->spec.dtype;
  Moments m{mean_name, l.fresh(x + ".centred"), inv_std_name};
  const std::string squares = l.fresh(x + ".squares"), var = l.fresh(x + ".variance"),
                    shifted = l.fresh(x + ".variance_eps");
  const std::vector<Attribute> reduce{ints_attr("axes", axes), int_attr("keepdims", 1)};
  l.emit("reduce_mean", {x}, reduce, {m.mean});
  l.emit("sub", {x, m.mean}, {}, {m.centred});
  l.emit("mul", {m.centred, m.centred}, {}, {squares});
  l.emit("reduce_mean", {squares}, reduce, {var});
  l.emit("add", {var, l.make_constant(x + ".epsilon", dtype, {}, {epsilon})}, {}, {shifted});
  l.emit("rsqrt", {shifted}, {}, {m.inv_std});
  return m;
}

// LayerNormalization: layer_norm for Y; its optional Mean and InvStdDev outputs by moments.
void lower_layer_norm(Lowering& l, const OnnxNode& n) {
  require_outputs(n, 3);
  const KnownTensor& scale = l.input(n, 1);
  std::string bias = l.has_input(n, 2) ? n.inputs[2] : "";
  if (bias.empty()) {
    const auto count = scale.spec.element_count().value_or(0);
    bias = l.make_constant(n.outputs.at(0) + ".zero_bias", scale.spec.dtype, scale.spec.shape,
                           std::vector<double>(static_cast<std::size_t>(count), 0.0));
  }
  const int64_t axis = onnx_int(n, "axis", -1);
  const double epsilon = onnx_float(n, "epsilon", 1e-5);
  l.emit("layer_norm", {n.inputs.at(0), n.inputs[1], bias},
         {int_attr("axis", axis), float_attr("epsilon", epsilon)}, {n.outputs.at(0)});
  const bool mean = n.outputs.size() > 1 && !n.outputs[1].empty();
  const bool inv_std = n.outputs.size() > 2 && !n.outputs[2].empty();
  if (!mean && !inv_std) return;
  const auto rank = static_cast<int64_t>(l.input(n, 0).spec.rank());
  std::vector<int64_t> axes;
  for (int64_t a = axis < 0 ? axis + rank : axis; a < rank; ++a) axes.push_back(a);
  const std::string& x = n.inputs[0];
  moments(l, x, axes, epsilon, mean ? n.outputs[1] : l.fresh(x + ".mean"),
          inv_std ? n.outputs[2] : l.fresh(x + ".inv_std"));
}

// InstanceNormalization: per sample and channel over the spatial axes,
// (x - mean)·inv_std·scale[c] + B[c], scale and B seen as [C, 1, ...].
void lower_instance_norm(Lowering& l, const OnnxNode& n) {
  const TensorSpec& x = l.input(n, 0).spec;
  if (x.rank() < 3) throw Refused("an input of rank under 3");
  std::vector<int64_t> axes, per_channel(x.rank() - 1, 1);
  for (std::size_t a = 2; a < x.rank(); ++a) axes.push_back(static_cast<int64_t>(a));
  per_channel[0] = x.shape[1];
  const std::string& out = n.outputs.at(0);
  const Moments m = moments(l, n.inputs[0], axes, onnx_float(n, "epsilon", 1e-5),
                            l.fresh(out + ".mean"), l.fresh(out + ".inv_std"));
  const std::string normalised = l.fresh(out + ".normalised"), scaled = l.fresh(out + ".scaled"),
                    scale = l.fresh(out + ".scale"), bias = l.fresh(out + ".bias");
  l.emit("mul", {m.centred, m.inv_std}, {}, {normalised});
  l.emit("reshape", {n.inputs.at(1)}, {ints_attr("shape", per_channel)}, {scale});
  l.emit("reshape", {n.inputs.at(2)}, {ints_attr("shape", per_channel)}, {bias});
  l.emit("mul", {normalised, scale}, {}, {scaled});
  l.emit("add", {scaled, bias}, {}, {out});
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
  table["InstanceNormalization"] = lower_instance_norm;
  for (const char* op : {"ReduceSum", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceL1",
                         "ReduceL2", "ReduceSumSquare", "ReduceLogSum"}) {
    table[op] = lower_reduce;
  }
}

}  // namespace hwcert::model::onnx

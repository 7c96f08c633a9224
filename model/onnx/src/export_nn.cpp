// ONNX forms of the catalogue's products, convolution, pooling, normalisations and
// attention (onnx_export.hpp). rms_norm and attention are written as the nodes of their
// definition (ONNX 17 has neither), in the patterns ONNX Runtime fuses.
#include <cmath>

#include "export_ops.hpp"

namespace hwcert::model::onnx {
namespace {

void require_nchw(OnnxEmitter& e) {
  if (call_string(e.call(), "layout", "NCHW") != "NCHW") {
    throw NotExportable("only the NCHW layout is exported");
  }
}

// The permutation swapping the last two of `rank` axes.
std::vector<int64_t> swap_last_two(std::size_t rank) {
  std::vector<int64_t> perm(rank);
  for (std::size_t i = 0; i < rank; ++i) perm[i] = static_cast<int64_t>(i);
  std::swap(perm[rank - 1], perm[rank - 2]);
  return perm;
}

std::string transposed(OnnxEmitter& e, std::size_t input) {
  const std::string name = e.fresh("transposed");
  e.node("Transpose", {e.in(input)}, {name},
         {onnx_ints_attr("perm", swap_last_two(e.call().inputs().at(input).rank()))});
  return name;
}

// Rank-2 matmul with a bias is Gemm (what the importer lowers back to matmul); otherwise
// MatMul, its operands transposed and its result scaled and biased by nodes of their own.
void export_matmul(OnnxEmitter& e) {
  const OpCall& call = e.call();
  const bool ta = call_int(call, "transpose_a", 0) != 0, tb = call_int(call, "transpose_b", 0) != 0;
  const double alpha = call_float(call, "alpha", 1.0), beta = call_float(call, "beta", 1.0);
  const bool bias = call.inputs().size() > 2;
  if (bias && call.inputs()[0].rank() == 2 && call.inputs()[1].rank() == 2) {
    e.node("Gemm", {e.in(0), e.in(1), e.in(2)}, {e.out(0)},
           {onnx_int_attr("transA", ta), onnx_int_attr("transB", tb),
            onnx_float_attr("alpha", alpha), onnx_float_attr("beta", beta)});
    return;
  }
  std::string value = e.fresh("product");
  e.node("MatMul", {ta ? transposed(e, 0) : e.in(0), tb ? transposed(e, 1) : e.in(1)},
         {alpha == 1.0 && !bias ? e.out(0) : value});
  if (alpha != 1.0) {
    const std::string scaled = bias ? e.fresh("scaled") : e.out(0);
    e.node("Mul", {value, e.floats("alpha", e.dtype(), {alpha})}, {scaled});
    value = scaled;
  }
  if (!bias) return;
  std::string b = e.in(2);
  if (beta != 1.0) {
    b = e.fresh("bias");
    e.node("Mul", {e.in(2), e.floats("beta", e.dtype(), {beta})}, {b});
  }
  e.node("Add", {value, b}, {e.out(0)});
}

void export_conv2d(OnnxEmitter& e) {
  require_nchw(e);
  const OpCall& call = e.call();
  const auto& w = call.inputs().at(1).shape;
  std::vector<std::string> inputs = {e.in(0), e.in(1)};
  if (call.inputs().size() > 2) inputs.push_back(e.in(2));
  e.node("Conv", std::move(inputs), {e.out(0)},
         {onnx_ints_attr("kernel_shape", {w[2], w[3]}),
          onnx_ints_attr("strides", call_ints(call, "strides", {1, 1})),
          onnx_ints_attr("pads", call_ints(call, "pads", {0, 0, 0, 0})),
          onnx_ints_attr("dilations", call_ints(call, "dilations", {1, 1})),
          onnx_int_attr("group", call_int(call, "groups", 1))});
}

void export_batch_norm(OnnxEmitter& e) {
  e.node("BatchNormalization", {e.in(0), e.in(1), e.in(2), e.in(3), e.in(4)}, {e.out(0)},
         {onnx_float_attr("epsilon", call_float(e.call(), "epsilon", 1e-5))});
}

void export_pool(OnnxEmitter& e, const char* op_type, bool average) {
  require_nchw(e);
  const std::vector<int64_t> kernel = call_ints(e.call(), "kernel", {});
  std::vector<OnnxAttribute> attributes = {
      onnx_ints_attr("kernel_shape", kernel),
      onnx_ints_attr("strides", call_ints(e.call(), "strides", kernel)),
      onnx_ints_attr("pads", call_ints(e.call(), "pads", {0, 0, 0, 0}))};
  if (average) {
    attributes.push_back(
        onnx_int_attr("count_include_pad", call_int(e.call(), "count_include_pad", 0)));
  }
  e.node(op_type, {e.in(0)}, {e.out(0)}, std::move(attributes));
}
void export_max_pool(OnnxEmitter& e) {
  export_pool(e, "MaxPool", false);
}
void export_avg_pool(OnnxEmitter& e) {
  export_pool(e, "AveragePool", true);
}

void export_reduce(OnnxEmitter& e, const char* op_type) {
  std::vector<OnnxAttribute> attributes = {
      onnx_int_attr("keepdims", call_int(e.call(), "keepdims", 0))};
  const std::vector<int64_t> axes = call_ints(e.call(), "axes", {});
  if (!axes.empty()) attributes.push_back(onnx_ints_attr("axes", axes));
  e.node(op_type, {e.in(0)}, {e.out(0)}, std::move(attributes));
}
void export_reduce_mean(OnnxEmitter& e) {
  export_reduce(e, "ReduceMean");
}
void export_reduce_max(OnnxEmitter& e) {
  export_reduce(e, "ReduceMax");
}

void export_softmax(OnnxEmitter& e) {
  e.node("Softmax", {e.in(0)}, {e.out(0)}, {onnx_int_attr("axis", call_int(e.call(), "axis", -1))});
}

void export_layer_norm(OnnxEmitter& e) {
  e.node("LayerNormalization", {e.in(0), e.in(1), e.in(2)}, {e.out(0)},
         {onnx_int_attr("axis", call_int(e.call(), "axis", -1)),
          onnx_float_attr("epsilon", call_float(e.call(), "epsilon", 1e-5))});
}

// x / sqrt(mean(x², axis..) + epsilon) · gamma
void export_rms_norm(OnnxEmitter& e) {
  const int64_t rank = static_cast<int64_t>(e.call().inputs()[0].rank());
  int64_t axis = call_int(e.call(), "axis", -1);
  if (axis < 0) axis += rank;
  std::vector<int64_t> axes;
  for (int64_t a = axis; a < rank; ++a) axes.push_back(a);
  const std::string square = e.fresh("square"), mean = e.fresh("mean"), shifted = e.fresh("eps"),
                    root = e.fresh("root"), normed = e.fresh("normed");
  e.node("Pow", {e.in(0), e.floats("two", e.dtype(), {2.0})}, {square});
  e.node("ReduceMean", {square}, {mean},
         {onnx_ints_attr("axes", axes), onnx_int_attr("keepdims", 1)});
  e.node("Add", {mean, e.floats("epsilon", e.dtype(), {call_float(e.call(), "epsilon", 1e-6)})},
         {shifted});
  e.node("Sqrt", {shifted}, {root});
  e.node("Div", {e.in(0), root}, {normed});
  e.node("Mul", {normed, e.in(1)}, {e.out(0)});
}

// softmax(Q·Kᵀ·scale [+ causal mask]) · V
void export_attention(OnnxEmitter& e) {
  const OpCall& call = e.call();
  const auto& q = call.inputs().at(0).shape;
  const auto& k = call.inputs().at(1).shape;
  const int64_t sq = q[2], sk = k[2];
  const double scale = call_float(call, "scale", 1.0 / std::sqrt(static_cast<double>(q[3])));
  const std::string scores = e.fresh("scores"), scaled = e.fresh("scaled"),
                    weights = e.fresh("weights");
  e.node("MatMul", {e.in(0), transposed(e, 1)}, {scores});
  e.node("Mul", {scores, e.floats("scale", e.dtype(), {scale})}, {scaled});
  std::string logits = scaled;
  if (call_int(call, "causal", 0) != 0) {
    std::vector<double> mask(static_cast<std::size_t>(sq * sk), 0.0);
    for (int64_t i = 0; i < sq; ++i) {
      for (int64_t j = i + 1; j < sk; ++j) mask[static_cast<std::size_t>(i * sk + j)] = -INFINITY;
    }
    logits = e.fresh("masked");
    e.node("Add", {scaled, e.floats("causal_mask", e.dtype(), mask, {sq, sk})}, {logits});
  }
  e.node("Softmax", {logits}, {weights}, {onnx_int_attr("axis", -1)});
  e.node("MatMul", {weights, e.in(2)}, {e.out(0)});
}

// Scales rather than sizes, so the model keeps its symbolic batch.
void export_resize(OnnxEmitter& e) {
  const auto& x = e.call().inputs().at(0).shape;
  const std::vector<int64_t> sizes = call_ints(e.call(), "sizes", {});
  const bool nearest = call_string(e.call(), "mode", "nearest") == "nearest";
  const std::vector<double> scales = {1.0, 1.0, static_cast<double>(sizes.at(0)) / x[2],
                                      static_cast<double>(sizes.at(1)) / x[3]};
  if (nearest && (sizes[0] % x[2] != 0 || sizes[1] % x[3] != 0)) {
    throw NotExportable("nearest resize by a ratio that is not a whole number");
  }
  std::vector<OnnxAttribute> attributes = {
      onnx_string_attr("mode", nearest ? "nearest" : "linear")};
  if (nearest) {
    attributes.push_back(onnx_string_attr("coordinate_transformation_mode", "asymmetric"));
    attributes.push_back(onnx_string_attr("nearest_mode", "floor"));
  } else {
    attributes.push_back(onnx_string_attr("coordinate_transformation_mode", "half_pixel"));
  }
  e.node("Resize", {e.in(0), "", e.floats("scales", DType::kF32, scales, {4})}, {e.out(0)},
         std::move(attributes));
}

}  // namespace

void add_nn_exports(std::map<std::string, ExportFn>& table) {
  table["matmul"] = export_matmul;
  table["conv2d"] = export_conv2d;
  table["batch_norm"] = export_batch_norm;
  table["max_pool2d"] = export_max_pool;
  table["avg_pool2d"] = export_avg_pool;
  table["reduce_mean"] = export_reduce_mean;
  table["reduce_max"] = export_reduce_max;
  table["softmax"] = export_softmax;
  table["layer_norm"] = export_layer_norm;
  table["rms_norm"] = export_rms_norm;
  table["scaled_dot_product_attention"] = export_attention;
  table["resize"] = export_resize;
}

}  // namespace hwcert::model::onnx

// The ONNX lowering on graphs built by hand (no protobuf needed): batch-norm folding into a
// conv, Gemm's transA/transB/alpha/beta, constant folding of a shape computation, and the
// list of refusals.
#include <gtest/gtest.h>

#include <cmath>

#include "hwcert/model/onnx/onnx_import.hpp"
#include "hwcert/model/tensor_values.hpp"

namespace hwcert::model::onnx {
namespace {

OnnxTensor f32_tensor(std::string name, std::vector<int64_t> shape, std::vector<double> values) {
  return {std::move(name), DType::kF32, "FLOAT", std::move(shape),
          encode_image(DType::kF32, values)};
}

OnnxTensor i64_tensor(std::string name, std::vector<int64_t> shape, std::vector<double> values) {
  return {std::move(name), DType::kI64, "INT64", std::move(shape),
          encode_image(DType::kI64, values)};
}

OnnxValueInfo value(std::string name, std::vector<int64_t> shape, DType dtype = DType::kF32) {
  OnnxValueInfo v{std::move(name), dtype, "", {}, true};
  for (int64_t e : shape) v.shape.push_back({e, ""});
  return v;
}

OnnxNode node(std::string op, std::vector<std::string> in, std::vector<std::string> out,
              std::vector<OnnxAttribute> attributes = {}) {
  return {op + "_node", std::move(op), "", std::move(in), std::move(out), std::move(attributes)};
}

OnnxAttribute int_attribute(std::string name, int64_t v) {
  return {std::move(name), OnnxAttribute::Kind::kInt, v, 0, {}, {}, {}, {}};
}

OnnxAttribute float_attribute(std::string name, double v) {
  return {std::move(name), OnnxAttribute::Kind::kFloat, 0, v, {}, {}, {}, {}};
}

const Weight& weight(const ImportResult& r, const std::string& name) {
  for (const Weight& w : r.weights) {
    if (w.name == name) return w;
  }
  throw std::runtime_error("no weight " + name);
}

const Attribute* attribute(const Node& n, const std::string& name) {
  for (const Attribute& a : n.attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

ImportResult lower(const OnnxGraph& g) {
  return lower_onnx(g, "test", "test.safetensors");
}

// Conv (2 output channels, 1 input channel, 1x1 kernel) then BatchNormalization.
OnnxGraph conv_bn(bool conv_output_read_twice) {
  OnnxGraph g;
  g.opset = 13;
  g.inputs.push_back(value("x", {1, 1, 2, 2}));
  g.initializers = {
      f32_tensor("w", {2, 1, 1, 1}, {2.0, -3.0}), f32_tensor("b", {2}, {0.5, 1.0}),
      f32_tensor("scale", {2}, {1.5, 0.25}),      f32_tensor("beta", {2}, {0.125, -1.0}),
      f32_tensor("mean", {2}, {1.0, -2.0}),       f32_tensor("var", {2}, {3.0, 0.75})};
  g.nodes.push_back(node("Conv", {"x", "w", "b"}, {"c"}));
  g.nodes.push_back(node("BatchNormalization", {"c", "scale", "beta", "mean", "var"}, {"y"},
                         {float_attribute("epsilon", 1.0)}));
  g.outputs.push_back(value("y", {1, 2, 2, 2}));
  if (conv_output_read_twice) g.outputs.push_back(value("c", {1, 2, 2, 2}));
  return g;
}

TEST(OnnxLowering, BatchNormIsFoldedIntoTheConvBeforeIt) {
  const ImportResult r = lower(conv_bn(false));
  ASSERT_TRUE(r.ok()) << r.refusals.front().reason;
  ASSERT_EQ(r.graph.nodes.size(), 1u);
  const Node& conv = r.graph.nodes[0];
  EXPECT_EQ(conv.op, "conv2d");
  EXPECT_EQ(conv.outputs[0].name, "y");
  EXPECT_EQ(r.stats.folded_batch_norms, 1);
  // s = scale / sqrt(var + eps): 1.5 / 2 = 0.75 and 0.25 / sqrt(1.75).
  const double s0 = 0.75, s1 = 0.25 / std::sqrt(1.75);
  const auto w = decode_image(DType::kF32, weight(r, conv.inputs[1].name).data);
  const auto b = decode_image(DType::kF32, weight(r, conv.inputs[2].name).data);
  EXPECT_FLOAT_EQ(w[0], 2.0 * s0);
  EXPECT_FLOAT_EQ(w[1], -3.0 * s1);
  EXPECT_FLOAT_EQ(b[0], (0.5 - 1.0) * s0 + 0.125);
  EXPECT_FLOAT_EQ(b[1], (1.0 + 2.0) * s1 - 1.0);
}

TEST(OnnxLowering, BatchNormStaysWhenTheConvOutputIsReadElsewhere) {
  const ImportResult r = lower(conv_bn(true));
  ASSERT_TRUE(r.ok()) << r.refusals.front().reason;
  ASSERT_EQ(r.graph.nodes.size(), 2u);
  EXPECT_EQ(r.graph.nodes[0].op, "conv2d");
  EXPECT_EQ(r.graph.nodes[1].op, "batch_norm");
  EXPECT_EQ(r.stats.folded_batch_norms, 0);
}

// Y = alpha·op(A)·op(B) + beta·C with A = [[1,3,5],[2,4,6]] and B = [[1,2],[0,1],[-1,0]],
// each stored transposed or not as trans_a / trans_b say.
OnnxGraph gemm(bool constant_a, int64_t trans_a, int64_t trans_b) {
  OnnxGraph g;
  g.opset = 13;
  const OnnxTensor a = trans_a != 0 ? f32_tensor("a", {3, 2}, {1, 2, 3, 4, 5, 6})
                                    : f32_tensor("a", {2, 3}, {1, 3, 5, 2, 4, 6});
  if (constant_a) {
    g.initializers.push_back(a);
  } else {
    g.inputs.push_back(value("a", a.shape));
  }
  g.initializers.push_back(trans_b != 0 ? f32_tensor("b", {2, 3}, {1, 0, -1, 2, 1, 0})
                                        : f32_tensor("b", {3, 2}, {1, 2, 0, 1, -1, 0}));
  g.initializers.push_back(f32_tensor("c", {2}, {10, 20}));
  g.nodes.push_back(node("Gemm", {"a", "b", "c"}, {"y"},
                         {int_attribute("transA", trans_a), int_attribute("transB", trans_b),
                          float_attribute("alpha", 0.5), float_attribute("beta", 2.0)}));
  g.outputs.push_back(value("y", {2, 2}));
  return g;
}

TEST(OnnxLowering, GemmBecomesMatmulWithTransposesAlphaAndBeta) {
  const ImportResult r = lower(gemm(false, 0, 1));
  ASSERT_TRUE(r.ok()) << r.refusals.front().reason;
  ASSERT_EQ(r.graph.nodes.size(), 1u);
  const Node& mm = r.graph.nodes[0];
  EXPECT_EQ(mm.op, "matmul");
  ASSERT_EQ(mm.inputs.size(), 3u);
  EXPECT_EQ(std::get<int64_t>(attribute(mm, "transpose_a")->value), 0);
  EXPECT_EQ(std::get<int64_t>(attribute(mm, "transpose_b")->value), 1);
  EXPECT_EQ(std::get<double>(attribute(mm, "alpha")->value), 0.5);
  EXPECT_EQ(std::get<double>(attribute(mm, "beta")->value), 2.0);
}

TEST(OnnxLowering, ConstantGemmIsFoldedToTheRightValues) {
  // A·B = [[-4, 5], [-4, 8]]; Y = 0.5·A·B + 2·[10, 20], whatever the storage.
  const std::vector<double> expected{0.5 * -4 + 20, 0.5 * 5 + 40, 0.5 * -4 + 20, 0.5 * 8 + 40};
  for (int64_t trans_a : {0, 1}) {
    for (int64_t trans_b : {0, 1}) {
      const ImportResult r = lower(gemm(true, trans_a, trans_b));
      ASSERT_TRUE(r.ok()) << r.refusals.front().reason;
      EXPECT_EQ(r.stats.folded_nodes, 1);
      ASSERT_EQ(r.graph.nodes.size(), 1u);  // the graph output is copied from the constant
      EXPECT_EQ(r.graph.nodes[0].op, "copy");
      const auto y = decode_image(DType::kF32, weight(r, r.graph.nodes[0].inputs[0].name).data);
      EXPECT_EQ(y, expected) << "transA " << trans_a << ", transB " << trans_b;
    }
  }
}

// Shape -> Gather -> Unsqueeze -> Concat -> Reshape: a PyTorch export's flatten, folded.
TEST(OnnxLowering, ShapeArithmeticIsFoldedIntoTheReshape) {
  OnnxGraph g;
  g.opset = 13;
  g.inputs.push_back(value("x", {2, 3, 4}));
  g.initializers = {i64_tensor("zero", {}, {0}), i64_tensor("minus_one", {1}, {-1}),
                    i64_tensor("axes", {1}, {0})};
  g.nodes = {node("Shape", {"x"}, {"s"}), node("Gather", {"s", "zero"}, {"n"}),
             node("Unsqueeze", {"n", "axes"}, {"n1"}),
             node("Concat", {"n1", "minus_one"}, {"target"}, {int_attribute("axis", 0)}),
             node("Reshape", {"x", "target"}, {"y"})};
  g.outputs.push_back(value("y", {2, 12}));
  const ImportResult r = lower(g);
  ASSERT_TRUE(r.ok()) << r.refusals.front().reason;
  ASSERT_EQ(r.graph.nodes.size(), 1u);
  EXPECT_EQ(r.graph.nodes[0].op, "reshape");
  EXPECT_EQ(std::get<std::vector<int64_t>>(attribute(r.graph.nodes[0], "shape")->value),
            (std::vector<int64_t>{2, -1}));
  EXPECT_EQ(r.stats.folded_nodes, 3);  // gather, unsqueeze, concat
  EXPECT_TRUE(r.weights.empty());
}

TEST(OnnxLowering, EveryUnsupportedNodeIsListedWithItsReason) {
  OnnxGraph g;
  g.opset = 13;
  g.inputs.push_back(value("x", {1, 1, 4, 4}));
  OnnxAttribute mode;
  mode.name = "mode";
  mode.kind = OnnxAttribute::Kind::kString;
  mode.s = "cubic";
  g.initializers.push_back(f32_tensor("scales", {4}, {1, 1, 2, 2}));
  g.nodes = {node("Sin", {"x"}, {"a"}), node("Relu", {"a"}, {"b"}),
             node("Resize", {"x", "", "scales"}, {"c"}, {mode}), node("Cos", {"c"}, {"d"})};
  g.nodes[3].name = "";
  g.outputs = {value("b", {1, 1, 4, 4}), value("d", {1, 1, 8, 8})};
  const ImportResult r = lower(g);
  ASSERT_EQ(r.refusals.size(), 3u);
  EXPECT_EQ(r.refusals[0].node, "Sin_node");
  EXPECT_EQ(r.refusals[0].reason, "no hwcert equivalent");
  EXPECT_EQ(r.refusals[1].op_type, "Resize");
  EXPECT_NE(r.refusals[1].reason.find("cubic"), std::string::npos) << r.refusals[1].reason;
  EXPECT_EQ(r.refusals[2].node, "#3 (writing 'd')");  // Cos reads a refused node, still listed
}

// A constant too large to evaluate at import time: ConstantOfShape and Range are refused, and
// an all-constant node with a large output is emitted (it runs on the device) instead.
TEST(OnnxLowering, LargeConstantsAreNotEvaluatedAtImport) {
  OnnxGraph g;
  g.opset = 13;
  g.initializers = {i64_tensor("huge", {2}, {1 << 20, 1 << 20}), f32_tensor("one", {1}, {1}),
                    i64_tensor("big", {2}, {1 << 13, 1 << 12})};
  g.nodes = {node("ConstantOfShape", {"huge"}, {"zeros"}), node("Expand", {"one", "big"}, {"y"})};
  g.outputs = {value("zeros", {1 << 20, 1 << 20}), value("y", {1 << 13, 1 << 12})};
  const ImportResult r = lower(g);
  ASSERT_EQ(r.refusals.size(), 1u);
  EXPECT_EQ(r.refusals[0].op_type, "ConstantOfShape");
  EXPECT_NE(r.refusals[0].reason.find("over 16777216 elements"), std::string::npos)
      << r.refusals[0].reason;
  ASSERT_EQ(r.graph.nodes.size(), 1u);  // 2^25 elements: emitted, not folded
  EXPECT_EQ(r.graph.nodes[0].op, "expand");
  EXPECT_EQ(r.stats.folded_nodes, 0);
}

}  // namespace
}  // namespace hwcert::model::onnx

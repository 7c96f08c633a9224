// Schema validation messages, shape inference and accumulation lengths.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include "hwcert/catalogue/op_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "spec_helpers.hpp"

namespace hwcert::catalogue {
namespace {

using test::F32;
using test::t;

std::string error_of(const OpCall& call) {
  const Status s = validate_op_call(call);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  return s.message();
}

TEST(Schema, CatalogueHasEveryOp) {
  const auto opset1 = std::count_if(op_schemas().begin(), op_schemas().end(),
                                    [](const OpSchema& op) { return op.since == 1; });
  EXPECT_EQ(opset1, 35);
  EXPECT_EQ(op_schemas().size(), 51u);  // opset 2 adds 6 + 10 ops
  EXPECT_NE(find_op_schema("scaled_dot_product_attention"), nullptr);
  EXPECT_EQ(find_op_schema("conv3d"), nullptr);
}

TEST(Schema, AcceptsValidCalls) {
  EXPECT_TRUE(validate_op_call(
                  OpCall("matmul", {t(F32, {2, 3}), t(F32, {3, 4}), t(F32, {4})}, {t(F32, {2, 4})}))
                  .ok());
  EXPECT_TRUE(
      validate_op_call(OpCall("add", {t(F32, {4, 1, 3}), t(F32, {5, 3})}, {t(F32, {4, 5, 3})}))
          .ok());
  EXPECT_TRUE(validate_op_call(OpCall("cast", {t(F32, {2})}, {t(DType::kF8E4M3, {2})})).ok());
  EXPECT_TRUE(validate_op_call(OpCall("conv2d", {t(F32, {1, 4, 8, 8}), t(F32, {6, 2, 3, 3})},
                                      {t(F32, {1, 6, 6, 6})}, {{"groups", int64_t{2}}}))
                  .ok());
}

TEST(Schema, RejectsWithClearMessages) {
  EXPECT_EQ(error_of(OpCall("nope", {}, {t(F32, {1})})),
            "unknown op 'nope' (not in catalogue opset 2)");
  EXPECT_EQ(error_of(OpCall("exp", {t(F32, {2}), t(F32, {2})}, {t(F32, {2})})),
            "exp: takes 1 inputs, got 2");
  EXPECT_EQ(error_of(OpCall("exp", {t(DType::kI32, {2})}, {t(DType::kI32, {2})})),
            "exp: dtype i32 is not supported (allowed: f64, f32, f16, bf16)");
  EXPECT_EQ(error_of(OpCall("matmul", {t(F32, {2, 3}), t(F32, {4, 5})}, {t(F32, {2, 5})})),
            "matmul: inner dimensions differ: op(A) is [2, 3], op(B) is [4, 5]");
  EXPECT_EQ(error_of(OpCall("matmul", {t(F32, {2, 3}), t(F32, {3, 4})}, {t(F32, {2, 5})})),
            "matmul: output shape is [2, 5], expected [2, 4]");
  EXPECT_EQ(error_of(OpCall("softmax", {t(F32, {2})}, {t(F32, {2})}, {{"axis", 2.0}})),
            "softmax: attribute 'axis' must be int, got float");
  EXPECT_NE(error_of(OpCall("softmax", {t(F32, {2})}, {t(F32, {2})}, {{"axes", int64_t{0}}}))
                .find("unknown attribute 'axes' (known: axis)"),
            std::string::npos);
  EXPECT_EQ(error_of(OpCall("transpose", {t(F32, {2, 3})}, {t(F32, {3, 2})})),
            "transpose: required attribute 'perm' (ints) is missing");
  EXPECT_EQ(error_of(OpCall("transpose", {t(F32, {2, 3})}, {t(F32, {3, 2})},
                            {{"perm", std::vector<int64_t>{1, 1}}})),
            "transpose: perm [1, 1] is not a permutation of 0..1");
  EXPECT_NE(error_of(OpCall("matmul", {t(F32, {2, 3}), t(F32, {3, 4})}, {t(F32, {2, 4})},
                            {{"math_mode", std::string("tf16")}}))
                .find("math_mode \"tf16\" is not one of"),
            std::string::npos);
  EXPECT_EQ(error_of(OpCall("matmul", {t(DType::kF16, {2, 3}), t(DType::kF16, {3, 4})},
                            {t(DType::kF16, {2, 4})}, {{"math_mode", std::string("tf32")}})),
            "matmul: math_mode tf32 applies to f32 inputs only, inputs are f16");
  EXPECT_EQ(error_of(OpCall("add", {t(F32, {3}), t(F32, {4})}, {t(F32, {4})})),
            "add: shapes [3] and [4] do not broadcast");
  TensorSpec overlapping = t(F32, {2, 2});
  overlapping.strides = {1, 1};
  EXPECT_EQ(error_of(OpCall("copy", {t(F32, {2, 2})}, {overlapping})),
            "copy: output strides overlap (an output element would be written twice)");
  TensorSpec misaligned = t(F32, {2});
  misaligned.byte_offset = 2;
  EXPECT_EQ(error_of(OpCall("copy", {misaligned}, {t(F32, {2})})),
            "copy: input 0: byte_offset 2 is not a multiple of the element size 4");
  EXPECT_NE(error_of(OpCall("max_pool2d", {t(F32, {1, 1, 4, 4})}, {t(F32, {1, 1, 3, 3})},
                            {{"kernel", std::vector<int64_t>{2, 2}},
                             {"pads", std::vector<int64_t>{2, 0, 0, 0}}}))
                .find("smaller than the kernel"),
            std::string::npos);
  EXPECT_EQ(error_of(OpCall("reduce_max", {t(F32, {0, 3})}, {t(F32, {3})},
                            {{"axes", std::vector<int64_t>{0}}})),
            "reduce_max: reduces over an empty axis; only reduce_sum has an identity (0)");
}

TEST(Schema, InfersShapes) {
  auto g = infer_outputs(
      OpCall("gather", {t(F32, {5, 4, 3}), t(DType::kI64, {2, 2})}, {}, {{"axis", int64_t{1}}}));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ((*g)[0].shape, (std::vector<int64_t>{5, 2, 2, 3}));
  auto conv = infer_outputs(
      OpCall("conv2d", {t(F32, {2, 9, 9, 3}), t(F32, {8, 3, 3, 3})}, {},
             {{"layout", std::string("NHWC")}, {"strides", std::vector<int64_t>{2, 2}}}));
  ASSERT_TRUE(conv.ok());
  EXPECT_EQ((*conv)[0].shape, (std::vector<int64_t>{2, 4, 4, 8}));
  auto mm =
      infer_outputs(OpCall("matmul", {t(DType::kI8, {3, 1, 2, 5}), t(DType::kI8, {4, 5, 6})}, {}));
  ASSERT_TRUE(mm.ok());
  EXPECT_EQ((*mm)[0].shape, (std::vector<int64_t>{3, 4, 2, 6}));
  EXPECT_EQ((*mm)[0].dtype, DType::kI32);
  auto red =
      infer_outputs(OpCall("reduce_sum", {t(F32, {2, 3, 4})}, {},
                           {{"axes", std::vector<int64_t>{-1, 0}}, {"keepdims", int64_t{1}}}));
  ASSERT_TRUE(red.ok());
  EXPECT_EQ((*red)[0].shape, (std::vector<int64_t>{1, 3, 1}));
}

TEST(AccumulationLength, PerFamily) {
  const OpCall mm("matmul", {t(F32, {64, 16}), t(F32, {16, 32})}, {t(F32, {64, 32})});
  EXPECT_EQ(accumulation_length(mm), 16);
  const OpCall conv("conv2d", {t(F32, {1, 4, 8, 8}), t(F32, {6, 4, 3, 3})}, {t(F32, {1, 6, 6, 6})});
  EXPECT_EQ(accumulation_length(conv), 36);
  const OpCall add("add", {t(F32, {8, 4}), t(F32, {8, 4})}, {t(F32, {8, 4})});
  EXPECT_EQ(accumulation_length(add), 1);
  const OpCall sum("reduce_sum", {t(F32, {2, 3, 4})}, {t(F32, {3})},
                   {{"axes", std::vector<int64_t>{0, 2}}});
  EXPECT_EQ(accumulation_length(sum), 8);
}

// batch_norm: parameters of [C] for X [N, C, ...], nothing accumulated; the activations take
// float attributes with the ONNX defaults.
TEST(Schema, Opset2ActivationsAndBatchNorm) {
  const TensorSpec c3 = t(F32, {3});
  const OpCall bn("batch_norm", {t(F32, {2, 3, 4, 5}), c3, c3, c3, c3}, {t(F32, {2, 3, 4, 5})}, {},
                  2);  // calls name the op's opset
  EXPECT_TRUE(validate_op_call(bn).ok());
  EXPECT_EQ(accumulation_length(bn), 1);
  EXPECT_EQ(*normalization_axis(bn), 1);
  EXPECT_EQ(
      error_of(OpCall("batch_norm", {t(F32, {2, 4}), c3, c3, c3, c3}, {t(F32, {2, 4})}, {}, 2)),
      "batch_norm: scale has shape [3], expected [X.shape[1]] = [4]");
  EXPECT_NE(error_of(OpCall("batch_norm", {t(F32, {3}), c3, c3, c3, c3}, {t(F32, {3})}, {}, 2))
                .find("rank >= 2"),
            std::string::npos);
  EXPECT_EQ(error_of(OpCall("batch_norm", {t(F32, {2, 3}), c3, c3, c3, c3}, {t(F32, {2, 3})},
                            {{"epsilon", -1.0}}, 2)),
            "batch_norm: epsilon must be >= 0");
  const OpCall clip("clip", {t(F32, {4})}, {t(F32, {4})});
  const Attrs clip_attrs(clip, *find_op_schema("clip"));
  EXPECT_EQ(clip_attrs.get_float("min"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(clip_attrs.get_float("max"), std::numeric_limits<double>::infinity());
  const OpCall hs("hard_sigmoid", {t(F32, {4})}, {t(F32, {4})});
  EXPECT_EQ(Attrs(hs, *find_op_schema("hard_sigmoid")).get_float("alpha"), 0.2);
  EXPECT_FALSE(op_accepts_dtype("erf", DType::kI32));
  EXPECT_EQ(error_of(OpCall("hard_swish", {t(F32, {4})}, {t(F32, {4})}, {{"alpha", 0.2}}, 2)),
            "hard_swish: unknown attribute 'alpha' (known: none)");
}

// The op table is the one docs/op-catalogue.md documents.
TEST(Schema, EveryOpIsDocumentedInTheCatalogue) {
  std::ifstream in(HWCERT_OP_CATALOGUE_MD);
  ASSERT_TRUE(in) << HWCERT_OP_CATALOGUE_MD;
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  for (const OpSchema& op : op_schemas()) {
    EXPECT_NE(doc.find("`" + op.name + "`"), std::string::npos) << op.name;
  }
  EXPECT_EQ(std::size(kAllDTypes), 11u);
}

TEST(Schema, DtypeRulesAndComputeBoundOps) {
  EXPECT_TRUE(op_accepts_dtype("cast", DType::kBool));
  EXPECT_TRUE(op_accepts_dtype("add", DType::kU8));
  EXPECT_FALSE(op_accepts_dtype("neg", DType::kU8));
  EXPECT_TRUE(op_accepts_dtype("reduce_max", DType::kI64));
  EXPECT_FALSE(op_accepts_dtype("reduce_mean", DType::kI64));
  EXPECT_TRUE(op_accepts_dtype("matmul", DType::kF8E5M2));
  EXPECT_FALSE(op_accepts_dtype("conv2d", DType::kF8E5M2));
  EXPECT_FALSE(op_accepts_dtype("conv3d", DType::kF32));
  EXPECT_TRUE(op_takes_math_mode("conv2d"));
  EXPECT_FALSE(op_takes_math_mode("softmax"));
  EXPECT_TRUE(is_known_math_mode("f16_accumulate"));
  EXPECT_FALSE(is_known_math_mode("tf16"));
}

}  // namespace
}  // namespace hwcert::catalogue

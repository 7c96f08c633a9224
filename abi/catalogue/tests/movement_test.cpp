// Opset versioning and the data-movement ops of opset 2: shapes, geometry and validation.
#include <gtest/gtest.h>

#include "hwcert/catalogue/movement_geometry.hpp"
#include "hwcert/catalogue/op_geometry.hpp"
#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "spec_helpers.hpp"

namespace hwcert::catalogue {
namespace {

using Shape = std::vector<int64_t>;
using test::F32;
using test::t;

// The call as a host makes it: the op's opset filled in.
OpCall call(const std::string& op, std::vector<TensorSpec> in, std::vector<TensorSpec> out,
            std::vector<Attribute> attrs = {}) {
  return OpCall(op, std::move(in), std::move(out), std::move(attrs), op_opset(op));
}

// Inferred output shapes of `op` on one f32 input.
std::vector<Shape> shapes_of(const std::string& op, Shape x, std::vector<Attribute> attrs) {
  auto out = infer_outputs(call(op, {t(F32, std::move(x))}, {}, std::move(attrs)));
  EXPECT_TRUE(out.ok()) << out.status().message();
  std::vector<Shape> shapes;
  if (out.ok()) {
    for (const TensorSpec& s : *out) shapes.push_back(s.shape);
  }
  return shapes;
}

std::string error_of(const std::string& op, Shape x, std::vector<Attribute> attrs) {
  auto out = infer_outputs(call(op, {t(F32, std::move(x))}, {}, std::move(attrs)));
  return out.ok() ? std::string("(valid)") : out.status().message();
}

Attribute ints(const char* name, Shape v) {
  return {name, AttributeValue{std::move(v)}};
}

const std::vector<std::string> kOpset2Movement = {"reshape", "flatten", "squeeze", "unsqueeze",
                                                  "expand",  "slice",   "split",   "pad",
                                                  "where",   "resize"};

TEST(Opset, EveryOpCarriesTheOpsetThatIntroducedIt) {
  EXPECT_EQ(kOpset, 2u);
  for (const std::string& op : kOpset2Movement) EXPECT_EQ(op_opset(op), 2u) << op;
  for (const char* op : {"copy", "gather", "matmul", "scaled_dot_product_attention"}) {
    EXPECT_EQ(op_opset(op), 1u) << op;
  }
  EXPECT_EQ(op_opset("conv3d"), 0u);
  for (const OpSchema& op : op_schemas()) EXPECT_TRUE(op.since == 1 || op.since == 2) << op.name;
}

TEST(Opset, CallsMustNameTheOpsOwnOpset) {
  EXPECT_TRUE(validate_op_call(call("slice", {t(F32, {4})}, {t(F32, {2})},
                                    {ints("starts", {0}), ints("ends", {2})}))
                  .ok());
  const OpCall stamped_1("slice", {t(F32, {4})}, {t(F32, {2})},
                         {ints("starts", {0}), ints("ends", {2})}, 1);
  EXPECT_EQ(validate_op_call(stamped_1).message(),
            "slice: is an op of opset 2; the call names opset 1");
  const OpCall copy_2("copy", {t(F32, {2})}, {t(F32, {2})}, {}, 2);
  EXPECT_EQ(validate_op_call(copy_2).message(),
            "copy: is an op of opset 1; the call names opset 2");
}

TEST(Movement, ReshapeInfersOneMinusOne) {
  EXPECT_EQ(shapes_of("reshape", {2, 3, 4}, {ints("shape", {4, -1})}),
            (std::vector<Shape>{{4, 6}}));
  EXPECT_EQ(shapes_of("reshape", {0, 3}, {ints("shape", {3, 0})}), (std::vector<Shape>{{3, 0}}));
  EXPECT_EQ(shapes_of("reshape", {1, 1}, {ints("shape", {})}), (std::vector<Shape>{{}}));
  EXPECT_EQ(error_of("reshape", {6}, {ints("shape", {})}),
            "reshape: shape [] holds 1 elements, X [6] holds 6");
  EXPECT_EQ(error_of("reshape", {6}, {ints("shape", {-1, -1})}),
            "reshape: shape [-1, -1] may hold one -1, other entries >= 0");
  EXPECT_EQ(error_of("reshape", {0, 3}, {ints("shape", {0, -1})}),
            "reshape: cannot infer the -1 of [0, -1] for 0 elements");
  EXPECT_EQ(error_of("reshape", {2, 3}, {ints("shape", {4})}),
            "reshape: shape [4] holds 4 elements, X [2, 3] holds 6");
}

TEST(Movement, FlattenSqueezeUnsqueeze) {
  EXPECT_EQ(shapes_of("flatten", {2, 3, 4}, {}), (std::vector<Shape>{{2, 12}}));
  EXPECT_EQ(shapes_of("flatten", {2, 3, 4}, {{"axis", AttributeValue{int64_t{0}}}}),
            (std::vector<Shape>{{1, 24}}));
  EXPECT_EQ(shapes_of("flatten", {2, 3, 4}, {{"axis", AttributeValue{int64_t{3}}}}),
            (std::vector<Shape>{{24, 1}}));
  EXPECT_EQ(shapes_of("flatten", {2, 3, 4}, {{"axis", AttributeValue{int64_t{-1}}}}),
            (std::vector<Shape>{{6, 4}}));
  EXPECT_EQ(error_of("flatten", {2, 3}, {{"axis", AttributeValue{int64_t{3}}}}),
            "flatten: axis 3 is out of range [-2, 2]");
  EXPECT_EQ(shapes_of("squeeze", {1, 3, 1}, {ints("axes", {0, -1})}), (std::vector<Shape>{{3}}));
  EXPECT_EQ(error_of("squeeze", {1, 3}, {ints("axes", {1})}),
            "squeeze: axis 1 has extent 3; only extent-1 axes squeeze");
  EXPECT_EQ(shapes_of("unsqueeze", {3, 4}, {ints("axes", {0, 3})}),
            (std::vector<Shape>{{1, 3, 4, 1}}));
  EXPECT_EQ(shapes_of("unsqueeze", {3}, {ints("axes", {-1})}), (std::vector<Shape>{{3, 1}}));
  EXPECT_EQ(error_of("unsqueeze", {3}, {ints("axes", {0, -3})}),
            "unsqueeze: axis 0 is named twice");
}

TEST(Movement, ExpandBroadcastsBothWays) {
  EXPECT_EQ(shapes_of("expand", {3, 1}, {ints("shape", {2, 1, 4})}),
            (std::vector<Shape>{{2, 3, 4}}));
  EXPECT_EQ(shapes_of("expand", {1}, {ints("shape", {0})}), (std::vector<Shape>{{0}}));
  EXPECT_EQ(error_of("expand", {3}, {ints("shape", {2})}),
            "expand: X [3] does not broadcast with shape [2]");
}

TEST(Movement, SliceFollowsOnnxClamping) {
  const auto axes = [](Shape x, std::vector<Attribute> attrs) {
    auto g = slice_geometry(call("slice", {t(F32, std::move(x))}, {}, std::move(attrs)));
    EXPECT_TRUE(g.ok());
    std::vector<Shape> out;
    for (const SliceAxis& a : *g) out.push_back({a.start, a.step, a.count});
    return out;
  };
  // x[::-1] with the ONNX idiom ends = INT64_MIN.
  EXPECT_EQ(axes({5}, {ints("starts", {-1}), ints("ends", {INT64_MIN}), ints("steps", {-1})}),
            (std::vector<Shape>{{4, -1, 5}}));
  // x[1:100:2] clamps the end; the untouched axis keeps its extent.
  EXPECT_EQ(axes({3, 6},
                 {ints("starts", {1}), ints("ends", {100}), ints("axes", {1}), ints("steps", {2})}),
            (std::vector<Shape>{{0, 1, 3}, {1, 2, 3}}));
  // start past the end with a negative step clamps to dim - 1; empty when start <= end.
  EXPECT_EQ(axes({4}, {ints("starts", {10}), ints("ends", {0}), ints("steps", {-3})}),
            (std::vector<Shape>{{3, -3, 1}}));
  EXPECT_EQ(axes({4}, {ints("starts", {1}), ints("ends", {3}), ints("steps", {-1})}),
            (std::vector<Shape>{{1, -1, 0}}));
  EXPECT_EQ(axes({0}, {ints("starts", {0}), ints("ends", {5}), ints("steps", {-1})})[0][2], 0);
  EXPECT_EQ(error_of("slice", {4}, {ints("starts", {0}), ints("ends", {2}), ints("steps", {0})}),
            "slice: steps[0] is 0");
  EXPECT_EQ(error_of("slice", {4}, {ints("starts", {0}), ints("ends", {2, 3})}),
            "slice: starts has 1 entries and ends 2; they must match");
}

TEST(Movement, SplitHasOneOutputPerSize) {
  EXPECT_EQ(
      shapes_of("split", {2, 7}, {{"axis", AttributeValue{int64_t{-1}}}, ints("sizes", {3, 0, 4})}),
      (std::vector<Shape>{{2, 3}, {2, 0}, {2, 4}}));
  EXPECT_EQ(error_of("split", {2, 7}, {ints("sizes", {1})}),
            "split: sizes [1] add up to 1, the axis 0 extent is 2");
  const std::vector<Attribute> halves = {ints("sizes", {1, 1})};
  EXPECT_TRUE(
      validate_op_call(call("split", {t(F32, {2, 3})}, {t(F32, {1, 3}), t(F32, {1, 3})}, halves))
          .ok());
  EXPECT_EQ(validate_op_call(call("split", {t(F32, {2, 3})}, {t(F32, {1, 3})}, halves)).message(),
            "split: takes 2 output(s), got 1");
  EXPECT_EQ(
      validate_op_call(call("split", {t(F32, {2, 3})}, {t(F32, {1, 3}), t(F32, {2, 3})}, halves))
          .message(),
      "split: output 1 shape is [2, 3], expected [1, 3]");
}

TEST(Movement, PadModesAndTheirLimits) {
  const auto pad = [](Shape pads, const char* mode) {
    return std::vector<Attribute>{ints("pads", std::move(pads)),
                                  {"mode", AttributeValue{std::string(mode)}}};
  };
  EXPECT_EQ(shapes_of("pad", {2, 3}, pad({1, 0, 0, 2}, "constant")), (std::vector<Shape>{{3, 5}}));
  EXPECT_EQ(shapes_of("pad", {2, 3}, pad({1, 2, 1, 2}, "reflect")), (std::vector<Shape>{{4, 7}}));
  EXPECT_EQ(error_of("pad", {2, 3}, pad({0, 3, 0, 0}, "reflect")),
            "pad: reflect pad 3 on axis 1 needs a pad below the extent 3");
  EXPECT_EQ(error_of("pad", {0, 3}, pad({1, 0, 0, 0}, "edge")),
            "pad: edge pad on axis 0 of extent 0 has no edge to repeat");
  EXPECT_EQ(shapes_of("pad", {0, 3}, pad({1, 0, 0, 0}, "constant")), (std::vector<Shape>{{1, 3}}));
  EXPECT_EQ(error_of("pad", {2}, pad({1}, "constant")), "pad: pads has 1 entries, rank 1 needs 2");
  EXPECT_EQ(error_of("pad", {2}, pad({0, 0}, "wrap")),
            "pad: mode must be constant, reflect or edge, got \"wrap\"");
}

TEST(Movement, WhereBroadcastsThreeInputs) {
  const auto where = [](DType c, DType a, DType b) {
    return infer_outputs(call("where", {t(c, {3, 1}), t(a, {1, 4}), t(b, {4})}, {}));
  };
  auto ok = where(DType::kU8, DType::kI64, DType::kI64);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)[0].shape, (Shape{3, 4}));
  EXPECT_EQ((*ok)[0].dtype, DType::kI64);
  EXPECT_EQ(where(DType::kBool, F32, F32).status().message(), "where: cond must be u8, got bool");
  EXPECT_EQ(where(DType::kU8, F32, DType::kF16).status().message(),
            "where: A is f32 and B is f16; they must match");
  const DType dtypes[] = {DType::kU8, DType::kF16, DType::kF16};
  EXPECT_EQ(default_output_dtype("where", dtypes), DType::kF16);
}

TEST(Movement, ResizeSizesModesAndAccumulationLength) {
  const std::vector<Attribute> bilinear = {ints("sizes", {5, 9}),
                                           {"mode", AttributeValue{std::string("bilinear")}}};
  EXPECT_EQ(shapes_of("resize", {2, 3, 4, 6}, bilinear), (std::vector<Shape>{{2, 3, 5, 9}}));
  EXPECT_EQ(
      accumulation_length(call("resize", {t(F32, {2, 3, 4, 6})}, {t(F32, {2, 3, 5, 9})}, bilinear)),
      4 + 6 + 2);
  EXPECT_EQ(error_of("resize", {1, 1, 4, 4}, {ints("sizes", {0, 2})}),
            "resize: sizes must be [out_h, out_w], each >= 1, got [0, 2]");
  EXPECT_EQ(error_of("resize", {1, 1, 0, 4}, {ints("sizes", {2, 2})}),
            "resize: X [1, 1, 0, 4] has an empty spatial extent to sample from");
  EXPECT_EQ(error_of("resize", {4, 4}, {ints("sizes", {2, 2})}),
            "resize: X must be NCHW (rank 4), got rank 2");
  EXPECT_FALSE(op_accepts_dtype("resize", DType::kI32));
  EXPECT_TRUE(op_accepts_dtype("slice", DType::kBool));
}

}  // namespace
}  // namespace hwcert::catalogue

// The oracle of the opset-2 data-movement ops against hand-computed and published values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "hwcert/conformance/oracle.hpp"
#include "test_support.hpp"

namespace hwcert::conformance {
namespace {

using testing::F32;
using testing::I32;
using testing::oracle_values;
using testing::tensor;
using Values = std::vector<double>;

Attribute ints(const char* name, std::vector<int64_t> v) {
  return {name, AttributeValue{std::move(v)}};
}

Values iota(int n) {
  Values v;
  for (int i = 0; i < n; ++i) v.push_back(i);
  return v;
}

TEST(OracleMovement2, ReshapeFamilyKeepsRowMajorOrder) {
  EXPECT_EQ(oracle_values("reshape", {tensor(I32, {2, 3}, iota(6))}, TensorSpec::dense(I32, {3, 2}),
                          {ints("shape", {3, -1})}),
            iota(6));
  EXPECT_EQ(oracle_values("unsqueeze", {tensor(I32, {3}, iota(3))}, TensorSpec::dense(I32, {1, 3}),
                          {ints("axes", {0})}),
            iota(3));
}

TEST(OracleMovement2, ExpandAndWhereBroadcast) {
  EXPECT_EQ(oracle_values("expand", {tensor(I32, {2, 1}, {5, 7})}, TensorSpec::dense(I32, {2, 3}),
                          {ints("shape", {3})}),
            (Values{5, 5, 5, 7, 7, 7}));
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(oracle_values("where",
                          {tensor(DType::kU8, {2, 1}, {0, 200}), tensor(F32, {3}, {inf, -inf, 2}),
                           tensor(F32, {1}, {-1})},
                          TensorSpec::dense(F32, {2, 3})),
            (Values{-1, -1, -1, inf, -inf, 2}));
}

TEST(OracleMovement2, SliceNegativeStepsAndSplitOutputs) {
  EXPECT_EQ(oracle_values(
                "slice", {tensor(I32, {3, 4}, iota(12))}, TensorSpec::dense(I32, {3, 2}),
                {ints("starts", {-1, 3}), ints("ends", {INT64_MIN, 0}), ints("steps", {-1, -2})}),
            (Values{11, 9, 7, 5, 3, 1}));
  const OpCall split("split", {TensorSpec::dense(I32, {2, 4})},
                     {TensorSpec::dense(I32, {2, 1}), TensorSpec::dense(I32, {2, 3})},
                     {{"axis", AttributeValue{int64_t{1}}}, ints("sizes", {1, 3})}, 2);
  const std::vector<std::byte> image = testing::image_of(I32, iota(8));
  auto second = compute_reference(split, {image}, 1);
  ASSERT_TRUE(second.ok()) << second.status().message();
  Values got;
  for (const Reference& r : *second) got.push_back(decode_value(I32, r.bits));
  EXPECT_EQ(got, (Values{1, 2, 3, 5, 6, 7}));
  EXPECT_FALSE(compute_reference(split, {image}, 2).ok());
}

TEST(OracleMovement2, PadModesAndConvertedValue) {
  const auto pad = [](const char* mode, double value) {
    return oracle_values("pad", {tensor(I32, {3}, {1, 2, 3})}, TensorSpec::dense(I32, {7}),
                         {ints("pads", {2, 2}),
                          {"mode", AttributeValue{std::string(mode)}},
                          {"value", AttributeValue{value}}});
  };
  EXPECT_EQ(pad("constant", -7.9), (Values{-7, -7, 1, 2, 3, -7, -7}));  // truncated, as cast
  EXPECT_EQ(pad("reflect", 0), (Values{3, 2, 1, 2, 3, 2, 1}));
  EXPECT_EQ(pad("edge", 0), (Values{1, 1, 1, 2, 3, 3, 3}));
}

// tf.image.resize bilinear (half-pixel centres) of [[6, 7], [11, 12]] to 4x4, as printed in
// tensorflow/tensorflow#26278; nearest picks floor(dst * in / out).
TEST(OracleMovement2, ResizeMatchesPublishedHalfPixelValues) {
  EXPECT_EQ(
      oracle_values("resize", {tensor(F32, {1, 1, 2, 2}, {6, 7, 11, 12})},
                    TensorSpec::dense(F32, {1, 1, 4, 4}),
                    {ints("sizes", {4, 4}), {"mode", AttributeValue{std::string("bilinear")}}}),
      (Values{6, 6.25, 6.75, 7, 7.25, 7.5, 8, 8.25, 9.75, 10, 10.5, 10.75, 11, 11.25, 11.75, 12}));
  EXPECT_EQ(oracle_values("resize", {tensor(F32, {1, 1, 1, 3}, {1, 2, 3})},
                          TensorSpec::dense(F32, {1, 1, 1, 5}), {ints("sizes", {1, 5})}),
            (Values{1, 1, 2, 2, 3}));
  // A zero-weight tap never reads its neighbour: no 0 * Inf.
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(
      oracle_values("resize", {tensor(F32, {1, 1, 1, 2}, {1, inf})},
                    TensorSpec::dense(F32, {1, 1, 1, 4}),
                    {ints("sizes", {1, 4}), {"mode", AttributeValue{std::string("bilinear")}}})[0],
      1.0);
}

}  // namespace
}  // namespace hwcert::conformance

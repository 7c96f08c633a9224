// The data-movement ops of opset 2 against hand-computed values, on dense and strided views.
#include <cmath>
#include <limits>

#include "hwcert/catalogue/op_schema.hpp"
#include "ops/op.hpp"
#include "plugin_fixture.hpp"
#include "runtime.hpp"

namespace hwcert::reference::test {
namespace {

using Movement2Test = PluginTest;

constexpr int32_t I32 = HWC_DTYPE_I32;

TEST(Registry, ImplementsEveryOpOfTheOpsetItReports) {
  EXPECT_EQ(kPluginOpset, catalogue::kOpset);
  for (const catalogue::OpSchema& schema : catalogue::op_schemas()) {
    const OpEntry* entry = find_op(schema.name);
    ASSERT_NE(entry, nullptr) << schema.name;
    EXPECT_EQ(entry->since, schema.since) << schema.name;
  }
}

TEST_F(Movement2Test, ReshapeFamilyKeepsRowMajorOrderOfStridedInputs) {
  HWC_Buffer* x = upload<int32_t>({1, 2, 3, 4, 5, 6});
  HWC_Buffer* y = alloc(6 * sizeof(int32_t));
  // X [2, 3] read column-major: logical rows 1 3 5 / 2 4 6.
  Op reshape{"reshape",
             {Tensor(I32, {2, 3}).strides({1, 2})},
             {Tensor(I32, {3, 2})},
             {ints_attr("shape", {-1, 2})}};
  ASSERT_EQ(run(reshape, {x}, {y}), 0);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{1, 3, 5, 2, 4, 6}));
  Op flatten{"flatten", {Tensor(I32, {1, 2, 3})}, {Tensor(I32, {1, 6})}};
  ASSERT_EQ(run(flatten, {x}, {y}), 0);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{1, 2, 3, 4, 5, 6}));
  Op squeeze{"squeeze",
             {Tensor(I32, {3, 1, 2})},
             {Tensor(I32, {3, 2}).strides({1, 3})},  // written column-major
             {ints_attr("axes", {1})}};
  ASSERT_EQ(run(squeeze, {x}, {y}), 0);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{1, 3, 5, 2, 4, 6}));
  Op unsqueeze{
      "unsqueeze", {Tensor(I32, {6})}, {Tensor(I32, {1, 6, 1})}, {ints_attr("axes", {0, -1})}};
  ASSERT_EQ(run(unsqueeze, {x}, {y}), 0);
  Op bad{"reshape", {Tensor(I32, {6})}, {Tensor(I32, {4})}, {ints_attr("shape", {4})}};
  EXPECT_EQ(support(bad), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(Movement2Test, ExpandAndWhereBroadcast) {
  HWC_Buffer* x = upload<float>({1, 2, 3});
  HWC_Buffer* y = alloc(6 * sizeof(float));
  Op expand{"expand", {Tensor(F32, {3, 1})}, {Tensor(F32, {3, 2})}, {ints_attr("shape", {1, 2})}};
  ASSERT_EQ(run(expand, {x}, {y}), 0);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{1, 1, 2, 2, 3, 3}));
  const float inf = std::numeric_limits<float>::infinity();
  HWC_Buffer* cond = upload<uint8_t>({0, 7});
  HWC_Buffer* a = upload<float>({inf, -inf, 5});
  HWC_Buffer* b = upload<float>({-1});
  Op where{"where",
           {Tensor(HWC_DTYPE_U8, {2, 1}), Tensor(F32, {3}), Tensor(F32, {1})},
           {Tensor(F32, {2, 3})}};
  ASSERT_EQ(run(where, {cond, a, b}, {y}), 0);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{-1, -1, -1, inf, -inf, 5}));
  Op bool_cond{"where",
               {Tensor(HWC_DTYPE_BOOL, {2, 1}), Tensor(F32, {3}), Tensor(F32, {1})},
               {Tensor(F32, {2, 3})}};
  EXPECT_EQ(support(bool_cond), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(Movement2Test, SliceWithNegativeStepsAndClampedBounds) {
  HWC_Buffer* x = upload<int32_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});  // [3, 4]
  HWC_Buffer* y = alloc(12 * sizeof(int32_t));
  // x[::-1, 3:0:-2] with the ONNX idiom for "to the start".
  Op slice{
      "slice",
      {Tensor(I32, {3, 4})},
      {Tensor(I32, {3, 2})},
      {ints_attr("starts", {-1, 3}), ints_attr("ends", {std::numeric_limits<int64_t>::min(), 0}),
       ints_attr("steps", {-1, -2})}};
  ASSERT_EQ(run(slice, {x}, {y}), 0);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{11, 9, 7, 5, 3, 1}));
  Op clamped{"slice",
             {Tensor(I32, {3, 4})},
             {Tensor(I32, {3, 2})},
             {ints_attr("starts", {-100}), ints_attr("ends", {100}), ints_attr("axes", {1}),
              ints_attr("steps", {3})}};
  ASSERT_EQ(run(clamped, {x}, {y}), 0);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{0, 3, 4, 7, 8, 11}));
  Op zero_step{"slice",
               {Tensor(I32, {3, 4})},
               {Tensor(I32, {3, 4})},
               {ints_attr("starts", {0}), ints_attr("ends", {1}), ints_attr("steps", {0})}};
  EXPECT_EQ(support(zero_step), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(Movement2Test, SplitWritesEveryOutput) {
  HWC_Buffer* x = upload<int32_t>({0, 1, 2, 3, 4, 5, 6, 7});  // [2, 4]
  HWC_Buffer* y0 = alloc(4 * sizeof(int32_t));
  HWC_Buffer* y1 = alloc(4 * sizeof(int32_t));
  HWC_Buffer* y2 = alloc(6 * sizeof(int32_t));
  Op split{"split",
           {Tensor(I32, {2, 4})},
           {Tensor(I32, {2, 1}), Tensor(I32, {2, 0}), Tensor(I32, {2, 3})},
           {int_attr("axis", 1), ints_attr("sizes", {1, 0, 3})}};
  std::string message;
  ASSERT_EQ(run(split, {x}, {y0, y1, y2}, &message), 0) << message;
  EXPECT_EQ(download<int32_t>(y0, 2), (std::vector<int32_t>{0, 4}));
  EXPECT_EQ(download<int32_t>(y2, 6), (std::vector<int32_t>{1, 2, 3, 5, 6, 7}));
  Op short_sizes{"split", {Tensor(I32, {2, 4})}, {Tensor(I32, {2, 1})}, {ints_attr("sizes", {1})}};
  EXPECT_EQ(support(short_sizes), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(Movement2Test, PadModes) {
  HWC_Buffer* x = upload<int32_t>({1, 2, 3});
  HWC_Buffer* y = alloc(8 * sizeof(int32_t));
  const auto pad = [&](const char* mode, double value) {
    Op op{"pad",
          {Tensor(I32, {3})},
          {Tensor(I32, {7})},
          {ints_attr("pads", {2, 2}), string_attr("mode", mode), float_attr("value", value)}};
    EXPECT_EQ(run(op, {x}, {y}), 0);
    return download<int32_t>(y, 7);
  };
  EXPECT_EQ(pad("constant", -7.9), (std::vector<int32_t>{-7, -7, 1, 2, 3, -7, -7}));
  EXPECT_EQ(pad("reflect", 0), (std::vector<int32_t>{3, 2, 1, 2, 3, 2, 1}));
  EXPECT_EQ(pad("edge", 0), (std::vector<int32_t>{1, 1, 1, 2, 3, 3, 3}));
  Op too_far{"pad",
             {Tensor(I32, {3})},
             {Tensor(I32, {9})},
             {ints_attr("pads", {3, 3}), string_attr("mode", "reflect")}};
  EXPECT_EQ(support(too_far), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(Movement2Test, ResizeNearestAndBilinearHalfPixel) {
  HWC_Buffer* x = upload<float>({6, 7, 11, 12});  // [1, 1, 2, 2]
  HWC_Buffer* y = alloc(16 * sizeof(float));
  Op bilinear{"resize",
              {Tensor(F32, {1, 1, 2, 2})},
              {Tensor(F32, {1, 1, 4, 4})},
              {ints_attr("sizes", {4, 4}), string_attr("mode", "bilinear")}};
  ASSERT_EQ(run(bilinear, {x}, {y}), 0);
  EXPECT_EQ(download<float>(y, 16), (std::vector<float>{6, 6.25, 6.75, 7, 7.25, 7.5, 8, 8.25, 9.75,
                                                        10, 10.5, 10.75, 11, 11.25, 11.75, 12}));
  Op nearest{"resize",
             {Tensor(F32, {1, 1, 2, 2})},
             {Tensor(F32, {1, 1, 3, 1})},
             {ints_attr("sizes", {3, 1})}};
  ASSERT_EQ(run(nearest, {x}, {y}), 0);
  EXPECT_EQ(download<float>(y, 3), (std::vector<float>{6, 6, 11}));
  Op ints{"resize",
          {Tensor(I32, {1, 1, 2, 2})},
          {Tensor(I32, {1, 1, 4, 4})},
          {ints_attr("sizes", {4, 4})}};
  EXPECT_EQ(support(ints), HWC_OP_UNSUPPORTED);
}

}  // namespace
}  // namespace hwcert::reference::test

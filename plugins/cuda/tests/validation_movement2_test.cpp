// Descriptor checks of the opset-2 data-movement ops, without a device: shapes, dtypes and
// attributes as docs/op-catalogue.md gives them are planned; malformed ones are
// INVALID_ARGUMENT before anything reaches a GPU.
#include <limits>
#include <string>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

constexpr int32_t kI64 = HWC_DTYPE_I64;

/// plan_op's status for an op of one input and one output, with `attributes`.
int32_t plan_unary_status(std::string name, HWC_TensorDesc x, HWC_TensorDesc y,
                          std::vector<Attr> attributes) {
  return plan_status(OpCall(std::move(name), {x}, {y}, std::move(attributes)));
}

TEST(CudaValidationOpset2, ReshapeFamilyShapes) {
  EXPECT_EQ(plan_unary_status("reshape", tensor(kI64, {2, 3}), tensor(kI64, {3, 2}),
                              {ints_attr("shape", {-1, 2})}),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_unary_status("reshape", tensor(kI64, {3, 2}, {1, 3}), tensor(kI64, {6}),
                              {ints_attr("shape", {6})}),
            HWC_STATUS_OK)
      << "a transposed view is copied in row-major order";
  EXPECT_EQ(plan_unary_status("reshape", tensor(kI64, {2, 3}), tensor(kI64, {5}),
                              {ints_attr("shape", {5})}),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_unary_status("reshape", tensor(kI64, {2, 3}), tensor(kI64, {6}), {}),
            HWC_STATUS_INVALID_ARGUMENT)
      << "shape is required";
  EXPECT_EQ(plan_unary_status("flatten", tensor(kF32, {2, 3, 4}), tensor(kF32, {6, 4}),
                              {int_attr("axis", -1)}),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_unary_status("flatten", tensor(kF32, {2, 3, 4}), tensor(kF32, {2, 12}), {}),
            HWC_STATUS_OK)
      << "axis defaults to 1";
  EXPECT_EQ(plan_unary_status("squeeze", tensor(kF32, {1, 3}), tensor(kF32, {3}),
                              {ints_attr("axes", {0})}),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_unary_status("squeeze", tensor(kF32, {2, 3}), tensor(kF32, {3}),
                              {ints_attr("axes", {0})}),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_unary_status("unsqueeze", tensor(kF32, {3}), tensor(kF32, {1, 3, 1}),
                              {ints_attr("axes", {0, 2})}),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_unary_status("unsqueeze", tensor(kF32, {3}), tensor(kF32, {3, 1}),
                              {ints_attr("axes", {0})}),
            HWC_STATUS_INVALID_ARGUMENT)
      << "the output shape must be [1, 3]";
}

TEST(CudaValidationOpset2, ExpandSlicePadResize) {
  EXPECT_EQ(plan_unary_status("expand", tensor(kF32, {3, 1}), tensor(kF32, {2, 3, 4}),
                              {ints_attr("shape", {2, 1, 4})}),
            HWC_STATUS_OK);
  EXPECT_EQ(
      plan_unary_status("expand", tensor(kF32, {3}), tensor(kF32, {4}), {ints_attr("shape", {4})}),
      HWC_STATUS_INVALID_ARGUMENT);
  const int64_t low = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(plan_unary_status("slice", tensor(kF32, {4, 5}), tensor(kF32, {2, 3}),
                              {ints_attr("starts", {1, -1}), ints_attr("ends", {4, low}),
                               ints_attr("steps", {2, -2})}),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_unary_status(
                "slice", tensor(kF32, {4}), tensor(kF32, {4}),
                {ints_attr("starts", {0}), ints_attr("ends", {4}), ints_attr("steps", {0})}),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_unary_status("pad", tensor(HWC_DTYPE_BF16, {2, 3}), tensor(HWC_DTYPE_BF16, {4, 7}),
                              {ints_attr("pads", {1, 2, 1, 2}), string_attr("mode", "reflect")}),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_unary_status("pad", tensor(kF32, {2}), tensor(kF32, {5}),
                              {ints_attr("pads", {3, 0}), string_attr("mode", "reflect")}),
            HWC_STATUS_INVALID_ARGUMENT)
      << "reflect needs pads below the extent";
  EXPECT_EQ(plan_unary_status("pad", tensor(kF32, {2}), tensor(kF32, {3}),
                              {ints_attr("pads", {1, 0}), string_attr("mode", "wrap")}),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_unary_status("resize", tensor(HWC_DTYPE_F16, {1, 2, 3, 4}),
                              tensor(HWC_DTYPE_F16, {1, 2, 6, 8}),
                              {ints_attr("sizes", {6, 8}), string_attr("mode", "bilinear")}),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_unary_status("resize", tensor(HWC_DTYPE_I32, {1, 1, 2, 2}),
                              tensor(HWC_DTYPE_I32, {1, 1, 4, 4}), {ints_attr("sizes", {4, 4})}),
            HWC_STATUS_INVALID_ARGUMENT)
      << "resize takes float dtypes";
  EXPECT_EQ(plan_unary_status("resize", tensor(kF32, {2, 2, 2}), tensor(kF32, {2, 4, 4}),
                              {ints_attr("sizes", {4, 4})}),
            HWC_STATUS_INVALID_ARGUMENT)
      << "X must be NCHW";
}

TEST(CudaValidationOpset2, SplitAndWhereTakeSeveralTensors) {
  const auto split = [](std::vector<int64_t> sizes, std::vector<HWC_TensorDesc> outputs) {
    std::vector<Attr> attributes;
    attributes.push_back(int_attr("axis", 1));
    attributes.push_back(ints_attr("sizes", std::move(sizes)));
    return OpCall("split", {tensor(kF32, {2, 5})}, std::move(outputs), std::move(attributes));
  };
  EXPECT_EQ(plan_status(split({2, 0, 3},
                              {tensor(kF32, {2, 2}), tensor(kF32, {2, 0}), tensor(kF32, {2, 3})})),
            HWC_STATUS_OK);
  EXPECT_EQ(plan_status(split({2, 3}, {tensor(kF32, {2, 2}), tensor(kF32, {2, 2})})),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(plan_status(split({2, 2}, {tensor(kF32, {2, 2}), tensor(kF32, {2, 2})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "sizes must add up to the extent";
  EXPECT_EQ(plan_status(split({5}, {tensor(kF32, {2, 2}), tensor(kF32, {2, 3})})),
            HWC_STATUS_INVALID_ARGUMENT)
      << "one size per output";
  const auto where = [](int32_t cond_dtype) {
    return OpCall("where", {tensor(cond_dtype, {2, 1}), tensor(kI64, {3}), tensor(kI64, {1})},
                  {tensor(kI64, {2, 3})});
  };
  EXPECT_EQ(plan_status(where(HWC_DTYPE_U8)), HWC_STATUS_OK);
  EXPECT_EQ(plan_status(where(kF32)), HWC_STATUS_INVALID_ARGUMENT) << "cond is u8";
  OpCall old_opset("where", {tensor(HWC_DTYPE_U8, {1}), tensor(kI64, {1}), tensor(kI64, {1})},
                   {tensor(kI64, {1})});
  old_opset.mutable_desc().opset = 1;
  EXPECT_EQ(plan_status(old_opset), HWC_STATUS_INVALID_ARGUMENT) << "where is an opset-2 op";
}

}  // namespace
}  // namespace hwcert::cuda::testing

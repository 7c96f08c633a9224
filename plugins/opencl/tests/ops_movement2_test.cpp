// The opset-2 data-movement ops (reshape, flatten, squeeze, unsqueeze, expand, slice, split,
// pad, where, resize) against values worked out by hand from docs/op-catalogue.md, on dense
// and strided views, and the descriptors they refuse.
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::opencl::testing {
namespace {

using OpenClMovement2Test = PluginTest;
constexpr int32_t kI32 = HWC_DTYPE_I32;

std::vector<int32_t> iota_i32(size_t n) {
  std::vector<int32_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

TEST_F(OpenClMovement2Test, ReshapeFamilyReadsRowMajorOrder) {
  HWC_Buffer* x = upload(std::vector<int32_t>{1, 2, 3, 4, 5, 6});
  HWC_Buffer* y = alloc(6 * 4);
  OpBuilder reshape("reshape");
  reshape.input(dense(kI32, {2, 3})).output(dense(kI32, {3, 2})).attr(ints_attr("shape", {-1, 2}));
  ASSERT_EQ(run(reshape, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{1, 2, 3, 4, 5, 6}));
  // A transposed view [3, 2] (strides [1, 3]) has no strided view of shape [6]: row-major
  // order of the view is 1 4 2 5 3 6.
  OpBuilder flat("flatten");
  flat.input(strided(kI32, {3, 2}, {1, 3})).output(dense(kI32, {1, 6})).attr(int_attr("axis", 0));
  ASSERT_EQ(run(flat, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{1, 4, 2, 5, 3, 6}));
  OpBuilder reshape_view("reshape");
  reshape_view.input(strided(kI32, {3, 2}, {1, 3})).output(dense(kI32, {2, 3}));
  reshape_view.attr(ints_attr("shape", {2, 3}));
  ASSERT_EQ(run(reshape_view, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{1, 4, 2, 5, 3, 6}));
  // squeeze and unsqueeze of every second element (strides survive the dropped dims).
  OpBuilder squeeze("squeeze");
  squeeze.input(strided(kI32, {1, 3, 1}, {6, 2, 1})).output(dense(kI32, {3}));
  squeeze.attr(ints_attr("axes", {0, -1}));
  ASSERT_EQ(run(squeeze, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 3), (std::vector<int32_t>{1, 3, 5}));
  OpBuilder unsqueeze("unsqueeze");
  unsqueeze.input(strided(kI32, {3}, {2}, 4)).output(dense(kI32, {3, 1}));
  unsqueeze.attr(ints_attr("axes", {1}));
  ASSERT_EQ(run(unsqueeze, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 3), (std::vector<int32_t>{2, 4, 6}));
}

TEST_F(OpenClMovement2Test, ExpandBroadcastsToTheGivenShape) {
  HWC_Buffer* x = upload(std::vector<float>{1, 2, 3});
  HWC_Buffer* y = alloc(2 * 3 * 2 * 4);
  OpBuilder op("expand");
  op.input(dense(kF32, {3, 1})).output(dense(kF32, {2, 3, 2})).attr(ints_attr("shape", {2, 1, 2}));
  ASSERT_EQ(run(op, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 12), (std::vector<float>{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
}

TEST_F(OpenClMovement2Test, SliceStepsBothWays) {
  // x = 0..19 as [4, 5]; rows 1:4:2 (1, 3), columns from the last backwards by 2 (4, 2, 0).
  HWC_Buffer* x = upload(iota_i32(20));
  HWC_Buffer* y = alloc(6 * 4);
  OpBuilder op("slice");
  op.input(dense(kI32, {4, 5})).output(dense(kI32, {2, 3}));
  op.attr(ints_attr("starts", {1, -1}))
      .attr(ints_attr("ends", {4, std::numeric_limits<int64_t>::min()}))
      .attr(ints_attr("axes", {0, 1}))
      .attr(ints_attr("steps", {2, -2}));
  ASSERT_EQ(run(op, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{9, 7, 5, 19, 17, 15}));
  // Defaults: axes 0.., steps 1; an end past the extent clamps.
  OpBuilder tail("slice");
  tail.input(dense(kI32, {4, 5})).output(dense(kI32, {1, 2}));
  tail.attr(ints_attr("starts", {-1, 3})).attr(ints_attr("ends", {100, 5}));
  ASSERT_EQ(run(tail, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 2), (std::vector<int32_t>{18, 19}));
}

TEST_F(OpenClMovement2Test, SplitFillsEveryOutput) {
  HWC_Buffer* x = upload(iota_i32(10));  // [2, 5]
  HWC_Buffer* a = alloc(4 * 4);
  HWC_Buffer* empty = alloc(4);
  HWC_Buffer* b = alloc(6 * 4);
  OpBuilder op("split");
  op.input(dense(kI32, {2, 5}))
      .output(dense(kI32, {2, 2}))
      .output(dense(kI32, {2, 0}))
      .output(dense(kI32, {2, 3}));
  op.attr(int_attr("axis", -1)).attr(ints_attr("sizes", {2, 0, 3}));
  ASSERT_EQ(run(op, {x}, {a, empty, b}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(a, 4), (std::vector<int32_t>{0, 1, 5, 6}));
  EXPECT_EQ(download<int32_t>(b, 6), (std::vector<int32_t>{2, 3, 4, 7, 8, 9}));
}

TEST_F(OpenClMovement2Test, PadConstantReflectEdge) {
  HWC_Buffer* x = upload(std::vector<int32_t>{1, 2, 3, 4});
  HWC_Buffer* y = alloc(9 * 4);
  OpBuilder constant("pad");
  constant.input(dense(kI32, {2, 2})).output(dense(kI32, {3, 3}));
  constant.attr(ints_attr("pads", {1, 0, 0, 1})).attr(float_attr("value", 9.7));
  ASSERT_EQ(run(constant, {x}, {y}), HWC_STATUS_OK);  // 9.7 truncates to 9
  EXPECT_EQ(download<int32_t>(y, 9), (std::vector<int32_t>{9, 9, 9, 1, 2, 9, 3, 4, 9}));

  HWC_Buffer* row = upload(std::vector<float>{1, 2, 3});
  HWC_Buffer* z = alloc(7 * 4);
  OpBuilder reflect("pad");
  reflect.input(dense(kF32, {3})).output(dense(kF32, {7}));
  reflect.attr(ints_attr("pads", {2, 2})).attr(string_attr("mode", "reflect"));
  ASSERT_EQ(run(reflect, {row}, {z}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(z, 7), (std::vector<float>{3, 2, 1, 2, 3, 2, 1}));
  OpBuilder edge("pad");
  edge.input(dense(kF32, {3})).output(dense(kF32, {6}));
  edge.attr(ints_attr("pads", {2, 1})).attr(string_attr("mode", "edge"));
  ASSERT_EQ(run(edge, {row}, {z}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(z, 6), (std::vector<float>{1, 1, 1, 2, 3, 3}));

  // f16: the value's bits are the catalogue cast of 1.5 (0x3E00).
  HWC_Buffer* h = upload(std::vector<uint16_t>{0x3C00});
  HWC_Buffer* hy = alloc(3 * 2);
  OpBuilder half("pad");
  half.input(dense(HWC_DTYPE_F16, {1})).output(dense(HWC_DTYPE_F16, {3}));
  half.attr(ints_attr("pads", {1, 1})).attr(float_attr("value", 1.5));
  ASSERT_EQ(run(half, {h}, {hy}), HWC_STATUS_OK);
  EXPECT_EQ(download<uint16_t>(hy, 3), (std::vector<uint16_t>{0x3E00, 0x3C00, 0x3E00}));
}

TEST_F(OpenClMovement2Test, WhereBroadcastsItsThreeInputs) {
  HWC_Buffer* cond = upload(std::vector<uint8_t>{7, 0});  // [2, 1]: non-zero is true
  HWC_Buffer* a = upload(std::vector<float>{1, 2, 3});    // [3]
  HWC_Buffer* b = upload(std::vector<float>{-1});         // [1]
  HWC_Buffer* y = alloc(6 * 4);
  OpBuilder op("where");
  op.input(dense(HWC_DTYPE_U8, {2, 1})).input(dense(kF32, {3})).input(dense(kF32, {1}));
  op.output(dense(kF32, {2, 3}));
  ASSERT_EQ(run(op, {cond, a, b}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{1, 2, 3, -1, -1, -1}));
}

TEST_F(OpenClMovement2Test, ResizeNearestAndBilinear) {
  HWC_Buffer* x = upload(std::vector<float>{0, 1, 2, 3});  // [1, 1, 2, 2]
  HWC_Buffer* y = alloc(16 * 4);
  OpBuilder nearest("resize");
  nearest.input(dense(kF32, {1, 1, 2, 2})).output(dense(kF32, {1, 1, 4, 3}));
  nearest.attr(ints_attr("sizes", {4, 3}));
  ASSERT_EQ(run(nearest, {x}, {y}), HWC_STATUS_OK);
  // rows floor(h * 2 / 4) = 0 0 1 1, columns floor(w * 2 / 3) = 0 0 1
  EXPECT_EQ(download<float>(y, 12), (std::vector<float>{0, 0, 1, 0, 0, 1, 2, 2, 3, 2, 2, 3}));
  // 2 -> 4 samples at max(0, (d + 0.5) / 2 - 0.5) = 0, 0.25, 0.75, 1.25 (clamped to 1).
  OpBuilder bilinear("resize");
  bilinear.input(dense(kF32, {1, 1, 2, 2})).output(dense(kF32, {1, 1, 4, 4}));
  bilinear.attr(ints_attr("sizes", {4, 4})).attr(string_attr("mode", "bilinear"));
  ASSERT_EQ(run(bilinear, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 16),
            (std::vector<float>{0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f,
                                2.5f, 2, 2.25f, 2.75f, 3}));
  // Same size: every tap but one has weight 0, so the Inf beside 1 does not make a NaN.
  const float inf = std::numeric_limits<float>::infinity();
  HWC_Buffer* column = upload(std::vector<float>{1, inf});
  OpBuilder same("resize");
  same.input(dense(kF32, {1, 1, 2, 1})).output(dense(kF32, {1, 1, 2, 1}));
  same.attr(ints_attr("sizes", {2, 1})).attr(string_attr("mode", "bilinear"));
  ASSERT_EQ(run(same, {column}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 2), (std::vector<float>{1, inf}));
}

TEST_F(OpenClMovement2Test, MalformedDescriptorsAreRefused) {
  HWC_Buffer* x = upload(iota_i32(6));
  HWC_Buffer* y = alloc(6 * 4);
  OpBuilder count("reshape");
  count.input(dense(kI32, {2, 3})).output(dense(kI32, {4})).attr(ints_attr("shape", {4}));
  std::string text;
  EXPECT_EQ(run(count, {x}, {y}, &text), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(text.find("reshape"), std::string::npos) << text;
  OpBuilder cond("where");
  cond.input(dense(kF32, {2})).input(dense(kI32, {2})).input(dense(kI32, {2}));
  cond.output(dense(kI32, {2}));
  EXPECT_EQ(run(cond, {x, x, x}, {y}), HWC_STATUS_INVALID_ARGUMENT);
  OpBuilder ints("resize");
  ints.input(dense(kI32, {1, 1, 1, 2})).output(dense(kI32, {1, 1, 1, 4}));
  ints.attr(ints_attr("sizes", {1, 4}));
  EXPECT_EQ(run(ints, {x}, {y}), HWC_STATUS_INVALID_ARGUMENT);
  OpBuilder reflect("pad");
  reflect.input(dense(kI32, {2})).output(dense(kI32, {4}));
  reflect.attr(ints_attr("pads", {2, 0})).attr(string_attr("mode", "reflect"));
  EXPECT_EQ(run(reflect, {x}, {y}), HWC_STATUS_INVALID_ARGUMENT);
  OpBuilder sizes("split");
  sizes.input(dense(kI32, {6})).output(dense(kI32, {2})).output(dense(kI32, {3}));
  sizes.attr(ints_attr("sizes", {2, 3}));
  EXPECT_EQ(run(sizes, {x}, {y, y}), HWC_STATUS_INVALID_ARGUMENT);
  // A descriptor that names opset 1 for an opset-2 op.
  OpBuilder old("squeeze");
  old.input(dense(kI32, {1, 6})).output(dense(kI32, {6})).attr(ints_attr("axes", {0}));
  HWC_OpDesc desc = old.desc();
  desc.opset = 1;
  int32_t support = -1;
  char reason[256] = {};
  EXPECT_EQ(status(api_->op_support(device_, &desc, &support, reason, sizeof(reason))),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(supported(old), HWC_OP_SUPPORTED);
}

}  // namespace
}  // namespace hwcert::opencl::testing

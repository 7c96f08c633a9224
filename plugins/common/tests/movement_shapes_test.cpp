// The opset-2 data-movement geometry against shapes and slice positions worked out by hand
// from docs/op-catalogue.md (ONNX semantics for slice), and its refusals.
#include "hwcert/plugin_common/movement_shapes.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "hwcert/plugin_common/op_kinds.hpp"
#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {
namespace {

using V = std::vector<int64_t>;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

/// The status a call ends with (OK when it returns), its message in *message.
template <typename F>
int32_t status_of(F&& f, std::string* message = nullptr) {
  try {
    f();
    return HWC_STATUS_OK;
  } catch (const Failure& failure) {
    if (message != nullptr) *message = failure.message();
    return failure.code();
  }
}

TEST(MovementShapes, ReshapeInfersOneExtent) {
  EXPECT_EQ(reshape_extents(V{2, 3, 4}, V{4, -1}), (V{4, 6}));
  EXPECT_EQ(reshape_extents(V{2, 3, 4}, V{24}), (V{24}));
  EXPECT_EQ(reshape_extents(V{0, 3}, V{3, 0}), (V{3, 0}));
  EXPECT_EQ(reshape_extents(V{}, V{1, 1}), (V{1, 1}));
  std::string message;
  EXPECT_EQ(status_of([] { reshape_extents(V{2, 3}, V{-1, -1}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of(
                [] {
                  reshape_extents(V{2, 3}, V{4, -1});
                },
                &message),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("-1"), std::string::npos) << message;
  EXPECT_EQ(status_of([] { reshape_extents(V{2, 3}, V{5}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { reshape_extents(V{2, 3}, V{-2, -3}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { reshape_extents(V{0, 3}, V{-1, 0}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { reshape_extents(V{2}, V{kMax, kMax}); }), HWC_STATUS_INVALID_ARGUMENT);
}

TEST(MovementShapes, FlattenSqueezeUnsqueeze) {
  EXPECT_EQ(flatten_extents(V{2, 3, 4}, 1), (V{2, 12}));
  EXPECT_EQ(flatten_extents(V{2, 3, 4}, 0), (V{1, 24}));
  EXPECT_EQ(flatten_extents(V{2, 3, 4}, 3), (V{24, 1}));
  EXPECT_EQ(flatten_extents(V{2, 3, 4}, -1), (V{6, 4}));
  EXPECT_EQ(status_of([] { flatten_extents(V{2, 3}, 3); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(squeeze_extents(V{1, 3, 1, 2}, V{0, -2}), (V{3, 2}));
  EXPECT_EQ(status_of([] { squeeze_extents(V{1, 3}, V{1}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { squeeze_extents(V{1, 3}, V{0, -2}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(unsqueeze_extents(V{3, 2}, V{0, 3}), (V{1, 3, 2, 1}));
  EXPECT_EQ(unsqueeze_extents(V{3, 2}, V{-1, 1}), (V{3, 1, 2, 1}));
  EXPECT_EQ(status_of([] { unsqueeze_extents(V{3}, V{2}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(unsqueeze_extents(V{3}, V{0, -2}), (V{1, 1, 3}));
  EXPECT_EQ(status_of([] { unsqueeze_extents(V{3}, V{0, -3}); }), HWC_STATUS_INVALID_ARGUMENT);
}

TEST(MovementShapes, BroadcastAlignsAtTheRight) {
  EXPECT_EQ(broadcast_shapes(V{3, 1}, V{2, 1, 4}), (V{2, 3, 4}));
  EXPECT_EQ(expand_extents(V{3, 1}, V{2, 1, 4}), (V{2, 3, 4}));
  EXPECT_EQ(expand_extents(V{1}, V{0}), (V{0}));
  EXPECT_EQ(status_of([] { expand_extents(V{1}, V{-2}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(broadcast_shapes(V{}, V{5}), (V{5}));
  EXPECT_EQ(status_of([] { broadcast_shapes(V{3}, V{4}); }), HWC_STATUS_INVALID_ARGUMENT);
}

TEST(MovementShapes, SliceClampsAsOnnxDoes) {
  // x[1:4:2, ::-1] of [5, 3]: rows 1 and 3, columns 2, 1, 0.
  SliceAttributes s{V{1, -1}, V{4, kMin}, V{0, 1}, V{2, -1}};
  auto dims = slice_dims(V{5, 3}, s);
  ASSERT_EQ(dims.size(), 2u);
  EXPECT_EQ(dims[0].start, 1);
  EXPECT_EQ(dims[0].step, 2);
  EXPECT_EQ(dims[0].count, 2);
  EXPECT_EQ(dims[1].start, 2);
  EXPECT_EQ(dims[1].step, -1);
  EXPECT_EQ(dims[1].count, 3);
  // Only the last axis named; ends beyond the extent clamp; the other dim is whole.
  dims = slice_dims(V{4, 6}, SliceAttributes{V{-4}, V{kMax}, V{-1}, std::nullopt});
  EXPECT_EQ(dims[0].start, 0);
  EXPECT_EQ(dims[0].count, 4);
  EXPECT_EQ(dims[1].start, 2);
  EXPECT_EQ(dims[1].count, 4);
  // Empty results: start past the end, and a negative step over an empty axis.
  EXPECT_EQ(slice_dims(V{4}, SliceAttributes{V{3}, V{1}, std::nullopt, std::nullopt})[0].count, 0);
  EXPECT_EQ(slice_dims(V{0}, SliceAttributes{V{0}, V{kMin}, std::nullopt, V{-1}})[0].count, 0);
  // A huge step takes one element and keeps step 1 (no stride overflow).
  dims = slice_dims(V{7}, SliceAttributes{V{-1}, V{kMin}, std::nullopt, V{kMin}});
  EXPECT_EQ(dims[0].start, 6);
  EXPECT_EQ(dims[0].count, 1);
  EXPECT_EQ(dims[0].step, 1);
  EXPECT_EQ(status_of([] {
              slice_dims(V{4}, SliceAttributes{V{0}, V{4}, std::nullopt, V{0}});
            }),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] {
              slice_dims(V{4}, SliceAttributes{V{0}, V{}, std::nullopt, std::nullopt});
            }),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] {
              slice_dims(V{4, 4}, SliceAttributes{V{0, 0}, V{1, 1}, V{1, -1}, std::nullopt});
            }),
            HWC_STATUS_INVALID_ARGUMENT);
}

TEST(MovementShapes, SplitStartsAddUp) {
  EXPECT_EQ(split_starts(6, V{1, 0, 5}, 3), (V{0, 1, 1}));
  EXPECT_EQ(status_of([] { split_starts(6, V{1, 5}, 3); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { split_starts(6, V{1, 4}, 2); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { split_starts(6, V{7, -1}, 2); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { split_starts(6, V{kMax, kMax}, 2); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { split_starts(0, V{}, 0); }), HWC_STATUS_INVALID_ARGUMENT);
}

TEST(MovementShapes, PadChecksModesAndExtents) {
  EXPECT_EQ(pad_extents(V{2, 3}, V{1, 0, 0, 2}, PadMode::kConstant), (V{3, 5}));
  EXPECT_EQ(pad_extents(V{0, 3}, V{1, 0, 1, 0}, PadMode::kConstant), (V{2, 3}));
  EXPECT_EQ(pad_extents(V{2, 3}, V{1, 2, 1, 2}, PadMode::kReflect), (V{4, 7}));
  EXPECT_EQ(pad_mode("edge"), PadMode::kEdge);
  EXPECT_EQ(status_of([] { pad_mode("wrap"); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] {
              pad_extents(V{2, 3}, V{1, 3, 0, 0}, PadMode::kReflect);
            }),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] {
              pad_extents(V{0}, V{1, 0}, PadMode::kEdge);
            }),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] {
              pad_extents(V{2}, V{-1, 0}, PadMode::kConstant);
            }),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { pad_extents(V{2}, V{1}, PadMode::kConstant); }),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] {
              pad_extents(V{2}, V{kMax, 0}, PadMode::kConstant);
            }),
            HWC_STATUS_INVALID_ARGUMENT);
}

/// A descriptor with a dtype and shape (strides do not matter to where_extents).
HWC_TensorDesc desc(int32_t dtype, V shape) {
  HWC_TensorDesc d{};
  d.struct_size = sizeof(d);
  d.dtype = dtype;
  d.rank = static_cast<uint32_t>(shape.size());
  for (size_t i = 0; i < shape.size(); ++i) d.shape[i] = shape[i];
  return d;
}

TEST(MovementShapes, WhereBroadcastsThreeShapes) {
  const HWC_TensorDesc cond = desc(HWC_DTYPE_U8, V{2, 1});
  EXPECT_EQ(where_extents(cond, desc(HWC_DTYPE_F16, V{3}), desc(HWC_DTYPE_F16, V{1, 1, 1})),
            (V{1, 2, 3}));
  EXPECT_EQ(status_of([&] {
              where_extents(desc(HWC_DTYPE_BOOL, V{2}), desc(HWC_DTYPE_F32, V{2}),
                            desc(HWC_DTYPE_F32, V{2}));
            }),
            HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(
      status_of([&] { where_extents(cond, desc(HWC_DTYPE_F32, V{2}), desc(HWC_DTYPE_I32, V{2})); }),
      HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(
      status_of([&] { where_extents(cond, desc(HWC_DTYPE_F32, V{3}), desc(HWC_DTYPE_F32, V{4})); }),
      HWC_STATUS_INVALID_ARGUMENT);
}

TEST(MovementShapes, ResizeIsNchw) {
  EXPECT_EQ(resize_extents(V{2, 3, 4, 5}, V{8, 1}), (V{2, 3, 8, 1}));
  EXPECT_EQ(resize_mode("bilinear"), ResizeMode::kBilinear);
  EXPECT_EQ(status_of([] { resize_mode("cubic"); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { resize_extents(V{3, 4, 5}, V{2, 2}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { resize_extents(V{1, 1, 4, 5}, V{0, 2}); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { resize_extents(V{1, 1, 0, 5}, V{2, 2}); }), HWC_STATUS_INVALID_ARGUMENT);
}

TEST(OpKinds, OpsCarryTheirOpset) {
  EXPECT_EQ(op_kind("flatten"), OpKind::kReshape);
  EXPECT_EQ(op_kind("add"), OpKind::kBinary);
  EXPECT_EQ(op_kind("frobnicate"), std::nullopt);
  EXPECT_EQ(op_opset("copy"), 1u);
  EXPECT_EQ(op_opset("resize"), 2u);
  EXPECT_EQ(op_opset("frobnicate"), 0u);
  EXPECT_EQ(status_of([] { check_op_opset("copy", 1); }), HWC_STATUS_OK);
  EXPECT_EQ(status_of([] { check_op_opset("copy", 2); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { check_op_opset("vendor.acme.op", 2); }), HWC_STATUS_OK);
  EXPECT_EQ(status_of([] { check_op_opset("slice", 2); }), HWC_STATUS_OK);
  EXPECT_EQ(status_of([] { check_op_opset("slice", 1); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { check_op_opset("copy", 0); }), HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([] { check_op_opset("copy", kNewestOpset + 1); }), HWC_STATUS_UNSUPPORTED);
}

}  // namespace
}  // namespace hwcert::plugin_common

// Host-side layout logic the kernels rely on (no GPU needed): dimension merging, numpy
// broadcasting and the output self-overlap check.
#include <vector>

#include "error.hpp"
#include "plugin_fixture.hpp"
#include "tensor_geometry.hpp"

namespace hwcert::cuda::testing {
namespace {

Layout make_layout(std::vector<int64_t> shape, std::vector<int64_t> strides) {
  Layout l;
  l.rank = static_cast<int32_t>(shape.size());
  for (size_t d = 0; d < shape.size(); ++d) {
    l.shape[d] = shape[d];
    l.strides[d] = strides[d];
  }
  return l;
}

/// Element offsets of every index of `l`, in row-major order.
std::vector<int64_t> offsets(const Layout& l) {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < kernels::element_count(l); ++i) {
    int64_t rest = i, offset = 0;
    for (int d = l.rank - 1; d >= 0; --d) {
      offset += (rest % l.shape[d]) * l.strides[d];
      rest /= l.shape[d];
    }
    out.push_back(offset);
  }
  return out;
}

TEST(CudaGeometry, CoalescingKeepsEveryElementPairing) {
  // y dense [2, 3, 4]; x a transposed view; b broadcast along dim 1.
  Layout y = make_layout({2, 3, 4}, {12, 4, 1});
  Layout x = make_layout({2, 3, 4}, {1, 8, 2});
  Layout b = make_layout({2, 3, 4}, {4, 0, 1});
  const auto y0 = offsets(y), x0 = offsets(x), b0 = offsets(b);
  Layout* views[] = {&y, &x, &b};
  coalesce(views);
  EXPECT_EQ(offsets(y), y0);
  EXPECT_EQ(offsets(x), x0);
  EXPECT_EQ(offsets(b), b0);
}

TEST(CudaGeometry, DenseViewsMergeToOneDimension) {
  Layout y = make_layout({2, 1, 3, 4}, {12, 12, 4, 1});
  Layout x = make_layout({2, 1, 3, 4}, {12, 99, 4, 1});  // the extent-1 dim's stride is moot
  Layout* views[] = {&y, &x};
  coalesce(views);
  ASSERT_EQ(y.rank, 1);
  EXPECT_EQ(y.shape[0], 24);
  EXPECT_EQ(y.strides[0], 1);
  EXPECT_EQ(x.strides[0], 1);
  Layout scalar = make_layout({}, {});
  Layout* one[] = {&scalar};
  coalesce(one);
  EXPECT_EQ(scalar.rank, 1);
  EXPECT_EQ(kernels::element_count(scalar), 1);
}

TEST(CudaGeometry, BroadcastFollowsNumpy) {
  EXPECT_EQ(broadcast_shapes(std::vector<int64_t>{4, 1}, std::vector<int64_t>{3}), (Shape{4, 3}));
  EXPECT_EQ(broadcast_shapes(std::vector<int64_t>{}, std::vector<int64_t>{2, 0}), (Shape{2, 0}));
  EXPECT_THROW(broadcast_shapes(std::vector<int64_t>{2}, std::vector<int64_t>{3}), Failure);
  const HWC_TensorDesc row = tensor(HWC_DTYPE_F32, {1, 3});
  const Layout l = broadcast_layout(row, std::vector<int64_t>{5, 2, 3});
  EXPECT_EQ(l.rank, 3);
  EXPECT_EQ(l.strides[0], 0);
  EXPECT_EQ(l.strides[1], 0);
  EXPECT_EQ(l.strides[2], 1);
}

TEST(CudaGeometry, SelfOverlapIsDetected) {
  EXPECT_FALSE(may_self_overlap(tensor(HWC_DTYPE_F32, {3, 4})));
  EXPECT_FALSE(may_self_overlap(tensor(HWC_DTYPE_F32, {3, 4}, {1, 3})));   // column-major
  EXPECT_FALSE(may_self_overlap(tensor(HWC_DTYPE_F32, {3, 4}, {10, 2})));  // gaps are fine
  EXPECT_TRUE(may_self_overlap(tensor(HWC_DTYPE_F32, {3, 4}, {0, 1})));
  EXPECT_TRUE(may_self_overlap(tensor(HWC_DTYPE_F32, {3, 4}, {2, 1})));
  EXPECT_FALSE(may_self_overlap(tensor(HWC_DTYPE_F32, {0, 4}, {0, 0})));  // empty
}

}  // namespace
}  // namespace hwcert::cuda::testing

// Ops against hand-computed values (data movement, casts, elementwise, matmul).
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include <hwcert/plugin_common/dtypes.hpp>

#include "plugin_fixture.hpp"

namespace hwcert::opencl::testing {
namespace {

class OpenClOpsTest : public PluginTest {
 protected:
  /// The `n` elements of `x` (dtype `from`) cast on the device into a new buffer of dtype `to`.
  HWC_Buffer* cast(HWC_Buffer* x, int32_t from, int32_t to, int64_t n) {
    HWC_Buffer* y = alloc(static_cast<uint64_t>(n) * plugin_common::dtype_size(to));
    OpBuilder op("cast");
    op.input(dense(from, {n})).output(dense(to, {n}));
    EXPECT_EQ(run(op, {x}, {y}), HWC_STATUS_OK)
        << plugin_common::dtype_name(from) << " -> " << plugin_common::dtype_name(to);
    return y;
  }
};

TEST_F(OpenClOpsTest, CopyGathersAStridedView) {
  // X is the transpose view of a 2x3 matrix: shape [3, 2], strides [1, 3].
  HWC_Buffer* x = upload(std::vector<float>{1, 2, 3, 4, 5, 6});
  HWC_Buffer* y = alloc(6 * 4);
  OpBuilder op("copy");
  op.input(strided(HWC_DTYPE_F32, {3, 2}, {1, 3})).output(dense(HWC_DTYPE_F32, {3, 2}));
  ASSERT_EQ(run(op, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{1, 4, 2, 5, 3, 6}));
}

TEST_F(OpenClOpsTest, TransposeAndConcat) {
  HWC_Buffer* x = upload(std::vector<int32_t>{1, 2, 3, 4, 5, 6});
  HWC_Buffer* y = alloc(6 * 4);
  OpBuilder t("transpose");
  t.input(dense(HWC_DTYPE_I32, {2, 3})).output(dense(HWC_DTYPE_I32, {3, 2}));
  t.attr(ints_attr("perm", {1, 0}));
  ASSERT_EQ(run(t, {x}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 6), (std::vector<int32_t>{1, 4, 2, 5, 3, 6}));

  HWC_Buffer* a = upload(std::vector<int32_t>{1, 2});
  HWC_Buffer* z = alloc(8 * 4);
  OpBuilder c("concat");
  c.input(dense(HWC_DTYPE_I32, {2, 1})).input(dense(HWC_DTYPE_I32, {2, 3}));
  c.output(dense(HWC_DTYPE_I32, {2, 4})).attr(int_attr("axis", 1));
  ASSERT_EQ(run(c, {a, x}, {z}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(z, 8), (std::vector<int32_t>{1, 1, 2, 3, 2, 4, 5, 6}));
}

TEST_F(OpenClOpsTest, GatherPicksRowsByIndex) {
  HWC_Buffer* data = upload(std::vector<float>{10, 11, 20, 21, 30, 31});
  HWC_Buffer* idx = upload(std::vector<int64_t>{2, 0, 2});
  HWC_Buffer* y = alloc(6 * 4);
  OpBuilder g("gather");
  g.input(dense(HWC_DTYPE_F32, {3, 2})).input(dense(HWC_DTYPE_I64, {3}));
  g.output(dense(HWC_DTYPE_F32, {3, 2}));
  ASSERT_EQ(run(g, {data, idx}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{30, 31, 10, 11, 30, 31}));
}

TEST_F(OpenClOpsTest, GatherIndexOutOfRangeSurfacesAtSynchronize) {
  HWC_Buffer* data = upload(std::vector<float>{10, 20, 30});
  HWC_Buffer* idx = upload(std::vector<int32_t>{1, 3, -1});
  HWC_Buffer* y = upload(std::vector<float>{7, 7, 7});
  OpBuilder g("gather");
  g.input(dense(HWC_DTYPE_F32, {3})).input(dense(HWC_DTYPE_I32, {3}));
  g.output(dense(HWC_DTYPE_F32, {3}));
  std::string text;
  EXPECT_EQ(run(g, {data, idx}, {y}, &text), HWC_STATUS_OUT_OF_RANGE);
  EXPECT_NE(text.find("outside [0, 3)"), std::string::npos) << text;
  ok(api_->stream_synchronize(stream_));  // reported once
  EXPECT_EQ(download<float>(y, 3), (std::vector<float>{20, 0, 0}));
}

TEST_F(OpenClOpsTest, CastRoundsToNearestEvenAndSaturates) {
  // f32 -> f16: 1 + 2^-11 is a tie between 1 and 1 + 2^-10: goes to even (1.0 = 0x3C00);
  // 1 + 3 * 2^-11 ties to 1 + 2^-9 (0x3C02); 65520 overflows to Inf; 2^-25 ties to 0.
  const std::vector<float> x = {1.0f + 0x1p-11f, 1.0f + 3 * 0x1p-11f,
                                65520.0f,        0x1p-25f,
                                -2.5f,           std::numeric_limits<float>::quiet_NaN()};
  auto h = download<uint16_t>(cast(upload(x), HWC_DTYPE_F32, HWC_DTYPE_F16, 6), 6);
  EXPECT_EQ(h[0], 0x3C00);
  EXPECT_EQ(h[1], 0x3C02);
  EXPECT_EQ(h[2], 0x7C00);
  EXPECT_EQ(h[3], 0x0000);
  EXPECT_EQ(h[4], 0xC100);
  EXPECT_EQ(h[5] & 0x7C00, 0x7C00);
  EXPECT_NE(h[5] & 0x03FF, 0);

  // f32 -> e4m3 saturates (1000 -> 448, -Inf -> -448); f32 -> i8 truncates and saturates.
  HWC_Buffer* xs = upload(std::vector<float>{1000.0f, -INFINITY, 0.3f, -200.7f, 3.9f,
                                             std::numeric_limits<float>::quiet_NaN()});
  auto fp8 = download<uint8_t>(cast(xs, HWC_DTYPE_F32, HWC_DTYPE_F8_E4M3, 6), 6);
  EXPECT_EQ(fp8[0], 0x7E);
  EXPECT_EQ(fp8[1], 0xFE);
  EXPECT_EQ(fp8[2], 0x2A);  // 0.3 -> 0.3125 = 2^-2 * 1.25: exponent field 5, mantissa 2
  EXPECT_EQ(fp8[5] & 0x7F, 0x7F);
  EXPECT_EQ(download<int8_t>(cast(xs, HWC_DTYPE_F32, HWC_DTYPE_I8, 6), 6),
            (std::vector<int8_t>{127, -128, 0, -128, 3, 0}));
}

TEST_F(OpenClOpsTest, CastBetweenIntegersWrapsAndToBoolTestsNonZero) {
  HWC_Buffer* x = upload(std::vector<int32_t>{300, -129, 0, 7});
  EXPECT_EQ(download<int8_t>(cast(x, HWC_DTYPE_I32, HWC_DTYPE_I8, 4), 4),
            (std::vector<int8_t>{44, 127, 0, 7}));
  EXPECT_EQ(download<uint8_t>(cast(x, HWC_DTYPE_I32, HWC_DTYPE_BOOL, 4), 4),
            (std::vector<uint8_t>{1, 1, 0, 1}));
}

TEST_F(OpenClOpsTest, CastBf16RoundTrip) {
  // 1 + 2^-8 ties to 1.0 in bf16; 1 + 3 * 2^-8 ties up to 1 + 2^-6.
  HWC_Buffer* x = upload(std::vector<float>{1.0f + 0x1p-8f, 1.0f + 3 * 0x1p-8f, -3.0f});
  HWC_Buffer* bf16 = cast(x, HWC_DTYPE_F32, HWC_DTYPE_BF16, 3);
  EXPECT_EQ(download<float>(cast(bf16, HWC_DTYPE_BF16, HWC_DTYPE_F32, 3), 3),
            (std::vector<float>{1.0f, 1.0f + 0x1p-6f, -3.0f}));
}

TEST_F(OpenClOpsTest, BinaryOpsBroadcast) {
  HWC_Buffer* a = upload(std::vector<float>{1, 2, 3, 4, 5, 6});  // [2, 3]
  HWC_Buffer* b = upload(std::vector<float>{10, 20});            // [2, 1]
  HWC_Buffer* y = alloc(6 * 4);
  OpBuilder add("add");
  add.input(dense(HWC_DTYPE_F32, {2, 3})).input(dense(HWC_DTYPE_F32, {2, 1}));
  add.output(dense(HWC_DTYPE_F32, {2, 3}));
  ASSERT_EQ(run(add, {a, b}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{11, 12, 13, 24, 25, 26}));
  OpBuilder mul("mul");
  mul.input(dense(HWC_DTYPE_F32, {2, 3})).input(dense(HWC_DTYPE_F32, {2, 1}));
  mul.output(dense(HWC_DTYPE_F32, {2, 3}));
  ASSERT_EQ(run(mul, {a, b}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 6), (std::vector<float>{10, 20, 30, 80, 100, 120}));
}

TEST_F(OpenClOpsTest, IntegerAddWraps) {
  HWC_Buffer* a = upload(std::vector<int8_t>{127, -128, 5});
  HWC_Buffer* b = upload(std::vector<int8_t>{1, -1, 5});
  HWC_Buffer* y = alloc(3);
  OpBuilder add("add");
  add.input(dense(HWC_DTYPE_I8, {3})).input(dense(HWC_DTYPE_I8, {3}));
  add.output(dense(HWC_DTYPE_I8, {3}));
  ASSERT_EQ(run(add, {a, b}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int8_t>(y, 3), (std::vector<int8_t>{-128, 127, 10}));
}

TEST_F(OpenClOpsTest, MaxPropagatesNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  HWC_Buffer* a = upload(std::vector<float>{nan, 1, 3});
  HWC_Buffer* b = upload(std::vector<float>{0, nan, 2});
  HWC_Buffer* y = alloc(12);
  OpBuilder op("max");
  op.input(dense(HWC_DTYPE_F32, {3})).input(dense(HWC_DTYPE_F32, {3}));
  op.output(dense(HWC_DTYPE_F32, {3}));
  ASSERT_EQ(run(op, {a, b}, {y}), HWC_STATUS_OK);
  auto out = download<float>(y, 3);
  EXPECT_TRUE(std::isnan(out[0]));
  EXPECT_TRUE(std::isnan(out[1]));
  EXPECT_EQ(out[2], 3.0f);
}

/// Y = alpha * op(A) op(B) + beta * bias on the host, in double.
std::vector<double> host_matmul(const std::vector<float>& a, const std::vector<float>& b, int64_t m,
                                int64_t n, int64_t k) {
  std::vector<double> y(static_cast<size_t>(m * n), 0.0);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      for (int64_t p = 0; p < k; ++p)
        y[static_cast<size_t>(i * n + j)] += double(a[size_t(i * k + p)]) * b[size_t(p * n + j)];
  return y;
}

class OpenClMatmulKernelTest : public PluginTest,
                               public ::testing::WithParamInterface<const char*> {
 protected:
  void SetUp() override {
    ::setenv("HWCERT_OPENCL_MATMUL_KERNEL", GetParam(), 1);
    start();
  }
  void TearDown() override {
    stop();
    ::unsetenv("HWCERT_OPENCL_MATMUL_KERNEL");
  }
};

INSTANTIATE_TEST_SUITE_P(EveryKernel, OpenClMatmulKernelTest,
                         ::testing::Values("tiled", "vector", "simple"));

TEST_P(OpenClMatmulKernelTest, SmallIntegersAreExactThroughStridedViews) {
  // Ragged sizes cross tile edges; small integers keep every partial sum exact. B is read
  // through a transposed view (transpose_b) so column reads are strided.
  const int64_t m = 70, n = 37, k = 33;
  std::vector<float> a(size_t(m * k)), b(size_t(k * n)), bt(size_t(k * n));
  for (size_t i = 0; i < a.size(); ++i) a[i] = float(int(i * 7 % 11) - 5);
  for (size_t i = 0; i < b.size(); ++i) b[i] = float(int(i * 5 % 9) - 4);
  for (int64_t p = 0; p < k; ++p)
    for (int64_t j = 0; j < n; ++j) bt[size_t(j * k + p)] = b[size_t(p * n + j)];
  HWC_Buffer* ab = upload(a);
  HWC_Buffer* bb = upload(bt);
  HWC_Buffer* y = alloc(size_t(m * n) * 4);
  OpBuilder op("matmul");
  op.input(dense(HWC_DTYPE_F32, {m, k})).input(dense(HWC_DTYPE_F32, {n, k}));
  op.output(dense(HWC_DTYPE_F32, {m, n})).attr(int_attr("transpose_b", 1));
  ASSERT_EQ(run(op, {ab, bb}, {y}), HWC_STATUS_OK);
  auto out = download<float>(y, size_t(m * n));
  auto expect = host_matmul(a, b, m, n, k);
  for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(double(out[i]), expect[i]) << "at " << i;
}

TEST_F(OpenClOpsTest, MatmulSmallIntegersAreExact) {
  // Ragged sizes cross tile edges; small integers keep every partial sum exact.
  const int64_t m = 70, n = 67, k = 33;
  std::vector<float> a(size_t(m * k)), b(size_t(k * n));
  for (size_t i = 0; i < a.size(); ++i) a[i] = float(int(i * 7 % 11) - 5);
  for (size_t i = 0; i < b.size(); ++i) b[i] = float(int(i * 5 % 9) - 4);
  HWC_Buffer* ab = upload(a);
  HWC_Buffer* bb = upload(b);
  HWC_Buffer* y = alloc(size_t(m * n) * 4);
  OpBuilder op("matmul");
  op.input(dense(HWC_DTYPE_F32, {m, k})).input(dense(HWC_DTYPE_F32, {k, n}));
  op.output(dense(HWC_DTYPE_F32, {m, n}));
  ASSERT_EQ(run(op, {ab, bb}, {y}), HWC_STATUS_OK);
  auto out = download<float>(y, size_t(m * n));
  auto expect = host_matmul(a, b, m, n, k);
  for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(double(out[i]), expect[i]) << "at " << i;
}

TEST_F(OpenClOpsTest, MatmulTransposeAlphaBetaBiasAndBatch) {
  // A^T given as [2, K=3, M=2] per batch; B [3, 2] shared; bias [N] broadcast.
  HWC_Buffer* a = upload(std::vector<float>{1, 4, 2, 5, 3, 6,  //
                                            1, 0, 0, 1, 0, 0});
  HWC_Buffer* b = upload(std::vector<float>{1, 2, 3, 4, 5, 6});
  HWC_Buffer* bias = upload(std::vector<float>{100, 200});
  HWC_Buffer* y = alloc(8 * 4);
  OpBuilder op("matmul");
  op.input(dense(HWC_DTYPE_F32, {2, 3, 2})).input(dense(HWC_DTYPE_F32, {3, 2}));
  op.input(dense(HWC_DTYPE_F32, {2})).output(dense(HWC_DTYPE_F32, {2, 2, 2}));
  op.attr(int_attr("transpose_a", 1)).attr(float_attr("alpha", 2.0)).attr(float_attr("beta", 0.5));
  ASSERT_EQ(run(op, {a, b, bias}, {y}), HWC_STATUS_OK);
  // batch 0: A = [[1,2,3],[4,5,6]], A.B = [[22,28],[49,64]]; batch 1: A = [[1,0,0],[0,1,0]].
  EXPECT_EQ(download<float>(y, 8), (std::vector<float>{94, 156, 148, 228, 52, 104, 56, 108}));
}

TEST_F(OpenClOpsTest, MatmulI8AccumulatesInI32) {
  HWC_Buffer* a = upload(std::vector<int8_t>{127, 127, -128, 1});
  HWC_Buffer* b = upload(std::vector<int8_t>{127, -128, 127, 2});
  HWC_Buffer* y = alloc(16);
  OpBuilder op("matmul");
  op.input(dense(HWC_DTYPE_I8, {2, 2})).input(dense(HWC_DTYPE_I8, {2, 2}));
  op.output(dense(HWC_DTYPE_I32, {2, 2}));
  ASSERT_EQ(run(op, {a, b}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<int32_t>(y, 4), (std::vector<int32_t>{32258, -16002, -16129, 16386}));
}

TEST_F(OpenClOpsTest, MatmulMathModesRoundTheInputs) {
  // A = 1 + 2^-12 + 2^-20 and B = 1 + 2^-11 + 2^-13. tf32 (10 mantissa bits): A -> 1,
  // B -> 1 + 2^-10. hf32 (11 bits): both -> 1 + 2^-11, product 1 + 2^-10 + 2^-22 (exact in
  // f32). bf16: both -> 1. strict keeps them.
  const float a = 1.0f + 0x1p-12f + 0x1p-20f, b = 1.0f + 0x1p-11f + 0x1p-13f;
  HWC_Buffer* ab = upload(std::vector<float>{a});
  HWC_Buffer* bb = upload(std::vector<float>{b});
  HWC_Buffer* y = alloc(4);
  const std::pair<const char*, float> modes[] = {{"strict", a * b},
                                                 {"tf32", 1.0f + 0x1p-10f},
                                                 {"hf32", 1.0f + 0x1p-10f + 0x1p-22f},
                                                 {"bf16", 1.0f}};
  for (const auto& [mode, expected] : modes) {
    OpBuilder op("matmul");
    op.input(dense(HWC_DTYPE_F32, {1, 1})).input(dense(HWC_DTYPE_F32, {1, 1}));
    op.output(dense(HWC_DTYPE_F32, {1, 1})).attr(string_attr("math_mode", mode));
    ASSERT_EQ(run(op, {ab, bb}, {y}), HWC_STATUS_OK) << mode;
    EXPECT_EQ(download<float>(y, 1)[0], expected) << mode;
  }
}

TEST_F(OpenClOpsTest, MalformedDescriptorsAreInvalidArguments) {
  HWC_Buffer* a = alloc(64);
  HWC_Buffer* y = alloc(64);
  OpBuilder shape_mismatch("add");
  shape_mismatch.input(dense(HWC_DTYPE_F32, {3})).input(dense(HWC_DTYPE_F32, {4}));
  shape_mismatch.output(dense(HWC_DTYPE_F32, {4}));
  int32_t support = 0;
  EXPECT_EQ(status(api_->op_support(device_, &shape_mismatch.desc(), &support, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
  OpBuilder unknown_attr("copy");
  unknown_attr.input(dense(HWC_DTYPE_F32, {4})).output(dense(HWC_DTYPE_F32, {4}));
  unknown_attr.attr(int_attr("colour", 1));
  EXPECT_EQ(run(unknown_attr, {a}, {y}), HWC_STATUS_INVALID_ARGUMENT);
  OpBuilder too_big("copy");
  too_big.input(dense(HWC_DTYPE_F32, {17})).output(dense(HWC_DTYPE_F32, {17}));
  EXPECT_EQ(run(too_big, {a}, {y}), HWC_STATUS_OUT_OF_RANGE);
  OpBuilder unknown_op("frobnicate");
  std::string reason;
  EXPECT_EQ(supported(unknown_op, &reason), HWC_OP_UNSUPPORTED);
  EXPECT_NE(reason.find("frobnicate"), std::string::npos);
  OpBuilder f16_acc("matmul");
  f16_acc.input(dense(HWC_DTYPE_F16, {2, 2})).input(dense(HWC_DTYPE_F16, {2, 2}));
  f16_acc.output(dense(HWC_DTYPE_F16, {2, 2})).attr(string_attr("math_mode", "f16_accumulate"));
  EXPECT_EQ(supported(f16_acc, &reason), HWC_OP_UNSUPPORTED);
  EXPECT_NE(reason.find("f16_accumulate"), std::string::npos);
  OpBuilder tf32_on_f16("matmul");
  tf32_on_f16.input(dense(HWC_DTYPE_F16, {2, 2})).input(dense(HWC_DTYPE_F16, {2, 2}));
  tf32_on_f16.output(dense(HWC_DTYPE_F16, {2, 2})).attr(string_attr("math_mode", "tf32"));
  EXPECT_EQ(status(api_->op_support(device_, &tf32_on_f16.desc(), &support, nullptr, 0)),
            HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(OpenClOpsTest, EmptyTensorsSucceedAndWriteNothing) {
  HWC_Buffer* a = alloc(16);
  HWC_Buffer* y = upload(std::vector<float>{7, 7, 7, 7});
  OpBuilder op("exp");
  op.input(dense(HWC_DTYPE_F32, {0, 4})).output(dense(HWC_DTYPE_F32, {0, 4}));
  ASSERT_EQ(run(op, {a}, {y}), HWC_STATUS_OK);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{7, 7, 7, 7}));
}

}  // namespace
}  // namespace hwcert::opencl::testing

// The float64 oracle against hand-computed or published values, one or more cases per op.
#include "hwcert/conformance/oracle.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.hpp"

namespace hwcert::conformance {
namespace {

using testing::F32;
using testing::F64;
using testing::kNaN;
using testing::oracle_values;
using testing::tensor;

TensorSpec out(DType dtype, std::vector<int64_t> shape) {
  return TensorSpec::dense(dtype, std::move(shape));
}

std::vector<double> unary(const std::string& op, std::vector<double> x,
                          std::vector<Attribute> attrs = {}) {
  const auto n = static_cast<int64_t>(x.size());
  return oracle_values(op, {tensor(F64, {n}, std::move(x))}, out(F64, {n}), std::move(attrs));
}

std::vector<double> binary(const std::string& op, std::vector<double> a, std::vector<double> b) {
  const auto n = static_cast<int64_t>(a.size());
  return oracle_values(op, {tensor(F64, {n}, std::move(a)), tensor(F64, {n}, std::move(b))},
                       out(F64, {n}));
}

void expect_all_near(const std::vector<double>& got, const std::vector<double>& want,
                     double rel = 1e-15) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], rel * std::max(1.0, std::fabs(want[i]))) << "element " << i;
  }
}

TEST(OracleDataMovement, CopyKeepsNaNPayload) {
  const std::vector<std::byte> image = testing::image_of(F32, {1.0, -2.5});
  std::vector<std::byte> with_nan = image;
  store_element_bits(with_nan, 4, F32, 0x7FA00001u);
  const OpCall call("copy", {TensorSpec::dense(F32, {2})}, {out(F32, {2})});
  auto refs = compute_reference(call, {with_nan});
  ASSERT_TRUE(refs.ok());
  EXPECT_EQ((*refs)[0].bits, 0x3F800000u);
  EXPECT_EQ((*refs)[1].bits, 0x7FA00001u);
}

TEST(OracleDataMovement, CastRoundsToTarget) {
  const auto got =
      oracle_values("cast", {tensor(F32, {3}, {1.0000001, 70000.0, -3.7})}, out(DType::kF16, {3}));
  EXPECT_EQ(got[0], 1.0);
  EXPECT_TRUE(std::isinf(got[1]));
  EXPECT_EQ(got[2], -3.69921875);
  const auto ints = oracle_values("cast", {tensor(F32, {2}, {-3.7, 1e6})}, out(DType::kI8, {2}));
  EXPECT_EQ(ints, (std::vector<double>{-3, 127}));
}

TEST(OracleDataMovement, Transpose) {
  const auto got = oracle_values("transpose", {tensor(F32, {2, 3}, {1, 2, 3, 4, 5, 6})},
                                 out(F32, {3, 2}), {{"perm", std::vector<int64_t>{1, 0}}});
  EXPECT_EQ(got, (std::vector<double>{1, 4, 2, 5, 3, 6}));
}

TEST(OracleDataMovement, Concat) {
  const auto got =
      oracle_values("concat", {tensor(F32, {2, 1}, {1, 2}), tensor(F32, {2, 2}, {3, 4, 5, 6})},
                    out(F32, {2, 3}), {{"axis", int64_t{1}}});
  EXPECT_EQ(got, (std::vector<double>{1, 3, 4, 2, 5, 6}));
}

TEST(OracleDataMovement, GatherAndOutOfRangeIndex) {
  const auto got = oracle_values(
      "gather", {tensor(F32, {3, 2}, {1, 2, 3, 4, 5, 6}), tensor(DType::kI64, {2}, {2, 0})},
      out(F32, {2, 2}));
  EXPECT_EQ(got, (std::vector<double>{5, 6, 1, 2}));
  const auto axis1 = oracle_values(
      "gather", {tensor(F32, {2, 3}, {1, 2, 3, 4, 5, 6}), tensor(DType::kI32, {1}, {2})},
      out(F32, {2, 1}), {{"axis", int64_t{1}}});
  EXPECT_EQ(axis1, (std::vector<double>{3, 6}));

  const auto data = testing::image_of(F32, {1, 2, 3});
  const auto bad = testing::image_of(DType::kI32, {3});
  const OpCall call("gather", {TensorSpec::dense(F32, {3}), TensorSpec::dense(DType::kI32, {1})},
                    {out(F32, {1})});
  auto oracle = Oracle::create(call, {data, bad});
  ASSERT_FALSE(oracle.ok());
  EXPECT_NE(oracle.status().message().find("outside [0, 3)"), std::string::npos);
}

TEST(OracleUnary, PublishedValues) {
  EXPECT_EQ(unary("neg", {3.0, -0.0}), (std::vector<double>{-3.0, 0.0}));
  EXPECT_TRUE(std::signbit(unary("neg", {0.0})[0]));
  EXPECT_EQ(unary("abs", {-2.0}), (std::vector<double>{2.0}));
  expect_all_near(unary("exp", {1.0}), {2.718281828459045});
  expect_all_near(unary("log", {std::exp(1.0), 1.0}), {1.0, 0.0});
  expect_all_near(unary("sqrt", {2.0}), {1.4142135623730951});
  expect_all_near(unary("rsqrt", {4.0}), {0.5});
  expect_all_near(unary("tanh", {0.5}), {0.46211715726000974});
  expect_all_near(unary("sigmoid", {0.0, 1.0}), {0.5, 0.7310585786300049});
  EXPECT_EQ(unary("relu", {-1.0, 2.0}), (std::vector<double>{0.0, 2.0}));
  expect_all_near(unary("gelu", {1.0, 0.0}), {0.8413447460685429, 0.0});
  expect_all_near(unary("gelu", {1.0}, {{"approximate", std::string("tanh")}}),
                  {0.8411919906082768});
  expect_all_near(unary("silu", {1.0}), {0.7310585786300049});
  // Deep negative tails stay accurate (subnormal in double) instead of flushing through
  // exp(-x) = Inf: sigmoid(-720) = e^-720 / (1 + e^-720).
  EXPECT_EQ(unary("sigmoid", {-720.0})[0], std::exp(-720.0));
  EXPECT_EQ(unary("silu", {-720.0})[0], -720.0 * std::exp(-720.0));
  EXPECT_GT(unary("gelu", {-10.0}, {{"approximate", std::string("tanh")}})[0], -1e-35);
  EXPECT_LT(unary("gelu", {-10.0}, {{"approximate", std::string("tanh")}})[0], -1e-38);
  // gelu(-10) = -10 * Phi(-10) = -7.619853024160526e-23: no cancellation to 0.
  expect_all_near(unary("gelu", {-10.0}), {-7.619853024160526e-23}, 1e-12);
}

TEST(OracleUnary, IntegerWraps) {
  const auto got = oracle_values("neg", {tensor(DType::kI8, {2}, {-128, 5})}, out(DType::kI8, {2}));
  EXPECT_EQ(got, (std::vector<double>{-128, -5}));
  const auto abs = oracle_values("abs", {tensor(DType::kI32, {1}, {-7})}, out(DType::kI32, {1}));
  EXPECT_EQ(abs, (std::vector<double>{7}));
}

TEST(OracleBinary, BroadcastAndValues) {
  const auto got = oracle_values("add", {tensor(F32, {2, 1}, {1, 2}), tensor(F32, {2}, {10, 20})},
                                 out(F32, {2, 2}));
  EXPECT_EQ(got, (std::vector<double>{11, 21, 12, 22}));
  EXPECT_EQ(binary("sub", {5}, {7}), (std::vector<double>{-2}));
  EXPECT_EQ(binary("mul", {1.5}, {-4}), (std::vector<double>{-6}));
  EXPECT_EQ(binary("div", {1}, {3}), (std::vector<double>{1.0 / 3.0}));
  EXPECT_EQ(binary("pow", {2}, {10}), (std::vector<double>{1024}));
  EXPECT_EQ(binary("min", {-1}, {2}), (std::vector<double>{-1}));
  EXPECT_EQ(binary("max", {-1}, {2}), (std::vector<double>{2}));
  EXPECT_TRUE(std::isnan(binary("max", {kNaN}, {2})[0]));
  EXPECT_TRUE(std::isnan(binary("min", {1}, {kNaN})[0]));
  const auto wrap =
      oracle_values("add", {tensor(DType::kI8, {1}, {100}), tensor(DType::kI8, {1}, {100})},
                    out(DType::kI8, {1}));
  EXPECT_EQ(wrap, (std::vector<double>{-56}));
  const auto wrap_mul = oracle_values(
      "mul", {tensor(DType::kU8, {1}, {16}), tensor(DType::kU8, {1}, {17})}, out(DType::kU8, {1}));
  EXPECT_EQ(wrap_mul, (std::vector<double>{16}));  // 272 mod 256
}

TEST(OracleReduction, SumMaxMean) {
  const auto x = tensor(F32, {2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(oracle_values("reduce_sum", {x}, out(F32, {2}), {{"axes", std::vector<int64_t>{1}}}),
            (std::vector<double>{3, 7}));
  EXPECT_EQ(oracle_values("reduce_sum", {x}, out(F32, {1, 2}),
                          {{"axes", std::vector<int64_t>{0}}, {"keepdims", int64_t{1}}}),
            (std::vector<double>{4, 6}));
  EXPECT_EQ(oracle_values("reduce_max", {x}, out(F32, {})), (std::vector<double>{4}));
  EXPECT_EQ(oracle_values("reduce_mean", {x}, out(F32, {})), (std::vector<double>{2.5}));
  const auto ints = oracle_values("reduce_sum", {tensor(DType::kI32, {2}, {2147483647, 1})},
                                  out(DType::kI32, {}));
  EXPECT_EQ(ints, (std::vector<double>{-2147483648.0}));  // wraps
  const auto with_nan = oracle_values("reduce_max", {tensor(F32, {3}, {1, kNaN, 3})}, out(F32, {}));
  EXPECT_TRUE(std::isnan(with_nan[0]));
}

TEST(OracleNormalization, SoftmaxOf123) {
  expect_all_near(oracle_values("softmax", {tensor(F64, {3}, {1, 2, 3})}, out(F64, {3})),
                  {0.09003057317038046, 0.24472847105479767, 0.6652409557748219});
  expect_all_near(oracle_values("log_softmax", {tensor(F64, {3}, {1, 2, 3})}, out(F64, {3})),
                  {-2.40760596444438, -1.4076059644443801, -0.40760596444438013});
  // axis 0 of a 2x2: columns normalise independently.
  expect_all_near(oracle_values("softmax", {tensor(F64, {2, 2}, {0, 5, 0, 5})}, out(F64, {2, 2}),
                                {{"axis", int64_t{0}}}),
                  {0.5, 0.5, 0.5, 0.5});
}

TEST(OracleNormalization, LayerNormAndRmsNorm) {
  expect_all_near(
      oracle_values("layer_norm",
                    {tensor(F64, {4}, {1, 2, 3, 4}), tensor(F64, {4}, {1, 1, 1, 1}),
                     tensor(F64, {4}, {0, 0, 0, 0})},
                    out(F64, {4}), {{"epsilon", 0.0}}),
      {-1.3416407864998738, -0.4472135954999579, 0.4472135954999579, 1.3416407864998738});
  expect_all_near(oracle_values("layer_norm",
                                {tensor(F64, {1, 2}, {0, 2}), tensor(F64, {2}, {2, 1}),
                                 tensor(F64, {2}, {0.5, 0})},
                                out(F64, {1, 2}), {{"epsilon", 0.0}}),
                  {-1.5, 1.0});
  expect_all_near(oracle_values("rms_norm", {tensor(F64, {2}, {3, 4}), tensor(F64, {2}, {1, 2})},
                                out(F64, {2}), {{"epsilon", 0.0}}),
                  {0.848528137423857, 2.262741699796952});
}

TEST(OracleMatmul, TwoByTwoWithFlagsAndBias) {
  const auto a = tensor(F32, {2, 2}, {1, 2, 3, 4});
  const auto b = tensor(F32, {2, 2}, {5, 6, 7, 8});
  EXPECT_EQ(oracle_values("matmul", {a, b}, out(F32, {2, 2})),
            (std::vector<double>{19, 22, 43, 50}));
  // A^T B = [[1,3],[2,4]] x [[5,6],[7,8]] = [[26,30],[38,44]]
  EXPECT_EQ(oracle_values("matmul", {a, b}, out(F32, {2, 2}), {{"transpose_a", int64_t{1}}}),
            (std::vector<double>{26, 30, 38, 44}));
  // 2 * A B^T + 0.5 * [1, 2]: A B^T = [[17,23],[39,53]]
  EXPECT_EQ(oracle_values("matmul", {a, b, tensor(F32, {2}, {1, 2})}, out(F32, {2, 2}),
                          {{"transpose_b", int64_t{1}}, {"alpha", 2.0}, {"beta", 0.5}}),
            (std::vector<double>{34.5, 47, 78.5, 107}));
  const auto i8 = oracle_values(
      "matmul", {tensor(DType::kI8, {1, 2}, {-128, 127}), tensor(DType::kI8, {2, 1}, {-128, 127})},
      out(DType::kI32, {1, 1}));
  EXPECT_EQ(i8, (std::vector<double>{16384 + 16129}));
}

TEST(OracleMatmul, BatchBroadcastAndTf32Mode) {
  // A [2,1,2] x B [2,1]: batch of A only.
  EXPECT_EQ(
      oracle_values("matmul", {tensor(F32, {2, 1, 2}, {1, 2, 3, 4}), tensor(F32, {2, 1}, {1, 1})},
                    out(F32, {2, 1, 1})),
      (std::vector<double>{3, 7}));
  // tf32 rounds 1 + 2^-11 to 1 before the product.
  const double x = 1.0 + std::ldexp(1.0, -11);
  EXPECT_EQ(oracle_values("matmul", {tensor(F32, {1, 1}, {x}), tensor(F32, {1, 1}, {1})},
                          out(F32, {1, 1}), {{"math_mode", std::string("tf32")}}),
            (std::vector<double>{1.0}));
  EXPECT_EQ(oracle_values("matmul", {tensor(F32, {1, 1}, {x}), tensor(F32, {1, 1}, {1})},
                          out(F32, {1, 1})),
            (std::vector<double>{x}));
}

TEST(OracleConv, TwoByTwoKernelBothLayouts) {
  const std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto nchw = oracle_values(
      "conv2d", {tensor(F32, {1, 1, 3, 3}, x), tensor(F32, {1, 1, 2, 2}, {1, 0, 0, 1})},
      out(F32, {1, 1, 2, 2}));
  EXPECT_EQ(nchw, (std::vector<double>{6, 8, 12, 14}));
  const auto nhwc = oracle_values(
      "conv2d", {tensor(F32, {1, 3, 3, 1}, x), tensor(F32, {1, 2, 2, 1}, {1, 0, 0, 1})},
      out(F32, {1, 2, 2, 1}), {{"layout", std::string("NHWC")}});
  EXPECT_EQ(nhwc, (std::vector<double>{6, 8, 12, 14}));
  // Padding 1 all round, stride 2, bias 10: windows at (-1,-1), (-1,1), (1,-1), (1,1).
  const auto padded = oracle_values(
      "conv2d",
      {tensor(F32, {1, 1, 3, 3}, x), tensor(F32, {1, 1, 2, 2}, {1, 0, 0, 1}),
       tensor(F32, {1}, {10})},
      out(F32, {1, 1, 2, 2}),
      {{"pads", std::vector<int64_t>{1, 1, 1, 1}}, {"strides", std::vector<int64_t>{2, 2}}});
  EXPECT_EQ(padded, (std::vector<double>{11, 13, 17, 24}));
  // Two groups of one channel each, dilation 2 on a 3x3 picks the corners.
  const auto grouped = oracle_values(
      "conv2d",
      {tensor(F32, {1, 2, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1}),
       tensor(F32, {2, 1, 2, 2}, {1, 1, 1, 1, 2, 2, 2, 2})},
      out(F32, {1, 2, 1, 1}), {{"groups", int64_t{2}}, {"dilations", std::vector<int64_t>{2, 2}}});
  EXPECT_EQ(grouped, (std::vector<double>{1 + 3 + 7 + 9, 8}));
}

TEST(OraclePool, MaxAndAverage) {
  std::vector<double> x(16);
  for (int i = 0; i < 16; ++i) x[i] = i + 1;
  const std::vector<Attribute> k2{{"kernel", std::vector<int64_t>{2, 2}}};
  EXPECT_EQ(oracle_values("max_pool2d", {tensor(F32, {1, 1, 4, 4}, x)}, out(F32, {1, 1, 2, 2}), k2),
            (std::vector<double>{6, 8, 14, 16}));
  EXPECT_EQ(oracle_values("avg_pool2d", {tensor(F32, {1, 1, 4, 4}, x)}, out(F32, {1, 1, 2, 2}), k2),
            (std::vector<double>{3.5, 5.5, 11.5, 13.5}));
  // Pad 1 top/left, kernel 2, stride 2 on a 2x2 [1,2;3,4]: corner windows hold one value.
  const std::vector<Attribute> padded{{"kernel", std::vector<int64_t>{2, 2}},
                                      {"pads", std::vector<int64_t>{1, 1, 0, 0}}};
  const auto small = tensor(F32, {1, 1, 2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(oracle_values("avg_pool2d", {small}, out(F32, {1, 1, 1, 1}), padded),
            (std::vector<double>{1}));
  auto include = padded;
  include.push_back({"count_include_pad", int64_t{1}});
  EXPECT_EQ(oracle_values("avg_pool2d", {small}, out(F32, {1, 1, 1, 1}), include),
            (std::vector<double>{0.25}));
  // Padding never wins a max, even over negative values.
  EXPECT_EQ(oracle_values("max_pool2d", {tensor(F32, {1, 1, 2, 2}, {-1, -2, -3, -4})},
                          out(F32, {1, 1, 1, 1}), padded),
            (std::vector<double>{-1}));
}

TEST(OracleAttention, SmallCaseAndCausalMask) {
  const auto q = tensor(F64, {1, 1, 2, 2}, {1, 0, 0, 1});
  const auto k = tensor(F64, {1, 1, 2, 2}, {1, 0, 0, 1});
  const auto v = tensor(F64, {1, 1, 2, 2}, {1, 2, 3, 4});
  // Query 0 scores [1/sqrt2, 0]: p0 = sigmoid(1/sqrt2).
  const auto full =
      oracle_values("scaled_dot_product_attention", {q, k, v}, out(F64, {1, 1, 2, 2}));
  expect_all_near({full[0], full[1]}, {1.6604769013466862, 2.6604769013466862});
  const auto causal = oracle_values("scaled_dot_product_attention", {q, k, v},
                                    out(F64, {1, 1, 2, 2}), {{"causal", int64_t{1}}});
  expect_all_near({causal[0], causal[1]}, {1.0, 2.0});  // query 0 sees key 0 only
  // Query 1 = [0, 1] scores [0, 1/sqrt2]: mirror image of query 0 in the full case.
  expect_all_near({causal[2], causal[3]}, {3 - 0.6604769013466862, 4 - 0.6604769013466862});
  const auto scaled = oracle_values("scaled_dot_product_attention", {q, k, v},
                                    out(F64, {1, 1, 2, 2}), {{"scale", 0.0}});
  expect_all_near(scaled, {2, 3, 2, 3});  // uniform weights
}

TEST(OracleMagnitude, MatmulReportsSumOfAbsoluteProducts) {
  const auto a = testing::image_of(F32, {1, -2});
  const auto b = testing::image_of(F32, {3, 4});
  const OpCall call("matmul", {TensorSpec::dense(F32, {1, 2}), TensorSpec::dense(F32, {2, 1})},
                    {out(F32, {1, 1})});
  auto oracle = Oracle::create(call, {a, b});
  ASSERT_TRUE(oracle.ok());
  const Reference r = oracle->at_flat(0);
  EXPECT_EQ(decode_value(F32, r.bits), -5.0);
  EXPECT_EQ(r.magnitude, 11.0);
  EXPECT_EQ(oracle->accumulation_length(), 2);
  EXPECT_EQ(oracle->accumulation_dtype(), F32);
}

TEST(OracleViews, StridedAndBroadcastInputs) {
  // X logical [2,2] read column-major from [1,2,3,4]: [[1,3],[2,4]].
  std::vector<std::byte> image = testing::image_of(F32, {1, 2, 3, 4});
  TensorSpec x = TensorSpec::dense(F32, {2, 2});
  x.strides = {1, 2};
  auto refs = compute_reference(OpCall("copy", {x}, {out(F32, {2, 2})}), {image});
  ASSERT_TRUE(refs.ok());
  std::vector<double> got;
  for (const Reference& r : *refs) got.push_back(decode_value(F32, r.bits));
  EXPECT_EQ(got, (std::vector<double>{1, 3, 2, 4}));
  // Stride 0 with an offset of one element: every element reads the value 2.
  x.strides = {0, 0};
  x.byte_offset = 4;
  refs = compute_reference(OpCall("copy", {x}, {out(F32, {2, 2})}), {image});
  ASSERT_TRUE(refs.ok());
  for (const Reference& r : *refs) EXPECT_EQ(decode_value(F32, r.bits), 2.0);
}

}  // namespace
}  // namespace hwcert::conformance

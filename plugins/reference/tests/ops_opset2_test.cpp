// The opset-2 activations and batch_norm against hand-computed values.
#include <cmath>
#include <limits>

#include "plugin_fixture.hpp"

namespace hwcert::reference::test {
namespace {

using OpsOpset2Test = PluginTest;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

class Activations : public OpsOpset2Test {
 protected:
  std::vector<float> unary(const std::string& name, const std::vector<float>& x,
                           std::vector<Attr> attrs = {}) {
    const auto n = static_cast<int64_t>(x.size());
    HWC_Buffer* in = upload<float>(x);
    HWC_Buffer* out = alloc(x.size() * sizeof(float));
    Op op{name, {Tensor(F32, {n})}, {Tensor(F32, {n})}, std::move(attrs)};
    EXPECT_EQ(run(op, {in}, {out}), 0) << name;
    return download<float>(out, x.size());
  }
};

TEST_F(Activations, ClipKeepsNanAndClampsInfinities) {
  const auto y = unary("clip", {kNaN, -kInf, kInf, -2, 0.5f, 3},
                       {float_attr("min", -1.5), float_attr("max", 2.25)});
  EXPECT_TRUE(std::isnan(y[0]));
  EXPECT_EQ(std::vector<float>(y.begin() + 1, y.end()),
            (std::vector<float>{-1.5f, 2.25f, -1.5f, 0.5f, 2.25f}));
  // Default bounds are open; equal bounds give the bound everywhere but NaN.
  EXPECT_EQ(unary("clip", {-1e30f, 1e30f}), (std::vector<float>{-1e30f, 1e30f}));
  const auto equal = unary("clip", {-4, 4, kNaN}, {float_attr("min", 0.5), float_attr("max", 0.5)});
  EXPECT_EQ(equal[0], 0.5f);
  EXPECT_EQ(equal[1], 0.5f);
  EXPECT_TRUE(std::isnan(equal[2]));
}

TEST_F(Activations, ClipBoundIsRoundedToTheDtypeOnce) {
  // 1 + 2^-11 + 2^-40 rounds up to 1 + 2^-10 in f16 but, through f32, first onto the tie
  // 1 + 2^-11 and then to even (1): the bound must be rounded once.
  HWC_Buffer* x = upload<uint16_t>({0x0000});  // f16 0
  HWC_Buffer* y = alloc(2);
  Op op{"clip",
        {Tensor(HWC_DTYPE_F16, {1})},
        {Tensor(HWC_DTYPE_F16, {1})},
        {float_attr("min", 1.0 + 0x1p-11 + 0x1p-40)}};
  ASSERT_EQ(run(op, {x}, {y}), 0);
  EXPECT_EQ(download<uint16_t>(y, 1)[0], 0x3c01);  // 1 + 2^-10
}

TEST_F(Activations, LeakyReluTakesAnyAlpha) {
  EXPECT_EQ(unary("leaky_relu", {-2, -0.0f, 3}), (std::vector<float>{-0.02f, -0.0f, 3}));
  EXPECT_EQ(unary("leaky_relu", {-2, 3}, {float_attr("alpha", 2.5)}), (std::vector<float>{-5, 3}));
  EXPECT_EQ(unary("leaky_relu", {-2, 3}, {float_attr("alpha", -0.5)}), (std::vector<float>{1, 3}));
}

TEST_F(Activations, HardSigmoidAndHardSwishKinks) {
  // ONNX defaults alpha 0.2, beta 0.5: kinks at -2.5 and 2.5.
  EXPECT_EQ(unary("hard_sigmoid", {-3, -2.5f, 0, 2.5f, 3}), (std::vector<float>{0, 0, 0.5f, 1, 1}));
  const auto custom =
      unary("hard_sigmoid", {1}, {float_attr("alpha", 0.25), float_attr("beta", 0.25)});
  EXPECT_EQ(custom[0], 0.5f);
  // hard_swish: x * max(0, min(1, x/6 + 1/2)), kinks at -3 and 3.
  const auto y = unary("hard_swish", {-4, -3, -1.5f, 0, 1.5f, 3, 4});
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[1], 0.0f);
  EXPECT_NEAR(y[2], -1.5 * 0.25, 1e-7);
  EXPECT_EQ(y[3], 0.0f);
  EXPECT_NEAR(y[4], 1.5 * 0.75, 1e-7);
  EXPECT_EQ(y[5], 3.0f);
  EXPECT_EQ(y[6], 4.0f);
  EXPECT_TRUE(std::isnan(unary("hard_swish", {kNaN})[0]));
}

TEST_F(Activations, ErfTailsAndTinyArguments) {
  const auto y = unary("erf", {0.5f, -2, 1e-20f, -4.5f, kInf});
  EXPECT_NEAR(y[0], 0.5204998778130465, 1e-7);
  EXPECT_NEAR(y[1], -0.9953222650189527, 1e-7);
  EXPECT_NEAR(y[2], 1.1283791670955126e-20, 1e-26);  // 2x/sqrt(pi): no cancellation
  EXPECT_EQ(y[3], -1.0f);
  EXPECT_EQ(y[4], 1.0f);
}

TEST_F(OpsOpset2Test, BatchNormPerChannelOnAxisOne) {
  // X [2, 2, 2]: channel c of sample n is x[n, c, :].
  HWC_Buffer* x = upload<float>({1, 3, 10, 20, 5, 7, 30, 40});
  HWC_Buffer* scale = upload<float>({2, -1});
  HWC_Buffer* bias = upload<float>({0.5f, 1});
  HWC_Buffer* mean = upload<float>({3, 25});
  HWC_Buffer* var = upload<float>({4, 0});
  HWC_Buffer* y = alloc(8 * sizeof(float));
  const std::vector<Tensor> params(4, Tensor(F32, {2}));
  Op bn{"batch_norm",
        {Tensor(F32, {2, 2, 2}), params[0], params[1], params[2], params[3]},
        {Tensor(F32, {2, 2, 2})},
        {float_attr("epsilon", 0.25)}};
  ASSERT_EQ(run(bn, {x, scale, bias, mean, var}, {y}), 0);
  const double inv0 = 1 / std::sqrt(4.25), inv1 = 1 / std::sqrt(0.25);
  const std::vector<double> want = {(1 - 3) * inv0 * 2 + 0.5,  (3 - 3) * inv0 * 2 + 0.5,
                                    (10 - 25) * inv1 * -1 + 1, (20 - 25) * inv1 * -1 + 1,
                                    (5 - 3) * inv0 * 2 + 0.5,  (7 - 3) * inv0 * 2 + 0.5,
                                    (30 - 25) * inv1 * -1 + 1, (40 - 25) * inv1 * -1 + 1};
  const auto got = download<float>(y, 8);
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << i;

  Op rank1{"batch_norm",
           {Tensor(F32, {2}), params[0], params[1], params[2], params[3]},
           {Tensor(F32, {2})}};
  EXPECT_EQ(support(rank1), -HWC_STATUS_INVALID_ARGUMENT);
  Op wrong_params{"batch_norm",
                  {Tensor(F32, {2, 3}), params[0], params[1], params[2], params[3]},
                  {Tensor(F32, {2, 3})}};
  EXPECT_EQ(support(wrong_params), -HWC_STATUS_INVALID_ARGUMENT);
  Op negative_eps{"batch_norm",
                  {Tensor(F32, {2, 2}), params[0], params[1], params[2], params[3]},
                  {Tensor(F32, {2, 2})},
                  {float_attr("epsilon", -1)}};
  EXPECT_EQ(support(negative_eps), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(OpsOpset2Test, UnknownAttributesAreRejected) {
  Op clip_alpha{"clip", {Tensor(F32, {2})}, {Tensor(F32, {2})}, {float_attr("alpha", 1)}};
  EXPECT_EQ(support(clip_alpha), -HWC_STATUS_INVALID_ARGUMENT);
  Op swish_alpha{"hard_swish", {Tensor(F32, {2})}, {Tensor(F32, {2})}, {float_attr("alpha", 1)}};
  EXPECT_EQ(support(swish_alpha), -HWC_STATUS_INVALID_ARGUMENT);
  Op int_erf{"erf", {Tensor(HWC_DTYPE_I32, {2})}, {Tensor(HWC_DTYPE_I32, {2})}};
  EXPECT_EQ(support(int_erf), HWC_OP_UNSUPPORTED);
}

}  // namespace
}  // namespace hwcert::reference::test

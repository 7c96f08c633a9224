// gelu and silu bounds (docs/numerics.md): implementations from correctly rounded pieces pass
// (the erfc form, the 1 + erf form with the C library's erf, the tanh approximation as
// x * sigmoid(2z) with z in several operation orders, x / (1 + exp(-2z)) and naive silu where
// the exponential is finite, stable silu, f32 evaluation rounded to f16/bf16); an erf-less
// approximation, pieces evaluated in f16/bf16 arithmetic, the tanh form through 1 + tanh z
// (which cancels) and a silu or gelu whose exp overflowed fail. Inputs are dense grids over the
// negative tail, where the former bounds accepted up to 100% (f32) or any value of the right
// sign (bf16).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "judge_support.hpp"
#include "test_support.hpp"

namespace hwcert::conformance {
namespace {

using FloatForm = std::function<double(float)>;
constexpr float kInvSqrt2 = 0.70710678118654752440f;
constexpr float kSqrt2OverPi = 0.79788456080286535588f;

// `f` on an evenly spaced grid over [lo, hi] (inputs exact in `dtype`), judged as `op`.
Comparison judge_grid(const std::string& op, const std::string& approximate, DType dtype, double lo,
                      double hi, const FloatForm& f) {
  std::vector<double> x;
  for (int i = 0; i <= 2000; ++i) x.push_back(round_to_dtype(lo + (hi - lo) * i / 2000, dtype));
  std::vector<Attribute> attrs;
  if (op == "gelu") attrs.push_back({"approximate", approximate});
  const auto n = static_cast<int64_t>(x.size());
  const OpCall call(op, {TensorSpec::dense(dtype, {n})}, {TensorSpec::dense(dtype, {n})}, attrs);
  std::vector<double> y;
  for (double v : x) y.push_back(f(static_cast<float>(v)));
  return testing::judge_values(call, {testing::image_of(dtype, x)}, y);
}

// Pieces rounded to `dtype` after every operation (arithmetic in that dtype).
std::function<float(float)> in(DType dtype) {
  return [dtype](float v) { return static_cast<float>(round_to_dtype(v, dtype)); };
}

double gelu_erfc(float x) {
  return 0.5f * x * std::erfc(-x * kInvSqrt2);
}
double gelu_one_plus_erf(float x) {
  return 0.5f * x * (1.0f + std::erf(x * kInvSqrt2));
}
float tanh_z(float x) {
  return kSqrt2OverPi * (x + 0.044715f * x * x * x);
}
double gelu_tanh(float x) {
  return 0.5f * x * (1.0f + std::tanh(tanh_z(x)));
}
double gelu_tanh_sigmoid(float x) {
  return x / (1.0f + std::exp(-2.0f * tanh_z(x)));
}
// x * sigmoid(t) with exp of a non-positive argument only (the reference and OpenCL plugins).
float stable_logistic_times(float x, float t) {
  const float e = std::exp(-std::fabs(t));
  return x * (t >= 0 ? 1.0f / (1.0f + e) : e / (1.0f + e));
}
double gelu_tanh_stable(float x) {
  return stable_logistic_times(x, 2.0f * tanh_z(x));
}
// z in other orders: a fused multiply-add, and x (k + (k c) x^2) with k c rounded to f32.
double gelu_tanh_stable_fma(float x) {
  return stable_logistic_times(x, 2.0f * kSqrt2OverPi * std::fma(0.044715f * x * x, x, x));
}
double gelu_tanh_stable_factored(float x) {
  constexpr float kc = kSqrt2OverPi * 0.044715f;
  return stable_logistic_times(x, 2.0f * (x * (kSqrt2OverPi + kc * x * x)));
}
double gelu_sigmoid_approx(float x) {
  return x / (1.0f + std::exp(-1.702f * x));
}
// 1 + erf in the arithmetic of `dtype`.
FloatForm gelu_erf_in(DType dtype) {
  const auto r = in(dtype);
  return [r](float x) { return r(r(0.5f * x) * r(1.0f + r(std::erf(r(x * kInvSqrt2))))); };
}
FloatForm gelu_tanh_in(DType dtype) {
  const auto r = in(dtype);
  return [r](float x) {
    const float z = r(kSqrt2OverPi * r(x + r(0.044715f * r(r(x * x) * x))));
    return r(r(0.5f * x) * r(1.0f + r(std::tanh(z))));
  };
}
double silu_stable(float x) {
  const float e = std::exp(-std::fabs(x));
  return x * (x >= 0 ? 1.0f / (1.0f + e) : e / (1.0f + e));
}
double silu_naive(float x) {
  return x / (1.0f + std::exp(-x));
}
FloatForm silu_naive_in(DType dtype) {
  const auto r = in(dtype);
  return [r](float x) { return r(x / r(1.0f + r(std::exp(-x)))); };
}

constexpr DType kNarrow[] = {DType::kF16, DType::kBF16};

TEST(GeluBound, CorrectFormsPassOverTheTail) {
  for (const FloatForm& f : {FloatForm(gelu_erfc), FloatForm(gelu_one_plus_erf)}) {
    for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16}) {
      const Comparison c = judge_grid("gelu", "none", dtype, -8, 5, f);
      EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << c.message;
    }
  }
  // The tanh form down to x = -10.6, where its f32 value is 16 subnormal steps, and
  // x / (1 + exp(-2z)) while exp(-2z) is finite (x > -10.06 in f32; -10 is exact in bf16).
  for (const FloatForm& f : {FloatForm(gelu_tanh_stable), FloatForm(gelu_tanh_stable_fma),
                             FloatForm(gelu_tanh_stable_factored)}) {
    for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16}) {
      const Comparison c = judge_grid("gelu", "tanh", dtype, -10.6, 8, f);
      EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << c.message;
    }
  }
  for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16}) {
    const Comparison c = judge_grid("gelu", "tanh", dtype, -10, 8, gelu_tanh_sigmoid);
    EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << c.message;
  }
}

TEST(GeluBound, TanhFormThatLosesTheTailFails) {
  // x / (1 + exp(-2z)) once exp(-2z) is Inf (x < -10.06): -0 where gelu is a normal f32 or
  // bf16 down to -3e-38 (the planted gelu_tanh_naive of the mutation harness).
  for (DType dtype : {DType::kF32, DType::kBF16}) {
    EXPECT_EQ(judge_grid("gelu", "tanh", dtype, -10.6, -10.07, gelu_tanh_sigmoid).status,
              CaseStatus::kFail)
        << dtype_name(dtype);
  }
  // 0.5x(1 + tanh z) in f32: 1 + tanh z cancels (relative error 17% at x = -5, -0 below -5.16
  // where gelu is -7.6e-8); the former bound accepted it through its cancellation term.
  for (DType dtype : {DType::kF32, DType::kBF16}) {
    EXPECT_EQ(judge_grid("gelu", "tanh", dtype, -5.1, -3, gelu_tanh).status, CaseStatus::kFail)
        << dtype_name(dtype);
    EXPECT_EQ(judge_grid("gelu", "tanh", dtype, -9, -5.2, gelu_tanh).status, CaseStatus::kFail)
        << dtype_name(dtype);
  }
}

TEST(GeluBound, ApproximationsAndNarrowArithmeticFail) {
  // Erf-less approximations of the erf form, on [-6, -2] where the former f32 bound accepted
  // 1.5% to over 100% and the bf16 one any value of the right sign.
  for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16}) {
    EXPECT_EQ(judge_grid("gelu", "none", dtype, -6, -2, gelu_tanh).status, CaseStatus::kFail)
        << dtype_name(dtype);
    EXPECT_EQ(judge_grid("gelu", "none", dtype, -6, -2, gelu_sigmoid_approx).status,
              CaseStatus::kFail)
        << dtype_name(dtype);
  }
  // 1 + erf (1 + tanh) evaluated in f16/bf16 arithmetic: the cancellation costs |x|*eps(f16).
  for (DType dtype : kNarrow) {
    EXPECT_EQ(judge_grid("gelu", "none", dtype, -4, -1, gelu_erf_in(dtype)).status,
              CaseStatus::kFail)
        << dtype_name(dtype);
    EXPECT_EQ(judge_grid("gelu", "tanh", dtype, -4, -1, gelu_tanh_in(dtype)).status,
              CaseStatus::kFail)
        << dtype_name(dtype);
  }
}

TEST(SiluBound, StableAndFiniteNaiveFormsPass) {
  for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16}) {
    const Comparison stable = judge_grid("silu", "", dtype, -110, 8, silu_stable);
    EXPECT_EQ(stable.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << stable.message;
    // While exp(-x) is finite the naive form is as accurate.
    const Comparison naive = judge_grid("silu", "", dtype, -88, 8, silu_naive);
    EXPECT_EQ(naive.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << naive.message;
  }
}

TEST(SiluBound, OverflowedExponentialFails) {
  // x / (1 + exp(-x)) once exp(-x) is Inf: -0 where silu(x) ~ -1e-37 is still a normal f32.
  EXPECT_EQ(judge_grid("silu", "", DType::kF32, -100, -89, silu_naive).status, CaseStatus::kFail);
  // The same in f16 arithmetic overflows from x < -11.1 where the f16 result is still nonzero.
  EXPECT_EQ(judge_grid("silu", "", DType::kF16, -16, -11.5, silu_naive_in(DType::kF16)).status,
            CaseStatus::kFail);
}

}  // namespace
}  // namespace hwcert::conformance

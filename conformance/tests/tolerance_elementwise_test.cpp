// gelu and silu bounds (docs/numerics.md): implementations from correctly rounded pieces pass
// (the erfc form, the 1 + erf form with the C library's erf, the tanh and sigmoid forms of the
// tanh approximation, stable and naive silu where exp(-x) is finite, f32 evaluation rounded
// to f16/bf16); an erf-less approximation, pieces evaluated in f16/bf16 arithmetic and a silu
// whose exp(-x) overflowed fail. Inputs are dense grids over the negative tail, where the
// former bounds accepted up to 100% (f32) or any value of the right sign (bf16).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "judge_support.hpp"
#include "test_support.hpp"

namespace hwcert::conformance {
namespace {

using Fn = std::function<double(float)>;
constexpr float kInvSqrt2 = 0.70710678118654752440f;
constexpr float kSqrt2OverPi = 0.79788456080286535588f;

// `f` on an evenly spaced grid over [lo, hi] (inputs exact in `dtype`), judged as `op`.
Comparison judge_grid(const std::string& op, const std::string& approximate, DType dtype, double lo,
                      double hi, const Fn& f) {
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
double gelu_sigmoid_approx(float x) {
  return x / (1.0f + std::exp(-1.702f * x));
}
// 1 + erf in the arithmetic of `dtype`.
Fn gelu_erf_in(DType dtype) {
  const auto r = in(dtype);
  return [r](float x) { return r(r(0.5f * x) * r(1.0f + r(std::erf(r(x * kInvSqrt2))))); };
}
Fn gelu_tanh_in(DType dtype) {
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
Fn silu_naive_in(DType dtype) {
  const auto r = in(dtype);
  return [r](float x) { return r(x / r(1.0f + r(std::exp(-x)))); };
}

constexpr DType kNarrow[] = {DType::kF16, DType::kBF16};

TEST(GeluBound, CorrectFormsPassOverTheTail) {
  for (const Fn& f : {Fn(gelu_erfc), Fn(gelu_one_plus_erf)}) {
    for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16}) {
      const Comparison c = judge_grid("gelu", "none", dtype, -8, 5, f);
      EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << c.message;
    }
  }
  for (const Fn& f : {Fn(gelu_tanh), Fn(gelu_tanh_sigmoid)}) {
    for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16}) {
      const Comparison c = judge_grid("gelu", "tanh", dtype, -8, 5, f);
      EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << c.message;
    }
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

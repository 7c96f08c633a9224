// Bounds of the opset-2 activations and batch_norm (docs/numerics.md, "Opset 2"): correct
// evaluation orders in f32 (f64 for f64) pass, rounded once to f16/bf16; the wrong algorithms
// of the mutation harness fail: a low-order erf and 1 - erfc, hard_sigmoid's ONNX alpha inside
// hard_swish, leaky_relu as max(x, alpha*x), a clip that drops NaN, batch_norm with eps
// outside the sqrt or folded in f16 arithmetic.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "judge_support.hpp"
#include "test_support.hpp"

namespace hwcert::conformance {
namespace {

using DoubleForm = std::function<double(double)>;

std::vector<double> grid(double lo, double hi, int steps, DType dtype) {
  std::vector<double> x;
  for (int i = 0; i <= steps; ++i) x.push_back(round_to_dtype(lo + (hi - lo) * i / steps, dtype));
  return x;
}

// Magnitudes 2^-40 .. 2^-8, both signs (erf's linear region, where 1 - erfc cancels).
std::vector<double> tiny(DType dtype) {
  std::vector<double> x;
  for (int e = -40; e <= -8; ++e) {
    for (double m : {1.0, 1.37, 1.81}) {
      x.push_back(round_to_dtype(std::ldexp(m, e), dtype));
      x.push_back(-x.back());
    }
  }
  return x;
}

// `f` at `x` (exact in `dtype`), judged as `op` with `attrs`.
Comparison judge(const std::string& op, std::vector<Attribute> attrs, DType dtype,
                 const std::vector<double>& x, const DoubleForm& f) {
  const auto n = static_cast<int64_t>(x.size());
  const OpCall call(op, {TensorSpec::dense(dtype, {n})}, {TensorSpec::dense(dtype, {n})},
                    std::move(attrs));
  std::vector<double> y;
  for (double v : x) y.push_back(f(v));
  return testing::judge_values(call, {testing::image_of(dtype, x)}, y);
}

// A float function evaluated in f32 (f64 for f64 outputs: `f64`).
DoubleForm in_compute(DType dtype, const std::function<float(float)>& f32, const DoubleForm& f64) {
  if (dtype == DType::kF64) return f64;
  return [f32](double x) { return static_cast<double>(f32(static_cast<float>(x))); };
}

constexpr DType kFloats[] = {DType::kF64, DType::kF32, DType::kF16, DType::kBF16};

// Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7).
double erf_as(double x) {
  const double a = std::fabs(x), t = 1.0 / (1.0 + 0.3275911 * a);
  const double p =
      t *
      (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return std::copysign(1.0 - p * std::exp(-a * a), x);
}

TEST(ErfBound, LibraryErfPassesOverTailsAndTinyArguments) {
  for (DType dtype : kFloats) {
    const DoubleForm f = in_compute(
        dtype, [](float x) { return std::erf(x); }, [](double x) { return std::erf(x); });
    for (const auto& x : {grid(-6, 6, 2000, dtype), tiny(dtype)}) {
      const Comparison c = judge("erf", {}, dtype, x, f);
      EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << c.message;
    }
  }
}

TEST(ErfBound, LowOrderFitAndOneMinusErfcFail) {
  EXPECT_EQ(judge("erf", {}, DType::kF64, grid(2, 6, 400, DType::kF64), erf_as).status,
            CaseStatus::kFail);
  for (DType dtype : {DType::kF64, DType::kF32, DType::kBF16}) {
    EXPECT_EQ(judge("erf", {}, dtype, tiny(dtype), erf_as).status, CaseStatus::kFail)
        << dtype_name(dtype);
    const DoubleForm via_erfc = in_compute(
        dtype, [](float x) { return 1.0f - std::erfc(x); },
        [](double x) { return 1.0 - std::erfc(x); });
    EXPECT_EQ(judge("erf", {}, dtype, tiny(dtype), via_erfc).status, CaseStatus::kFail)
        << dtype_name(dtype);
  }
}

float unit_clamp(float t) {
  return t < 0 ? 0.0f : (t > 1 ? 1.0f : t);
}

// Inputs over [-8, 8] and at -3 and 3 with their neighbours in the dtype.
std::vector<double> around_kinks(DType dtype, double k0, double k1) {
  std::vector<double> x = grid(-8, 8, 1600, dtype);
  for (double k : {k0, k1}) {
    double v = round_to_dtype(k, dtype);
    for (int i = 0; i < 20; ++i) v -= ulp_of(v, dtype);
    for (int i = 0; i < 40; ++i, v += ulp_of(v, dtype)) x.push_back(v);
  }
  return x;
}

TEST(HardSwishBound, EvaluationOrdersPassAndTheOnnxHardSigmoidFails) {
  for (DType dtype : kFloats) {
    const auto x = around_kinks(dtype, -3, 3);
    const DoubleForm direct = in_compute(
        dtype, [](float v) { return v * unit_clamp(v / 6.0f + 0.5f); },
        [](double v) { return v * std::clamp(v / 6.0 + 0.5, 0.0, 1.0); });
    const DoubleForm relu6 = in_compute(
        dtype, [](float v) { return v * (std::clamp(v + 3.0f, 0.0f, 6.0f) / 6.0f); },
        [](double v) { return v * (std::clamp(v + 3.0, 0.0, 6.0) / 6.0); });
    const DoubleForm fma = in_compute(
        dtype, [](float v) { return v * unit_clamp(std::fma(v, 1.0f / 6.0f, 0.5f)); },
        [](double v) { return v * std::clamp(std::fma(v, 1.0 / 6.0, 0.5), 0.0, 1.0); });
    for (const DoubleForm& f : {direct, relu6, fma}) {
      const Comparison c = judge("hard_swish", {}, dtype, x, f);
      EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << c.message;
    }
    const DoubleForm onnx_alpha = [](double v) { return v * std::clamp(0.2 * v + 0.5, 0.0, 1.0); };
    EXPECT_EQ(judge("hard_swish", {}, dtype, x, onnx_alpha).status, CaseStatus::kFail)
        << dtype_name(dtype);
  }
}

TEST(HardSigmoidBound, RoundingNearZeroPassesAndAnIgnoredAlphaFails) {
  for (DType dtype : kFloats) {
    for (double alpha : {0.2, 1.0 / 6.0}) {
      const auto x = around_kinks(dtype, -0.5 / alpha, 0.5 / alpha);
      const std::vector<Attribute> attrs = {{"alpha", alpha}, {"beta", 0.5}};
      const auto a = static_cast<float>(alpha);
      const DoubleForm plain = in_compute(
          dtype, [a](float v) { return unit_clamp(a * v + 0.5f); },
          [alpha](double v) { return std::clamp(alpha * v + 0.5, 0.0, 1.0); });
      const DoubleForm fused = in_compute(
          dtype, [a](float v) { return unit_clamp(std::fma(a, v, 0.5f)); },
          [alpha](double v) { return std::clamp(std::fma(alpha, v, 0.5), 0.0, 1.0); });
      for (const DoubleForm& f : {plain, fused}) {
        const Comparison c = judge("hard_sigmoid", attrs, dtype, x, f);
        EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << " " << c.message;
      }
    }
    // PyTorch's fixed 1/6 where the call says 0.2.
    const DoubleForm fixed = [](double v) { return std::clamp(v / 6.0 + 0.5, 0.0, 1.0); };
    EXPECT_EQ(judge("hard_sigmoid", {{"alpha", 0.2}}, dtype, grid(-4, 4, 800, dtype), fixed).status,
              CaseStatus::kFail)
        << dtype_name(dtype);
  }
}

TEST(LeakyReluBound, ProductInTheComputeDtypePassesAndMaxFormFails) {
  for (DType dtype : kFloats) {
    const auto x = grid(-6, 6, 1200, dtype);
    for (double alpha : {0.01, 2.5, -0.5}) {
      const auto a = static_cast<float>(alpha);
      const DoubleForm f = in_compute(
          dtype, [a](float v) { return v >= 0 ? v : a * v; },
          [alpha](double v) { return v >= 0 ? v : alpha * v; });
      const Comparison c = judge("leaky_relu", {{"alpha", alpha}}, dtype, x, f);
      EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << " " << c.message;
    }
    const DoubleForm max_form = [](double v) { return std::max(v, 2.5 * v); };
    EXPECT_EQ(judge("leaky_relu", {{"alpha", 2.5}}, dtype, x, max_form).status, CaseStatus::kFail);
  }
}

TEST(ClipBound, NanStaysAndFminFmaxFails) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> x = {nan, -inf, inf, -2, -1.5, 0.25, 2.25, 3};
  const std::vector<Attribute> attrs = {{"min", -1.5}, {"max", 2.25}};
  const DoubleForm direct = [](double v) {
    const double low = v < -1.5 ? -1.5 : v;
    return low > 2.25 ? 2.25 : low;
  };
  const DoubleForm fminmax = [](double v) { return std::fmin(std::fmax(v, -1.5), 2.25); };
  for (DType dtype : kFloats) {
    EXPECT_EQ(judge("clip", attrs, dtype, x, direct).status, CaseStatus::kPass);
    EXPECT_EQ(judge("clip", attrs, dtype, x, fminmax).status, CaseStatus::kFail);
  }
}

// batch_norm on X [2, C, 16] with a large common offset in X and mean and var in [0, 2 eps].
struct BatchNormData {
  OpCall call;
  testing::Images images;
  std::vector<std::vector<double>> values;  // X, scale, bias, mean, var
};

BatchNormData batch_norm_data(DType dtype, double offset) {
  constexpr int64_t kC = 4, kL = 16, kN = 2;
  const double eps = 1e-5, spread = offset * std::exp2(-mantissa_bits(dtype) / 2.0);
  std::vector<std::vector<double>> v(5);
  for (int64_t c = 0; c < kC; ++c) {
    v[1].push_back(round_to_dtype(c % 2 == 0 ? 1.25 : -0.75, dtype));
    v[2].push_back(round_to_dtype(0.125 * static_cast<double>(c) - 0.2, dtype));
    v[3].push_back(round_to_dtype(offset + spread * 0.1 * static_cast<double>(c), dtype));
    v[4].push_back(round_to_dtype(eps * 0.5 * static_cast<double>(c), dtype));
  }
  for (int64_t i = 0; i < kN * kC * kL; ++i)
    v[0].push_back(round_to_dtype(offset + spread * std::sin(0.7 * static_cast<double>(i)), dtype));
  std::vector<TensorSpec> inputs = {TensorSpec::dense(dtype, {kN, kC, kL})};
  for (int p = 0; p < 4; ++p) inputs.push_back(TensorSpec::dense(dtype, {kC}));
  BatchNormData data{OpCall("batch_norm", inputs, {TensorSpec::dense(dtype, {kN, kC, kL})}), {}, v};
  for (std::size_t t = 0; t < 5; ++t) data.images.push_back(testing::image_of(dtype, v[t]));
  return data;
}

using BatchNormFn =
    std::function<double(double x, double scale, double bias, double mean, double var)>;

Comparison judge_batch_norm(const BatchNormData& d, const BatchNormFn& f) {
  const std::vector<double>& x = d.values[0];
  const auto channels = static_cast<int64_t>(d.values[1].size());
  const int64_t length = d.call.inputs()[0].shape[2];
  std::vector<double> y;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto c = static_cast<std::size_t>((static_cast<int64_t>(i) / length) % channels);
    y.push_back(f(x[i], d.values[1][c], d.values[2][c], d.values[3][c], d.values[4][c]));
  }
  return testing::judge_values(d.call, d.images, y);
}

TEST(BatchNormBound, DirectAndFoldedFormsPassEpsOutsideTheSqrtAndF16FoldingFail) {
  const float eps = 1e-5f;
  const BatchNormFn direct = [eps](double x, double s, double b, double m, double v) {
    const auto inv = 1.0f / std::sqrt(static_cast<float>(v) + eps);
    return (static_cast<float>(x) - static_cast<float>(m)) * inv * static_cast<float>(s) +
           static_cast<float>(b);
  };
  const BatchNormFn folded = [eps](double x, double s, double b, double m, double v) {
    const float k = static_cast<float>(s) / std::sqrt(static_cast<float>(v) + eps);
    return static_cast<float>(x) * k + (static_cast<float>(b) - static_cast<float>(m) * k);
  };
  const BatchNormFn eps_outside = [eps](double x, double s, double b, double m, double v) {
    return (x - m) / (std::sqrt(v) + eps) * s + b;
  };
  const auto r = [](double v) { return round_to_dtype(v, DType::kF16); };
  const BatchNormFn folded_f16 = [eps, r](double x, double s, double b, double m, double v) {
    const double k = r(s / std::sqrt(v + eps));
    return r(r(x * k) + r(b - r(m * k)));
  };
  for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16}) {
    const double offset = dtype == DType::kF32 ? 4096 : 256;
    const BatchNormData d = batch_norm_data(dtype, offset);
    for (const BatchNormFn& f : {direct, folded}) {
      const Comparison c = judge_batch_norm(d, f);
      EXPECT_EQ(c.status, CaseStatus::kPass) << dtype_name(dtype) << ": " << c.message;
    }
    EXPECT_EQ(judge_batch_norm(d, eps_outside).status, CaseStatus::kFail) << dtype_name(dtype);
  }
  EXPECT_EQ(judge_batch_norm(batch_norm_data(DType::kF16, 256), folded_f16).status,
            CaseStatus::kFail);
}

}  // namespace
}  // namespace hwcert::conformance

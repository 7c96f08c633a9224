// Normalisations with f16/bf16 outputs are held to 1 ulp (computed in f32, rounded once):
// two-pass, one-pass (E[x^2] - mean^2) and Welford statistics in f32, rsqrt or a divide, all
// pass; statistics accumulated in bf16 and the whole normalisation in bf16 arithmetic fail
// (the former 4-ulp rule let both pass).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "hwcert/conformance/input_generator.hpp"
#include "judge_support.hpp"

namespace hwcert::conformance {
namespace {

enum class Stats { kTwoPass, kOnePass, kWelford };

struct NormDevice {
  Stats stats = Stats::kTwoPass;
  bool divide = false;  // x / sqrt(var + eps) instead of rsqrt
  std::function<float(float)> sum = [](float v) { return v; };  // precision of the sums
  std::function<float(float)> op = [](float v) { return v; };   // precision of every step
};

float bf16(float v) {
  return static_cast<float>(round_to_dtype(v, DType::kBF16));
}

// mean and variance (rms: mean of squares) of one row as `d` computes them.
std::pair<float, float> statistics(const NormDevice& d, const std::vector<float>& x, bool rms) {
  const auto n = static_cast<float>(x.size());
  float mean = 0, var = 0;
  if (d.stats == Stats::kWelford && !rms) {
    float count = 0;
    for (float v : x) {
      count += 1;
      const float delta = d.op(v - mean);
      mean = d.sum(mean + d.op(delta / count));
      var = d.sum(var + d.op(delta * d.op(v - mean)));
    }
    return {mean, d.op(var / n)};
  }
  float sum = 0, squares = 0;
  for (float v : x) {
    sum = d.sum(sum + v);
    squares = d.sum(squares + d.op(v * v));
  }
  mean = rms ? 0.0f : d.op(sum / n);
  if (rms || d.stats == Stats::kOnePass) return {mean, d.op(d.op(squares / n) - d.op(mean * mean))};
  for (float v : x) var = d.sum(var + d.op(d.op(v - mean) * d.op(v - mean)));
  return {mean, d.op(var / n)};
}

std::vector<double> device_norm(const OpCall& call, const testing::Images& images,
                                const NormDevice& d) {
  const bool rms = call.op_name() == "rms_norm";
  const auto v = testing::input_values(call, images);
  const int64_t k = call.inputs()[0].shape[1];
  const float eps = rms ? 1e-6f : 1e-5f;
  std::vector<double> out;
  for (std::size_t r = 0; r * k < v[0].size(); ++r) {
    const std::vector<float> x(v[0].begin() + r * k, v[0].begin() + (r + 1) * k);
    const auto [mean, var] = statistics(d, x, rms);
    const float root = d.op(std::sqrt(d.op(var + eps)));
    const float rstd = d.op(1.0f / root);
    for (int64_t j = 0; j < k; ++j) {
      const float centred = d.op(x[j] - mean);
      const float norm = d.divide ? d.op(centred / root) : d.op(centred * rstd);
      float y = d.op(norm * static_cast<float>(v[1][j]));
      if (!rms) y = d.op(y + static_cast<float>(v[2][j]));
      out.push_back(y);
    }
  }
  return out;
}

OpCall norm_call(const std::string& op, DType dtype, int64_t rows, int64_t k) {
  std::vector<TensorSpec> in = {TensorSpec::dense(dtype, {rows, k}), TensorSpec::dense(dtype, {k})};
  if (op == "layer_norm") in.push_back(TensorSpec::dense(dtype, {k}));
  return OpCall(op, in, {TensorSpec::dense(dtype, {rows, k})}, {});
}

TEST(NormBound, F32StatisticsPassOneUlp) {
  for (const char* op : {"layer_norm", "rms_norm"}) {
    for (DType dtype : {DType::kF16, DType::kBF16}) {
      for (int64_t k : {16, 64, 512}) {
        const OpCall call = norm_call(op, dtype, 64, k);
        const auto images = generate_inputs(call, InputTier::kStatistical, 8);
        for (Stats stats : {Stats::kTwoPass, Stats::kOnePass, Stats::kWelford}) {
          for (bool divide : {false, true}) {
            NormDevice d;
            d.stats = stats;
            d.divide = divide;
            const Comparison c = testing::judge_values(call, images, device_norm(call, images, d));
            EXPECT_EQ(c.status, CaseStatus::kPass)
                << op << " " << dtype_name(dtype) << " K " << k << ": " << c.message;
          }
        }
      }
    }
  }
}

TEST(NormBound, Bf16StatisticsOrArithmeticFail) {
  for (const char* op : {"layer_norm", "rms_norm"}) {
    for (DType dtype : {DType::kF16, DType::kBF16}) {
      for (int64_t k : {64, 512}) {
        const OpCall call = norm_call(op, dtype, 64, k);
        const auto images = generate_inputs(call, InputTier::kStatistical, 9);
        NormDevice sums;
        sums.sum = bf16;
        EXPECT_EQ(testing::judge_status(call, images, device_norm(call, images, sums)),
                  CaseStatus::kFail)
            << op << " " << dtype_name(dtype) << " K " << k << " bf16 sums";
        NormDevice arithmetic;
        arithmetic.sum = bf16;
        arithmetic.op = bf16;
        EXPECT_EQ(testing::judge_status(call, images, device_norm(call, images, arithmetic)),
                  CaseStatus::kFail)
            << op << " " << dtype_name(dtype) << " K " << k << " bf16 arithmetic";
      }
    }
  }
}

}  // namespace
}  // namespace hwcert::conformance

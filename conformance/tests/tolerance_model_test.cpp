// The tolerance model separates declared precision from silent down-precision: a strict f32
// matmul computed with tf32 inputs fails the strict bound, while a result computed more
// precisely than a declared tf32 mode passes the tf32 bound, and one two or more bits below
// its declared mode fails (a one-bit gap is within the noise of independent roundings). The
// passing side is a device-style float matmul, never the oracle judged against itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>

#include "hwcert/conformance/comparator.hpp"
#include "hwcert/conformance/input_generator.hpp"
#include "hwcert/conformance/oracle.hpp"
#include "judge_support.hpp"

namespace hwcert::conformance {
namespace {

constexpr int64_t kM = 32, kK = 64, kN = 32;

OpCall mode_matmul_call(const std::string& mode) {
  return OpCall(
      "matmul",
      {TensorSpec::dense(DType::kF32, {kM, kK}), TensorSpec::dense(DType::kF32, {kK, kN})},
      {TensorSpec::dense(DType::kF32, {kM, kN})}, {{"math_mode", mode}});
}

std::vector<std::vector<std::byte>> matmul_inputs(const OpCall& call) {
  return generate_inputs(call, InputTier::kStatistical, 11);
}

// Judges `computed` (output bits, row-major) against the bound of `declared_mode`.
CaseStatus judge_mode(const std::string& declared_mode, const std::vector<uint64_t>& computed) {
  const OpCall declared = mode_matmul_call(declared_mode);
  std::vector<double> values;
  for (uint64_t bits : computed) values.push_back(decode_value(DType::kF32, bits));
  return testing::judge_status(declared, matmul_inputs(declared), values);
}

// The oracle's own results under `computed_mode` (inputs rounded to that mode, exact sums).
CaseStatus judge_mode(const std::string& declared_mode, const std::string& computed_mode) {
  const OpCall call = mode_matmul_call(computed_mode);
  const auto images = matmul_inputs(call);
  const std::vector<std::span<const std::byte>> spans(images.begin(), images.end());
  auto computed = Oracle::create(call, spans);
  EXPECT_TRUE(computed.ok());
  std::vector<uint64_t> bits;
  for (int64_t i = 0; i < computed->output_elements(); ++i)
    bits.push_back(computed->at_flat(i).bits);
  return judge_mode(declared_mode, bits);
}

// A matmul as a device computes it, independent of the oracle: each input passed through
// `round_input`, products and a serial sum in float, the running sum passed through
// `round_sum` after every addition.
std::vector<uint64_t> device_matmul(double (*round_input)(double), float (*round_sum)(float)) {
  const auto images = matmul_inputs(mode_matmul_call("strict"));
  const auto input = [&](std::size_t tensor, int64_t flat) {
    const double v =
        decode_value(DType::kF32, load_element_bits(images[tensor], 4 * flat, DType::kF32));
    return static_cast<float>(round_input(v));
  };
  std::vector<uint64_t> out;
  for (int64_t i = 0; i < kM; ++i) {
    for (int64_t j = 0; j < kN; ++j) {
      float sum = 0;
      for (int64_t p = 0; p < kK; ++p)
        sum = round_sum(sum + input(0, i * kK + p) * input(1, p * kN + j));
      out.push_back(encode_value(DType::kF32, sum));
    }
  }
  return out;
}

double keep_input(double v) {
  return v;
}
float keep_sum(float v) {
  return v;
}
// tf32 by truncation (10 explicit mantissa bits, the rest cut off), as some devices round.
double truncate_to_tf32(double v) {
  return std::bit_cast<float>(std::bit_cast<uint32_t>(static_cast<float>(v)) & 0xFFFFE000u);
}
float accumulate_in_bf16(float v) {
  return static_cast<float>(round_to_dtype(v, DType::kBF16));
}
float accumulate_in_f16(float v) {
  return static_cast<float>(round_to_dtype(v, DType::kF16));
}

TEST(ToleranceModel, SilentTf32UnderStrictFails) {
  EXPECT_EQ(judge_mode("strict", "tf32"), CaseStatus::kFail);
  EXPECT_EQ(judge_mode("strict", "bf16"), CaseStatus::kFail);
  EXPECT_EQ(judge_mode("strict", device_matmul(truncate_to_tf32, keep_sum)), CaseStatus::kFail);
}

TEST(ToleranceModel, DeclaredModesPass) {
  // A plain f32 device matmul (serial float sum, not the oracle's exact one) passes strict.
  EXPECT_EQ(judge_mode("strict", device_matmul(keep_input, keep_sum)), CaseStatus::kPass);
  // tf32 by truncation rather than the oracle's round-to-nearest passes a declared tf32.
  EXPECT_EQ(judge_mode("tf32", device_matmul(truncate_to_tf32, keep_sum)), CaseStatus::kPass);
  EXPECT_EQ(judge_mode("tf32", "strict"), CaseStatus::kPass);  // more precise than declared
  EXPECT_EQ(judge_mode("hf32", "strict"), CaseStatus::kPass);
}

TEST(ToleranceModel, NarrowAccumulationUnderStrictFails) {
  // Products in f32 but the running sum kept in bf16 or f16: a precision shortcut.
  EXPECT_EQ(judge_mode("strict", device_matmul(keep_input, accumulate_in_bf16)), CaseStatus::kFail);
  EXPECT_EQ(judge_mode("strict", device_matmul(keep_input, accumulate_in_f16)), CaseStatus::kFail);
}

TEST(ToleranceModel, LowerPrecisionThanDeclaredModeFails) {
  EXPECT_EQ(judge_mode("tf32", "bf16"), CaseStatus::kFail);
  EXPECT_EQ(judge_mode("hf32", "bf16"), CaseStatus::kFail);
  EXPECT_EQ(judge_mode("f16", "bf16"), CaseStatus::kFail);
}

// A row softmax as a device computes it in f32 (x - max, expf, a serial float sum, a divide),
// with `round_exp` applied to each exponential, judged by the shipped softmax rule.
CaseStatus judge_softmax(int64_t rows, int64_t k, uint64_t seed, float (*round_exp)(float)) {
  const OpCall call("softmax", {TensorSpec::dense(DType::kF32, {rows, k})},
                    {TensorSpec::dense(DType::kF32, {rows, k})}, {});
  const auto images = generate_inputs(call, InputTier::kStatistical, seed);
  const auto in = testing::input_values(call, images)[0];
  std::vector<double> out;
  for (int64_t r = 0; r < rows; ++r) {
    const auto row = in.begin() + r * k;
    std::vector<float> x(row, row + k);
    const float max = *std::max_element(x.begin(), x.end());
    std::vector<float> e;
    float sum = 0;
    for (float v : x) sum += e.emplace_back(round_exp(std::exp(v - max)));
    for (float v : e) out.push_back(v / sum);
  }
  return testing::judge_status(call, images, out);
}

float exp_in_bf16(float v) {
  return static_cast<float>(round_to_dtype(v, DType::kBF16));
}

TEST(ToleranceModel, F32SoftmaxPassesAndABf16ExponentialFails) {
  // Short rows are where rounding x - max matters most (two logits 5 apart: about 5 ulp).
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    for (const auto& [rows, k] : {std::pair<int64_t, int64_t>{256, 2}, {32, 16}, {4, 300}}) {
      EXPECT_EQ(judge_softmax(rows, k, seed, keep_sum), CaseStatus::kPass)
          << rows << "x" << k << " seed " << seed;
      EXPECT_EQ(judge_softmax(rows, k, seed, exp_in_bf16), CaseStatus::kFail)
          << rows << "x" << k << " seed " << seed;
    }
  }
}

}  // namespace
}  // namespace hwcert::conformance

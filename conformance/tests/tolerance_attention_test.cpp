// Attention bound (docs/numerics.md): the plain path (S and P rounded to the input dtype),
// FlashAttention-style online softmax over blocks of keys with P rounded before P*V, reversed
// key order and all-f32 evaluation pass for f32/f16/bf16 at D = 64 and 128; P*V or the
// softmax sum kept in bf16, P rounded to fp8 (e4m3) and, under strict f32, tf32 inputs or P in
// bf16 fail. The former bound accepted about 30% error in bf16 (80% at D = 128).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "hwcert/conformance/input_generator.hpp"
#include "judge_support.hpp"

namespace hwcert::conformance {
namespace {

using Round = std::function<float(float)>;

struct AttentionDevice {
  Round input = [](float v) { return v; };   // Q, K, V as the device reads them
  Round score = [](float v) { return v; };   // S = scale * QK^T stored
  Round weight = [](float v) { return v; };  // P before P*V
  Round pv_sum = [](float v) { return v; };  // partial sums of P*V
  Round l_sum = [](float v) { return v; };   // partial sums of the softmax denominator
  int64_t block = 0;                         // > 0: online softmax over blocks of keys
  bool reversed = false;
};

Round to(DType dtype) {
  return [dtype](float v) { return static_cast<float>(round_to_dtype(v, dtype)); };
}

struct Row {
  std::vector<float> scores;
  std::vector<std::vector<float>> values;  // [key][d]
};

// One query row: o_d = sum_j softmax(s)_j v_jd as `dev` computes it.
std::vector<float> attend(const AttentionDevice& dev, const Row& row) {
  const std::size_t keys = row.scores.size(), dims = row.values[0].size();
  std::vector<std::size_t> order(keys);
  for (std::size_t j = 0; j < keys; ++j) order[j] = dev.reversed ? keys - 1 - j : j;
  const std::size_t block = dev.block > 0 ? static_cast<std::size_t>(dev.block) : keys;
  float m = -std::numeric_limits<float>::infinity(), l = 0;
  std::vector<float> acc(dims, 0.0f);
  for (std::size_t b = 0; b < keys; b += block) {
    const std::size_t end = std::min(keys, b + block);
    float m_new = m;
    for (std::size_t t = b; t < end; ++t) m_new = std::max(m_new, row.scores[order[t]]);
    const float rescale = std::exp(m - m_new);
    l = dev.l_sum(l * rescale);
    for (float& a : acc) a = dev.pv_sum(a * rescale);
    for (std::size_t t = b; t < end; ++t) {
      const std::size_t j = order[t];
      const float p = std::exp(row.scores[j] - m_new);
      l = dev.l_sum(l + p);
      const float pw = dev.weight(p);
      for (std::size_t d = 0; d < dims; ++d)
        acc[d] = dev.pv_sum(std::fma(pw, row.values[j][d], acc[d]));
    }
    m = m_new;
  }
  for (float& a : acc) a /= l;
  return acc;
}

OpCall attention_call(DType dtype, int64_t sk, int64_t d, const std::string& mode) {
  const TensorSpec q = TensorSpec::dense(dtype, {1, 2, 8, d});
  const TensorSpec kv = TensorSpec::dense(dtype, {1, 2, sk, d});
  return OpCall("scaled_dot_product_attention", {q, kv, kv}, {q}, {{"math_mode", mode}});
}

std::vector<double> device_attention(const OpCall& call, const testing::Images& images,
                                     const AttentionDevice& dev) {
  const auto v = testing::input_values(call, images);
  const int64_t sq = call.inputs()[0].shape[2], d = call.inputs()[0].shape[3];
  const int64_t sk = call.inputs()[1].shape[2];
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  const auto at = [&](std::size_t t, int64_t h, int64_t row, int64_t c, int64_t rows) {
    return dev.input(static_cast<float>(v[t][static_cast<std::size_t>((h * rows + row) * d + c)]));
  };
  std::vector<double> out;
  for (int64_t h = 0; h < 2; ++h) {
    for (int64_t i = 0; i < sq; ++i) {
      Row row;
      for (int64_t j = 0; j < sk; ++j) {
        float dot = 0;
        for (int64_t c = 0; c < d; ++c) dot = std::fma(at(0, h, i, c, sq), at(1, h, j, c, sk), dot);
        row.scores.push_back(dev.score(scale * dot));
        row.values.emplace_back();
        for (int64_t c = 0; c < d; ++c) row.values.back().push_back(at(2, h, j, c, sk));
      }
      for (float o : attend(dev, row)) out.push_back(o);
    }
  }
  return out;
}

AttentionDevice plain(DType dtype) {  // S and P rounded to the input dtype
  AttentionDevice dev;
  dev.score = to(dtype);
  dev.weight = to(dtype);
  return dev;
}
AttentionDevice flash(DType dtype) {  // online softmax, P rounded before P*V
  AttentionDevice dev;
  dev.weight = to(dtype);
  dev.block = 16;
  return dev;
}

TEST(AttentionBound, CorrectKernelsPass) {
  for (DType dtype : {DType::kF32, DType::kF16, DType::kBF16}) {
    for (int64_t sk : {64, 256}) {
      for (int64_t d : {64, 128}) {
        const OpCall call = attention_call(dtype, sk, d, "strict");
        const auto images = generate_inputs(call, InputTier::kStatistical, 10);
        AttentionDevice reversed = flash(dtype);
        reversed.reversed = true;
        for (const AttentionDevice& dev :
             {AttentionDevice{}, plain(dtype), flash(dtype), reversed}) {
          const Comparison c =
              testing::judge_values(call, images, device_attention(call, images, dev));
          EXPECT_EQ(c.status, CaseStatus::kPass)
              << dtype_name(dtype) << " Sk " << sk << " D " << d << ": " << c.message;
        }
      }
    }
  }
}

TEST(AttentionBound, NarrowShortcutsFail) {
  for (DType dtype : {DType::kF16, DType::kBF16}) {
    for (int64_t d : {64, 128}) {
      const OpCall call = attention_call(dtype, 256, d, "strict");
      const auto images = generate_inputs(call, InputTier::kStatistical, 11);
      AttentionDevice pv = plain(dtype), l = plain(dtype), fp8 = flash(dtype);
      pv.pv_sum = to(DType::kBF16);
      l.l_sum = to(DType::kBF16);
      fp8.weight = to(DType::kF8E4M3);
      for (const auto& [name, dev] : {std::pair<const char*, AttentionDevice>{"P*V in bf16", pv},
                                      {"sum in bf16", l},
                                      {"P in fp8", fp8}}) {
        EXPECT_EQ(testing::judge_status(call, images, device_attention(call, images, dev)),
                  CaseStatus::kFail)
            << name << " " << dtype_name(dtype) << " D " << d;
      }
    }
  }
}

TEST(AttentionBound, StrictF32FailsTf32AndBf16Weights) {
  for (int64_t sk : {64, 256}) {
    const OpCall call = attention_call(DType::kF32, sk, 64, "strict");
    const auto images = generate_inputs(call, InputTier::kStatistical, 12);
    AttentionDevice tf32;
    tf32.input = [](float v) { return static_cast<float>(round_to_math_mode(v, MathMode::kTF32)); };
    EXPECT_EQ(testing::judge_status(call, images, device_attention(call, images, tf32)),
              CaseStatus::kFail);
    EXPECT_EQ(
        testing::judge_status(call, images, device_attention(call, images, flash(DType::kBF16))),
        CaseStatus::kFail);
    // The same tf32 device passes a declared tf32.
    const OpCall declared = attention_call(DType::kF32, sk, 64, "tf32");
    const Comparison c =
        testing::judge_values(declared, images, device_attention(declared, images, tf32));
    EXPECT_EQ(c.status, CaseStatus::kPass) << c.message;
  }
}

}  // namespace
}  // namespace hwcert::conformance

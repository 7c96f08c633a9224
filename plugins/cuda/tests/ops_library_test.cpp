// The ops the ABI layer hands to the op library (matmul, conv2d, the row-wise
// normalisations, attention), end to end through the ABI on a GPU, in f32 strict mode
// against host double-precision results.
#include <cmath>
#include <vector>

#include "plugin_fixture.hpp"

namespace hwcert::cuda::testing {
namespace {

using CudaLibraryTest = CudaDeviceTest;

std::vector<float> ramp(size_t n, float scale) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = scale * static_cast<float>(static_cast<int>(i % 7) - 3);
  return v;
}

TEST_F(CudaLibraryTest, MatmulWithBroadcastBatchAndBias) {
  const int64_t batch = 2, m = 5, k = 8, n = 3;
  const auto a = ramp(batch * m * k, 0.5f);
  const auto b = ramp(k * n, 0.25f);  // [1, k, n], broadcast over the batch
  const std::vector<float> bias = {1, 2, 3};
  OpCall op("matmul", {tensor(kF32, {batch, m, k}), tensor(kF32, {1, k, n}), tensor(kF32, {n})},
            {tensor(kF32, {batch, m, n})}, {float_attr("alpha", 2.0), float_attr("beta", 0.5)});
  ASSERT_EQ(support(op), HWC_OP_SUPPORTED) << last_message_;
  HWC_Buffer* y = alloc(batch * m * n * sizeof(float));
  ASSERT_EQ(launch(op, {upload(a), upload(b), upload(bias)}, {y}), HWC_STATUS_OK) << last_message_;
  const auto out = download<float>(y, batch * m * n);
  for (int64_t p = 0; p < batch; ++p)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double dot = 0;
        for (int64_t q = 0; q < k; ++q) dot += double(a[(p * m + i) * k + q]) * b[q * n + j];
        EXPECT_NEAR(out[(p * m + i) * n + j], 2.0 * dot + 0.5 * bias[j], 1e-4) << p << i << j;
      }
}

TEST_F(CudaLibraryTest, SoftmaxAndLayerNormRows) {
  const int64_t rows = 3, cols = 10;
  const auto x = ramp(rows * cols, 0.3f);
  OpCall softmax("softmax", {tensor(kF32, {rows, cols})}, {tensor(kF32, {rows, cols})});
  ASSERT_EQ(support(softmax), HWC_OP_SUPPORTED) << last_message_;
  HWC_Buffer* y = alloc(rows * cols * sizeof(float));
  ASSERT_EQ(launch(softmax, {upload(x)}, {y}), HWC_STATUS_OK) << last_message_;
  auto out = download<float>(y, rows * cols);
  for (int64_t r = 0; r < rows; ++r) {
    double max = -INFINITY, sum = 0;
    for (int64_t c = 0; c < cols; ++c) max = std::max<double>(max, x[r * cols + c]);
    for (int64_t c = 0; c < cols; ++c) sum += std::exp(double(x[r * cols + c]) - max);
    for (int64_t c = 0; c < cols; ++c)
      EXPECT_NEAR(out[r * cols + c], std::exp(double(x[r * cols + c]) - max) / sum, 1e-6);
  }
  const std::vector<float> gamma(cols, 2.0f), beta(cols, -1.0f);
  OpCall norm("layer_norm",
              {tensor(kF32, {rows, cols}), tensor(kF32, {cols}), tensor(kF32, {cols})},
              {tensor(kF32, {rows, cols})});
  ASSERT_EQ(support(norm), HWC_OP_SUPPORTED) << last_message_;
  ASSERT_EQ(launch(norm, {upload(x), upload(gamma), upload(beta)}, {y}), HWC_STATUS_OK)
      << last_message_;
  out = download<float>(y, rows * cols);
  for (int64_t r = 0; r < rows; ++r) {
    double mean = 0, var = 0;
    for (int64_t c = 0; c < cols; ++c) mean += x[r * cols + c] / double(cols);
    for (int64_t c = 0; c < cols; ++c) var += std::pow(x[r * cols + c] - mean, 2) / double(cols);
    for (int64_t c = 0; c < cols; ++c)
      EXPECT_NEAR(out[r * cols + c], (x[r * cols + c] - mean) / std::sqrt(var + 1e-5) * 2.0 - 1.0,
                  1e-4);
  }
}

TEST_F(CudaLibraryTest, Conv2dNchw) {
  const int64_t c = 2, h = 5, w = 5, co = 3, kh = 3, kw = 3;
  const auto x = ramp(c * h * w, 0.5f);
  const auto wt = ramp(co * c * kh * kw, 0.25f);
  OpCall op("conv2d", {tensor(kF32, {1, c, h, w}), tensor(kF32, {co, c, kh, kw})},
            {tensor(kF32, {1, co, h, w})}, {ints_attr("pads", {1, 1, 1, 1})});
  ASSERT_EQ(support(op), HWC_OP_SUPPORTED) << last_message_;
  uint64_t workspace = 0;
  expect_ok(api_->op_workspace_size(device_, op.desc(), &workspace));
  HWC_Buffer* y = alloc(co * h * w * sizeof(float));
  ASSERT_EQ(launch(op, {upload(x), upload(wt)}, {y}), HWC_STATUS_OK) << last_message_;
  const auto out = download<float>(y, co * h * w);
  for (int64_t o = 0; o < co; ++o)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j) {
        double acc = 0;
        for (int64_t ci = 0; ci < c; ++ci)
          for (int64_t a = 0; a < kh; ++a)
            for (int64_t b = 0; b < kw; ++b) {
              const int64_t ii = i + a - 1, jj = j + b - 1;
              if (ii < 0 || ii >= h || jj < 0 || jj >= w) continue;
              acc += double(x[(ci * h + ii) * w + jj]) * wt[((o * c + ci) * kh + a) * kw + b];
            }
        EXPECT_NEAR(out[(o * h + i) * w + j], acc, 1e-4) << o << i << j;
      }
}

TEST_F(CudaLibraryTest, CausalAttention) {
  const int64_t s = 4, d = 8;
  const auto q = ramp(s * d, 0.2f), k = ramp(s * d, 0.1f), v = ramp(s * d, 0.3f);
  OpCall op("scaled_dot_product_attention",
            {tensor(kF32, {1, 1, s, d}), tensor(kF32, {1, 1, s, d}), tensor(kF32, {1, 1, s, d})},
            {tensor(kF32, {1, 1, s, d})}, {int_attr("causal", 1)});
  ASSERT_EQ(support(op), HWC_OP_SUPPORTED) << last_message_;
  HWC_Buffer* y = alloc(s * d * sizeof(float));
  ASSERT_EQ(launch(op, {upload(q), upload(k), upload(v)}, {y}), HWC_STATUS_OK) << last_message_;
  const auto out = download<float>(y, s * d);
  for (int64_t i = 0; i < s; ++i) {
    std::vector<double> p(i + 1);
    double sum = 0;
    for (int64_t j = 0; j <= i; ++j) {
      double dot = 0;
      for (int64_t e = 0; e < d; ++e) dot += double(q[i * d + e]) * k[j * d + e];
      p[j] = std::exp(dot / std::sqrt(double(d)));
      sum += p[j];
    }
    for (int64_t e = 0; e < d; ++e) {
      double acc = 0;
      for (int64_t j = 0; j <= i; ++j) acc += p[j] / sum * v[j * d + e];
      EXPECT_NEAR(out[i * d + e], acc, 1e-4) << i << "," << e;
    }
  }
}

}  // namespace
}  // namespace hwcert::cuda::testing

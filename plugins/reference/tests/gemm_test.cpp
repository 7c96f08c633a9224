// matmul on random shapes (edge tiles, K beyond one cache block, transposes, strides,
// broadcast batches and bias) against a float64 reference, and thread-count independence.
#include <cmath>
#include <cstdlib>
#include <random>

#include "dtype_convert.hpp"
#include "plugin_fixture.hpp"

namespace hwcert::reference::test {
namespace {

struct Case {
  int64_t m, n, k;
  bool ta, tb;
};

class GemmTest : public PluginTest {
 protected:
  // Runs f32 matmul of random data (integers when `integral`) and checks every element.
  void check_f32(const Case& c, bool integral, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> real(-1.0f, 1.0f);
    std::uniform_int_distribution<int> small(-4, 4);
    auto draw = [&] { return integral ? static_cast<float>(small(rng)) : real(rng); };
    // A stored with a padded row pitch (+3) to exercise strides.
    const int64_t a_rows = c.ta ? c.k : c.m, a_cols = c.ta ? c.m : c.k;
    const int64_t b_rows = c.tb ? c.n : c.k, b_cols = c.tb ? c.k : c.n;
    const int64_t a_pitch = a_cols + 3;
    std::vector<float> a(static_cast<std::size_t>(a_rows * a_pitch)),
        b(static_cast<std::size_t>(b_rows * b_cols));
    std::vector<float> bias(static_cast<std::size_t>(c.n));
    for (auto& v : a) v = draw();
    for (auto& v : b) v = draw();
    for (auto& v : bias) v = draw();
    auto at = [&](int64_t i, int64_t kk) {
      return c.ta ? a[kk * a_pitch + i] : a[i * a_pitch + kk];
    };
    auto bt = [&](int64_t kk, int64_t j) { return c.tb ? b[j * b_cols + kk] : b[kk * b_cols + j]; };
    HWC_Buffer* da = upload(a);
    HWC_Buffer* db = upload(b);
    HWC_Buffer* dbias = upload(bias);
    HWC_Buffer* dy = alloc(static_cast<uint64_t>(std::max<int64_t>(1, c.m * c.n)) * sizeof(float));
    Op op{"matmul",
          {Tensor(HWC_DTYPE_F32, {a_rows, a_cols}).strides({a_pitch, 1}),
           Tensor(HWC_DTYPE_F32, {b_rows, b_cols}), Tensor(HWC_DTYPE_F32, {c.n})},
          {Tensor(HWC_DTYPE_F32, {c.m, c.n})},
          {int_attr("transpose_a", c.ta), int_attr("transpose_b", c.tb), float_attr("alpha", 0.5),
           float_attr("beta", 2.0)}};
    ASSERT_EQ(run(op, {da, db, dbias}, {dy}), 0);
    const std::vector<float> y = download<float>(dy, static_cast<std::size_t>(c.m * c.n));
    for (int64_t i = 0; i < c.m; ++i) {
      for (int64_t j = 0; j < c.n; ++j) {
        double exact = 0.0, magnitude = 0.0;
        for (int64_t kk = 0; kk < c.k; ++kk) {
          exact += static_cast<double>(at(i, kk)) * bt(kk, j);
          magnitude += std::fabs(static_cast<double>(at(i, kk)) * bt(kk, j));
        }
        exact = 0.5 * exact + 2.0 * bias[static_cast<std::size_t>(j)];
        const double tolerance = integral ? 0.0
                                          : (static_cast<double>(c.k) + 4.0) * 0x1p-24 *
                                                (magnitude + 4.0 * std::fabs(bias[j]));
        ASSERT_NEAR(y[static_cast<std::size_t>(i * c.n + j)], exact, tolerance)
            << "m=" << c.m << " n=" << c.n << " k=" << c.k << " at " << i << "," << j;
      }
    }
  }
};

TEST_F(GemmTest, F32ShapesExact) {
  const Case cases[] = {{1, 1, 1, false, false},    {7, 5, 3, false, false},
                        {37, 53, 300, false, true}, {130, 70, 513, true, false},
                        {9, 200, 17, true, true},   {3, 4, 0, false, false}};
  uint32_t seed = 1;
  for (const Case& c : cases) check_f32(c, true, seed++);
}

TEST_F(GemmTest, F32ShapesRandom) {
  const Case cases[] = {{33, 65, 257, false, false}, {100, 31, 129, true, true}};
  uint32_t seed = 100;
  for (const Case& c : cases) check_f32(c, false, seed++);
}

TEST_F(GemmTest, BatchBroadcastAndFullBias) {
  // A [2,1,2,3] x B [3,3,2] -> Y [2,3,2,2]; bias [2,1] broadcast over columns.
  std::vector<double> a(12), b(18);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<double>(i % 5) - 2.0;
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<double>(i % 7) - 3.0;
  const std::vector<double> bias{10, 20};
  HWC_Buffer* da = upload(a);
  HWC_Buffer* db = upload(b);
  HWC_Buffer* dbias = upload(bias);
  HWC_Buffer* dy = alloc(24 * sizeof(double));
  Op op{"matmul",
        {Tensor(HWC_DTYPE_F64, {2, 1, 2, 3}), Tensor(HWC_DTYPE_F64, {3, 3, 2}),
         Tensor(HWC_DTYPE_F64, {2, 1})},
        {Tensor(HWC_DTYPE_F64, {2, 3, 2, 2})}};
  ASSERT_EQ(run(op, {da, db, dbias}, {dy}), 0);
  const auto y = download<double>(dy, 24);
  for (int i0 = 0; i0 < 2; ++i0) {
    for (int i1 = 0; i1 < 3; ++i1) {
      for (int r = 0; r < 2; ++r) {
        for (int c = 0; c < 2; ++c) {
          double expect = bias[static_cast<std::size_t>(r)];
          for (int kk = 0; kk < 3; ++kk) {
            expect += a[static_cast<std::size_t>(i0 * 6 + r * 3 + kk)] *
                      b[static_cast<std::size_t>(i1 * 6 + kk * 2 + c)];
          }
          EXPECT_EQ(y[static_cast<std::size_t>(((i0 * 3 + i1) * 2 + r) * 2 + c)], expect);
        }
      }
    }
  }
}

TEST_F(GemmTest, Int8ExactAcrossDepthBlocks) {
  const int64_t m = 19, n = 45, k = 700;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> dist(-128, 127);
  std::vector<int8_t> a(static_cast<std::size_t>(m * k)), b(static_cast<std::size_t>(k * n));
  for (auto& v : a) v = static_cast<int8_t>(dist(rng));
  for (auto& v : b) v = static_cast<int8_t>(dist(rng));
  std::vector<int32_t> bias(static_cast<std::size_t>(n));
  for (auto& v : bias) v = dist(rng) * 1000;
  HWC_Buffer* da = upload(a);
  HWC_Buffer* db = upload(b);
  HWC_Buffer* dbias = upload(bias);
  HWC_Buffer* dy = alloc(static_cast<uint64_t>(m * n) * 4);
  Op op{"matmul",
        {Tensor(HWC_DTYPE_I8, {m, k}), Tensor(HWC_DTYPE_I8, {k, n}), Tensor(HWC_DTYPE_I32, {n})},
        {Tensor(HWC_DTYPE_I32, {m, n})}};
  ASSERT_EQ(run(op, {da, db, dbias}, {dy}), 0);
  const auto y = download<int32_t>(dy, static_cast<std::size_t>(m * n));
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      int64_t expect = bias[static_cast<std::size_t>(j)];
      for (int64_t kk = 0; kk < k; ++kk) {
        expect += int64_t{a[static_cast<std::size_t>(i * k + kk)]} *
                  b[static_cast<std::size_t>(kk * n + j)];
      }
      ASSERT_EQ(y[static_cast<std::size_t>(i * n + j)], expect) << i << "," << j;
    }
  }
}

TEST_F(GemmTest, HalfAndFp8InputsAccumulateInF32) {
  // 1000 products of 1 * 2^-11 in f16 accumulate exactly in f32 to 1000 * 2^-11 (an f16
  // accumulator would stall at 2^-1 + ...). Result rounded once to f16.
  const int64_t k = 1000;
  std::vector<uint16_t> a(static_cast<std::size_t>(k), f32_to_f16(1.0f)),
      b(static_cast<std::size_t>(k), f32_to_f16(0x1p-11f));
  a.push_back(0);
  HWC_Buffer* da = upload(a);
  HWC_Buffer* db = upload(b);
  HWC_Buffer* dy = alloc(4);
  Op op{"matmul",
        {Tensor(HWC_DTYPE_F16, {1, k}), Tensor(HWC_DTYPE_F16, {k, 1})},
        {Tensor(HWC_DTYPE_F16, {1, 1})}};
  ASSERT_EQ(run(op, {da, db}, {dy}), 0);
  EXPECT_EQ(download<uint16_t>(dy, 1)[0], f32_to_f16(1000.0f * 0x1p-11f));
  // math_mode f16_accumulate: 4000 additions of 2^-11 stall at 1.0 in an f16 accumulator
  // (1 + 2^-11 is a tie that rounds back to 1), while strict mode reaches 4000 * 2^-11.
  const int64_t k2 = 4000;
  std::vector<uint16_t> ones(static_cast<std::size_t>(k2), f32_to_f16(1.0f));
  std::vector<uint16_t> small(static_cast<std::size_t>(k2), f32_to_f16(0x1p-11f));
  HWC_Buffer* d_ones = upload(ones);
  HWC_Buffer* d_small = upload(small);
  Op strict{"matmul",
            {Tensor(HWC_DTYPE_F16, {1, k2}), Tensor(HWC_DTYPE_F16, {k2, 1})},
            {Tensor(HWC_DTYPE_F16, {1, 1})}};
  ASSERT_EQ(run(strict, {d_ones, d_small}, {dy}), 0);
  EXPECT_EQ(download<uint16_t>(dy, 1)[0], f32_to_f16(4000.0f * 0x1p-11f));
  Op f16acc = strict;
  f16acc.attrs.push_back(string_attr("math_mode", "f16_accumulate"));
  ASSERT_EQ(run(f16acc, {d_ones, d_small}, {dy}), 0);
  EXPECT_EQ(download<uint16_t>(dy, 1)[0], f32_to_f16(1.0f));
  // fp8: e4m3 A x e5m2 B -> f32.
  std::vector<uint8_t> a8{f32_to_e4m3(1.5f), f32_to_e4m3(-448.0f)};
  std::vector<uint8_t> b8{f32_to_e5m2(0.25f), f32_to_e5m2(2.0f)};
  HWC_Buffer* da8 = upload(a8);
  HWC_Buffer* db8 = upload(b8);
  HWC_Buffer* dy8 = alloc(4);
  Op op8{"matmul",
         {Tensor(HWC_DTYPE_F8_E4M3, {1, 2}), Tensor(HWC_DTYPE_F8_E5M2, {2, 1})},
         {Tensor(HWC_DTYPE_F32, {1, 1})}};
  ASSERT_EQ(run(op8, {da8, db8}, {dy8}), 0);
  EXPECT_EQ(download<float>(dy8, 1)[0], 1.5f * 0.25f - 896.0f);
}

TEST_F(GemmTest, TwoStreamsShareThePoolConcurrently) {
  const int64_t m = 64, n = 96, k = 300;
  std::vector<float> a(static_cast<std::size_t>(m * k)), b(static_cast<std::size_t>(k * n));
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(static_cast<int>(i % 7) - 3);
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>(static_cast<int>(i % 5) - 2);
  HWC_Buffer* da = upload(a);
  HWC_Buffer* db = upload(b);
  HWC_Stream* second = nullptr;
  ASSERT_EQ(status(api_->stream_create(device_, &second)), 0);
  std::vector<HWC_Buffer*> outputs;
  Op op{"matmul",
        {Tensor(HWC_DTYPE_F32, {m, k}), Tensor(HWC_DTYPE_F32, {k, n})},
        {Tensor(HWC_DTYPE_F32, {m, n})}};
  for (int i = 0; i < 8; ++i) {
    HWC_Buffer* y = alloc(static_cast<uint64_t>(m * n) * sizeof(float));
    outputs.push_back(y);
    HWC_Buffer* ins[] = {da, db};
    ASSERT_EQ(
        status(api_->op_launch(i % 2 ? second : stream_, op.desc(), ins, 2, &y, 1, nullptr, 0)), 0);
  }
  ASSERT_EQ(status(api_->stream_synchronize(second)), 0);
  ASSERT_EQ(status(api_->stream_destroy(second)), 0);
  const std::vector<float> first = download<float>(outputs[0], static_cast<std::size_t>(m * n));
  float expect = 0;
  for (int64_t kk = 0; kk < k; ++kk)
    expect += a[static_cast<std::size_t>(kk)] * b[static_cast<std::size_t>(kk * n)];
  EXPECT_EQ(first[0], expect);
  for (HWC_Buffer* y : outputs)
    EXPECT_EQ(download<float>(y, static_cast<std::size_t>(m * n)), first);
}

TEST_F(GemmTest, ResultsDoNotDependOnThreadCount) {
  const int64_t m = 150, n = 300, k = 600;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(static_cast<std::size_t>(m * k)), b(static_cast<std::size_t>(k * n));
  for (auto& v : a) v = dist(rng);
  for (auto& v : b) v = dist(rng);
  auto compute = [&](const char* threads) {
    TearDown();
    setenv("HWCERT_REFERENCE_THREADS", threads, 1);
    SetUp();
    unsetenv("HWCERT_REFERENCE_THREADS");
    HWC_Buffer* da = upload(a);
    HWC_Buffer* db = upload(b);
    HWC_Buffer* dy = alloc(static_cast<uint64_t>(m * n) * sizeof(float));
    Op op{"matmul",
          {Tensor(HWC_DTYPE_F32, {m, k}), Tensor(HWC_DTYPE_F32, {k, n})},
          {Tensor(HWC_DTYPE_F32, {m, n})}};
    EXPECT_EQ(run(op, {da, db}, {dy}), 0);
    std::vector<float> y = download<float>(dy, static_cast<std::size_t>(m * n));
    Op sum{"reduce_sum",
           {Tensor(HWC_DTYPE_F32, {m, n})},
           {Tensor(HWC_DTYPE_F32, {n})},
           {ints_attr("axes", {0})}};
    EXPECT_EQ(run(sum, {dy}, {da}), 0);
    const std::vector<float> s = download<float>(da, static_cast<std::size_t>(n));
    y.insert(y.end(), s.begin(), s.end());
    return y;
  };
  const std::vector<float> one = compute("1");
  const std::vector<float> five = compute("5");
  ASSERT_EQ(one.size(), five.size());
  EXPECT_EQ(std::memcmp(one.data(), five.data(), one.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace hwcert::reference::test

// The rest of the catalogue against hand-computed values.
#include <cmath>
#include <limits>

#include "dtype_convert.hpp"
#include "plugin_fixture.hpp"

namespace hwcert::reference::test {
namespace {

using OpsMoreTest = PluginTest;

TEST_F(OpsMoreTest, TransposeConcatGather) {
  HWC_Buffer* x = upload<int16_t>({1, 2, 3, 4, 5, 6});  // bf16 bits as opaque payload, [2,3]
  HWC_Buffer* y = alloc(12);
  Op t{"transpose",
       {Tensor(HWC_DTYPE_BF16, {2, 3})},
       {Tensor(HWC_DTYPE_BF16, {3, 2})},
       {ints_attr("perm", {1, 0})}};
  ASSERT_EQ(run(t, {x}, {y}), 0);
  EXPECT_EQ(download<int16_t>(y, 6), (std::vector<int16_t>{1, 4, 2, 5, 3, 6}));
  Op bad_perm{"transpose",
              {Tensor(HWC_DTYPE_BF16, {2, 3})},
              {Tensor(HWC_DTYPE_BF16, {3, 2})},
              {ints_attr("perm", {1, 1})}};
  EXPECT_EQ(support(bad_perm), -HWC_STATUS_INVALID_ARGUMENT);
  Op no_perm{"transpose", {Tensor(HWC_DTYPE_BF16, {2, 3})}, {Tensor(HWC_DTYPE_BF16, {3, 2})}};
  EXPECT_EQ(support(no_perm), -HWC_STATUS_INVALID_ARGUMENT);

  HWC_Buffer* a = upload<float>({1, 2, 3, 4});  // [2,2]
  HWC_Buffer* b = upload<float>({5, 6});        // [2,1]
  HWC_Buffer* c = alloc(6 * sizeof(float));
  Op cat{"concat",
         {Tensor(F32, {2, 2}), Tensor(F32, {2, 1})},
         {Tensor(F32, {2, 3})},
         {int_attr("axis", -1)}};
  ASSERT_EQ(run(cat, {a, b}, {c}), 0);
  EXPECT_EQ(download<float>(c, 6), (std::vector<float>{1, 2, 5, 3, 4, 6}));

  HWC_Buffer* table = upload<float>({10, 11, 20, 21, 30, 31});  // [3,2]
  HWC_Buffer* idx = upload<int64_t>({2, 0, 2});
  HWC_Buffer* g = alloc(6 * sizeof(float));
  Op gather{"gather", {Tensor(F32, {3, 2}), Tensor(HWC_DTYPE_I64, {3})}, {Tensor(F32, {3, 2})}};
  ASSERT_EQ(run(gather, {table, idx}, {g}), 0);
  EXPECT_EQ(download<float>(g, 6), (std::vector<float>{30, 31, 10, 11, 30, 31}));
  Op gather1{"gather",
             {Tensor(F32, {3, 2}), Tensor(HWC_DTYPE_I64, {1, 2})},
             {Tensor(F32, {3, 1, 2})},
             {int_attr("axis", 1)}};
  HWC_Buffer* idx2 = upload<int64_t>({1, 0});
  ASSERT_EQ(run(gather1, {table, idx2}, {g}), 0);
  EXPECT_EQ(download<float>(g, 6), (std::vector<float>{11, 10, 21, 20, 31, 30}));
  // An index out of range is reported (asynchronously) as OUT_OF_RANGE.
  HWC_Buffer* bad = upload<int64_t>({0, 3, 1});
  EXPECT_EQ(run(gather, {table, bad}, {g}), HWC_STATUS_OUT_OF_RANGE);
}

TEST_F(OpsMoreTest, Reductions) {
  HWC_Buffer* x = upload<float>({1, 2, 3, 4, 5, 6});  // [2,3]
  HWC_Buffer* y = alloc(6 * sizeof(float));
  Op sum_rows{"reduce_sum", {Tensor(F32, {2, 3})}, {Tensor(F32, {2})}, {ints_attr("axes", {1})}};
  ASSERT_EQ(run(sum_rows, {x}, {y}), 0);
  EXPECT_EQ(download<float>(y, 2), (std::vector<float>{6, 15}));
  Op max_cols{"reduce_max",
              {Tensor(F32, {2, 3})},
              {Tensor(F32, {1, 3})},
              {ints_attr("axes", {0}), int_attr("keepdims", 1)}};
  ASSERT_EQ(run(max_cols, {x}, {y}), 0);
  EXPECT_EQ(download<float>(y, 3), (std::vector<float>{4, 5, 6}));
  Op mean_all{"reduce_mean", {Tensor(F32, {2, 3})}, {Tensor(F32, {})}};
  ASSERT_EQ(run(mean_all, {x}, {y}), 0);
  EXPECT_EQ(download<float>(y, 1)[0], 3.5f);
  HWC_Buffer* xi = upload<int32_t>({2147483647, 1, -5, 7});
  HWC_Buffer* yi = alloc(8);
  Op isum{"reduce_sum",
          {Tensor(HWC_DTYPE_I32, {2, 2})},
          {Tensor(HWC_DTYPE_I32, {2})},
          {ints_attr("axes", {-1})}};
  ASSERT_EQ(run(isum, {xi}, {yi}), 0);
  EXPECT_EQ(download<int32_t>(yi, 2), (std::vector<int32_t>{-2147483647 - 1, 2}));  // wraps
  HWC_Buffer* xn = upload<float>({1, NAN, 3});
  Op nmax{"reduce_max", {Tensor(F32, {3})}, {Tensor(F32, {})}};
  ASSERT_EQ(run(nmax, {xn}, {y}), 0);
  EXPECT_TRUE(std::isnan(download<float>(y, 1)[0]));
  Op dup{"reduce_sum", {Tensor(F32, {2, 3})}, {Tensor(F32, {})}, {ints_attr("axes", {1, -1})}};
  EXPECT_EQ(support(dup), -HWC_STATUS_INVALID_ARGUMENT);
  Op imean{"reduce_mean", {Tensor(HWC_DTYPE_I32, {2})}, {Tensor(HWC_DTYPE_I32, {})}};
  EXPECT_EQ(support(imean), HWC_OP_UNSUPPORTED);
}

TEST_F(OpsMoreTest, SoftmaxRowAndLogSoftmax) {
  HWC_Buffer* x =
      upload<float>({1, 2, 3, 1000, 1000, 1000});  // [2,3]; the second row is shift-invariant
  HWC_Buffer* y = alloc(6 * sizeof(float));
  Op sm{"softmax", {Tensor(F32, {2, 3})}, {Tensor(F32, {2, 3})}};
  ASSERT_EQ(run(sm, {x}, {y}), 0);
  const auto out = download<float>(y, 6);
  const double e1 = std::exp(-2.0), e2 = std::exp(-1.0), total = e1 + e2 + 1.0;
  EXPECT_NEAR(out[0], e1 / total, 1e-7);
  EXPECT_NEAR(out[1], e2 / total, 1e-7);
  EXPECT_NEAR(out[2], 1.0 / total, 1e-7);
  EXPECT_NEAR(out[3], 1.0 / 3.0, 1e-7);
  // Softmax over axis 0 of the same [2,3] (columns).
  Op sm0{"softmax", {Tensor(F32, {2, 3})}, {Tensor(F32, {2, 3})}, {int_attr("axis", 0)}};
  ASSERT_EQ(run(sm0, {x}, {y}), 0);
  EXPECT_NEAR(download<float>(y, 6)[3], 1.0, 1e-7);
  Op lsm{"log_softmax", {Tensor(F32, {2, 3})}, {Tensor(F32, {2, 3})}};
  ASSERT_EQ(run(lsm, {x}, {y}), 0);
  EXPECT_NEAR(download<float>(y, 6)[2], -std::log(total), 1e-6);
}

TEST_F(OpsMoreTest, LayerNormAndRmsNorm) {
  HWC_Buffer* x = upload<float>({1, 2, 3, 4});  // [1,4]
  HWC_Buffer* gamma = upload<float>({1, 1, 2, 2});
  HWC_Buffer* beta = upload<float>({0, 0, 0, 1});
  HWC_Buffer* y = alloc(4 * sizeof(float));
  Op ln{"layer_norm",
        {Tensor(F32, {1, 4}), Tensor(F32, {4}), Tensor(F32, {4})},
        {Tensor(F32, {1, 4})},
        {float_attr("epsilon", 0.0)}};
  ASSERT_EQ(run(ln, {x, gamma, beta}, {y}), 0);
  const double inv = 1.0 / std::sqrt(1.25);  // mean 2.5, var 1.25
  auto out = download<float>(y, 4);
  EXPECT_NEAR(out[0], -1.5 * inv, 1e-6);
  EXPECT_NEAR(out[3], 1.5 * inv * 2 + 1, 1e-6);
  Op rms{"rms_norm",
         {Tensor(F32, {1, 4}), Tensor(F32, {4})},
         {Tensor(F32, {1, 4})},
         {float_attr("epsilon", 0.0)}};
  ASSERT_EQ(run(rms, {x, gamma}, {y}), 0);
  out = download<float>(y, 4);
  const double r = 1.0 / std::sqrt(30.0 / 4.0);
  EXPECT_NEAR(out[1], 2 * r, 1e-6);
  EXPECT_NEAR(out[3], 8 * r, 1e-6);
  Op bad_gamma{"rms_norm", {Tensor(F32, {1, 4}), Tensor(F32, {3})}, {Tensor(F32, {1, 4})}};
  EXPECT_EQ(support(bad_gamma), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(OpsMoreTest, Conv2dTinyCases) {
  // X [1,1,3,3] = 1..9, W [1,1,2,2] = [[1,0],[0,1]]: Y[i,j] = X[i,j] + X[i+1,j+1].
  HWC_Buffer* x = upload<float>({1, 2, 3, 4, 5, 6, 7, 8, 9});
  HWC_Buffer* w = upload<float>({1, 0, 0, 1});
  HWC_Buffer* bias = upload<float>({100});
  HWC_Buffer* y = alloc(16 * sizeof(float));
  Op conv{"conv2d",
          {Tensor(F32, {1, 1, 3, 3}), Tensor(F32, {1, 1, 2, 2}), Tensor(F32, {1})},
          {Tensor(F32, {1, 1, 2, 2})}};
  ASSERT_EQ(run(conv, {x, w, bias}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{106, 108, 112, 114}));
  // Padding 1 on every side, stride 2: Y[i,j] = P[2i,2j] + P[2i+1,2j+1] of the padded input P.
  Op padded{"conv2d",
            {Tensor(F32, {1, 1, 3, 3}), Tensor(F32, {1, 1, 2, 2})},
            {Tensor(F32, {1, 1, 2, 2})},
            {ints_attr("pads", {1, 1, 1, 1}), ints_attr("strides", {2, 2})}};
  ASSERT_EQ(run(padded, {x, w}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{0 + 1, 0 + 3, 0 + 7, 5 + 9}));
  // NHWC with 2 channels and groups = 2 (depthwise), 1x1 kernel scaling each channel.
  HWC_Buffer* xh = upload<float>({1, 10, 2, 20});  // [1,1,2,2] NHWC: pixels (1,10), (2,20)
  HWC_Buffer* wh = upload<float>({3, 5});          // [2,1,1,1]
  Op dw{"conv2d",
        {Tensor(F32, {1, 1, 2, 2}), Tensor(F32, {2, 1, 1, 1})},
        {Tensor(F32, {1, 1, 2, 2})},
        {string_attr("layout", "NHWC"), int_attr("groups", 2)}};
  ASSERT_EQ(run(dw, {xh, wh}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{3, 50, 6, 100}));
  Op bad_groups{"conv2d",
                {Tensor(F32, {1, 3, 3, 3}), Tensor(F32, {2, 1, 1, 1})},
                {Tensor(F32, {1, 2, 3, 3})},
                {int_attr("groups", 2)}};
  EXPECT_EQ(support(bad_groups), -HWC_STATUS_INVALID_ARGUMENT);
  Op bad_layout{"conv2d",
                {Tensor(F32, {1, 1, 3, 3}), Tensor(F32, {1, 1, 2, 2})},
                {Tensor(F32, {1, 1, 2, 2})},
                {string_attr("layout", "CHWN")}};
  EXPECT_EQ(support(bad_layout), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(OpsMoreTest, Pools) {
  HWC_Buffer* x = upload<float>({1, 2, 3, 4, 5, 6, 7, 8, 9});  // [1,1,3,3]
  HWC_Buffer* y = alloc(16 * sizeof(float));
  Op mp{"max_pool2d",
        {Tensor(F32, {1, 1, 3, 3})},
        {Tensor(F32, {1, 1, 2, 2})},
        {ints_attr("kernel", {2, 2}), ints_attr("strides", {1, 1})}};
  ASSERT_EQ(run(mp, {x}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{5, 6, 8, 9}));
  // Padding never wins a max, even against negative inputs.
  HWC_Buffer* neg = upload<float>({-1, -2, -3, -4});  // [1,1,2,2]
  Op mpp{
      "max_pool2d",
      {Tensor(F32, {1, 1, 2, 2})},
      {Tensor(F32, {1, 1, 2, 2})},
      {ints_attr("kernel", {2, 2}), ints_attr("strides", {1, 1}), ints_attr("pads", {1, 1, 0, 0})}};
  ASSERT_EQ(run(mpp, {neg}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{-1, -1, -1, -1}));
  Op ap{
      "avg_pool2d",
      {Tensor(F32, {1, 1, 2, 2})},
      {Tensor(F32, {1, 1, 2, 2})},
      {ints_attr("kernel", {2, 2}), ints_attr("strides", {1, 1}), ints_attr("pads", {1, 1, 0, 0})}};
  ASSERT_EQ(run(ap, {neg}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{-1, -1.5, -2, -2.5}));
  Op api{"avg_pool2d",
         {Tensor(F32, {1, 1, 2, 2})},
         {Tensor(F32, {1, 1, 2, 2})},
         {ints_attr("kernel", {2, 2}), ints_attr("strides", {1, 1}),
          ints_attr("pads", {1, 1, 0, 0}), int_attr("count_include_pad", 1)}};
  ASSERT_EQ(run(api, {neg}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{-0.25, -0.75, -1, -2.5}));
  Op no_kernel{"max_pool2d", {Tensor(F32, {1, 1, 3, 3})}, {Tensor(F32, {1, 1, 2, 2})}};
  EXPECT_EQ(support(no_kernel), -HWC_STATUS_INVALID_ARGUMENT);
}

TEST_F(OpsMoreTest, AttentionCausal) {
  // B = H = 1, Sq = Sk = 2, D = 1, Dv = 2. Q = [0, 0] gives uniform scores.
  HWC_Buffer* q = upload<float>({0, 0});
  HWC_Buffer* k = upload<float>({1, 2});
  HWC_Buffer* v = upload<float>({1, 10, 3, 30});
  HWC_Buffer* y = alloc(4 * sizeof(float));
  Op attn{"scaled_dot_product_attention",
          {Tensor(F32, {1, 1, 2, 1}), Tensor(F32, {1, 1, 2, 1}), Tensor(F32, {1, 1, 2, 2})},
          {Tensor(F32, {1, 1, 2, 2})}};
  ASSERT_EQ(run(attn, {q, k, v}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{2, 20, 2, 20}));
  attn.attrs.push_back(int_attr("causal", 1));
  ASSERT_EQ(run(attn, {q, k, v}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{1, 10, 2, 20}));
  // Q = [1], K = [0, ln 3] with scale 1: weights 1/4, 3/4.
  HWC_Buffer* q1 = upload<float>({1, 1});
  HWC_Buffer* k1 = upload<float>({0, static_cast<float>(std::log(3.0))});
  Op attn2{"scaled_dot_product_attention",
           {Tensor(F32, {1, 1, 1, 1}), Tensor(F32, {1, 1, 2, 1}), Tensor(F32, {1, 1, 2, 2})},
           {Tensor(F32, {1, 1, 1, 2})},
           {float_attr("scale", 1.0)}};
  ASSERT_EQ(run(attn2, {q1, k1, v}, {y}), 0);
  const auto out = download<float>(y, 2);
  EXPECT_NEAR(out[0], 0.25 * 1 + 0.75 * 3, 1e-6);
  EXPECT_NEAR(out[1], 0.25 * 10 + 0.75 * 30, 1e-5);
}

TEST_F(OpsMoreTest, AttentionChunkedScoresGiveIdenticalResults) {
  // B=2, H=3, Sq=37, Sk=29, D=8, Dv=5, causal: once with all scores in memory, once with a
  // score budget of a few rows (chunks of query rows and of heads).
  const int64_t b = 2, h = 3, sq = 37, sk = 29, d = 8, dv = 5;
  auto fill = [](int64_t n, int seed) {
    std::vector<float> values(static_cast<std::size_t>(n));
    for (int64_t i = 0; i < n; ++i)
      values[static_cast<std::size_t>(i)] = std::sin(0.37f * static_cast<float>(i) + seed);
    return values;
  };
  const auto qv = fill(b * h * sq * d, 1), kv = fill(b * h * sk * d, 2),
             vv = fill(b * h * sk * dv, 3);
  auto compute = [&](const char* budget) {
    TearDown();
    if (budget != nullptr) setenv("HWCERT_REFERENCE_SCRATCH_BUDGET", budget, 1);
    SetUp();
    HWC_Buffer* dq = upload(qv);
    HWC_Buffer* dk = upload(kv);
    HWC_Buffer* dvb = upload(vv);
    HWC_Buffer* dy = alloc(static_cast<uint64_t>(b * h * sq * dv) * sizeof(float));
    Op op{"scaled_dot_product_attention",
          {Tensor(F32, {b, h, sq, d}), Tensor(F32, {b, h, sk, d}), Tensor(F32, {b, h, sk, dv})},
          {Tensor(F32, {b, h, sq, dv})},
          {int_attr("causal", 1)}};
    EXPECT_EQ(run(op, {dq, dk, dvb}, {dy}), 0);
    unsetenv("HWCERT_REFERENCE_SCRATCH_BUDGET");
    return download<float>(dy, static_cast<std::size_t>(b * h * sq * dv));
  };
  const auto whole = compute(nullptr);
  const auto chunked = compute("500");  // 4 rows of 29 scores per chunk
  EXPECT_EQ(whole, chunked);
  // Spot check one causal row against a float64 computation: head 4, query 3.
  const int64_t head = 4, query = 3;
  std::vector<double> weights;
  double total = 0;
  for (int64_t j = 0; j <= query; ++j) {
    double dot = 0;
    for (int64_t t = 0; t < d; ++t) {
      dot += double{qv[static_cast<std::size_t>((head * sq + query) * d + t)]} *
             kv[static_cast<std::size_t>((head * sk + j) * d + t)];
    }
    weights.push_back(std::exp(dot / std::sqrt(static_cast<double>(d))));
    total += weights.back();
  }
  for (int64_t c = 0; c < dv; ++c) {
    double expect = 0;
    for (int64_t j = 0; j <= query; ++j)
      expect += weights[static_cast<std::size_t>(j)] / total *
                vv[static_cast<std::size_t>((head * sk + j) * dv + c)];
    EXPECT_NEAR(whole[static_cast<std::size_t>((head * sq + query) * dv + c)], expect, 1e-5);
  }
}

TEST_F(OpsMoreTest, Conv2dChunkedColumnsGiveIdenticalResults) {
  // N=3, C=4, 6x5 input, groups=2, 3x3 kernel, C_out=6, NHWC, padding and stride 2.
  const int64_t n = 3, c = 4, hh = 6, ww = 5, cout = 6;
  std::vector<float> xv(static_cast<std::size_t>(n * hh * ww * c)),
      wv(static_cast<std::size_t>(cout * 3 * 3 * 2));
  for (std::size_t i = 0; i < xv.size(); ++i) xv[i] = std::cos(0.3f * static_cast<float>(i));
  for (std::size_t i = 0; i < wv.size(); ++i) wv[i] = std::sin(0.7f * static_cast<float>(i));
  auto compute = [&](const char* budget) {
    TearDown();
    if (budget != nullptr) setenv("HWCERT_REFERENCE_SCRATCH_BUDGET", budget, 1);
    SetUp();
    HWC_Buffer* dx = upload(xv);
    HWC_Buffer* dw = upload(wv);
    HWC_Buffer* dy = alloc(static_cast<uint64_t>(n * 3 * 3 * cout) * sizeof(float));
    Op op{"conv2d",
          {Tensor(F32, {n, hh, ww, c}), Tensor(F32, {cout, 3, 3, 2})},
          {Tensor(F32, {n, 3, 3, cout})},
          {string_attr("layout", "NHWC"), int_attr("groups", 2), ints_attr("pads", {1, 1, 1, 1}),
           ints_attr("strides", {2, 2})}};
    EXPECT_EQ(run(op, {dx, dw}, {dy}), 0);
    unsetenv("HWCERT_REFERENCE_SCRATCH_BUDGET");
    return download<float>(dy, static_cast<std::size_t>(n * 3 * 3 * cout));
  };
  const auto whole = compute(nullptr);
  EXPECT_EQ(whole, compute("1"));  // one image (n, g) per chunk
  // Spot check output (n=2, oh=1, ow=2, co=4) against a float64 loop (group 1: channels 2, 3).
  double expect = 0;
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) {
      const int ih = 1 * 2 - 1 + a, iw = 2 * 2 - 1 + b;
      if (ih < 0 || ih >= hh || iw < 0 || iw >= ww) continue;
      for (int ci = 0; ci < 2; ++ci) {
        expect += double{xv[static_cast<std::size_t>(((2 * hh + ih) * ww + iw) * c + 2 + ci)]} *
                  wv[static_cast<std::size_t>(((4 * 3 + a) * 3 + b) * 2 + ci)];
      }
    }
  }
  EXPECT_NEAR(whole[static_cast<std::size_t>(((2 * 3 + 1) * 3 + 2) * cout + 4)], expect, 1e-5);
}

TEST_F(OpsMoreTest, UnaryAndBinaryFamilies) {
  HWC_Buffer* x = upload<float>({-1, 0, 1, 2});
  HWC_Buffer* y = alloc(4 * sizeof(float));
  auto unary = [&](const std::string& name, std::vector<Attr> attrs = {}) {
    Op op{name, {Tensor(F32, {4})}, {Tensor(F32, {4})}, std::move(attrs)};
    EXPECT_EQ(run(op, {x}, {y}), 0) << name;
    return download<float>(y, 4);
  };
  EXPECT_EQ(unary("relu"), (std::vector<float>{0, 0, 1, 2}));
  EXPECT_EQ(unary("neg"), (std::vector<float>{1, -0.0f, -1, -2}));
  EXPECT_NEAR(unary("sigmoid")[2], 1.0 / (1.0 + std::exp(-1.0)), 1e-7);
  {
    // Far negative inputs give subnormal results, not 0 (exp never overflows).
    HWC_Buffer* far = upload<float>({-89.0f, -100.0f, 89.0f, -1e30f});
    Op op{"sigmoid", {Tensor(F32, {4})}, {Tensor(F32, {4})}};
    ASSERT_EQ(run(op, {far}, {y}), 0);
    const auto s = download<float>(y, 4);
    EXPECT_NEAR(s[0], std::exp(-89.0), 1e-45);
    EXPECT_GT(s[0], 0.0f);
    EXPECT_EQ(s[2], 1.0f);
    EXPECT_EQ(s[3], 0.0f);
  }
  EXPECT_NEAR(unary("gelu")[2], 0.5 * (1 + std::erf(1 / std::sqrt(2.0))), 1e-7);
  {
    // Negative tail: 1 + erf(x/sqrt2) cancels in f32 (about 10% error at -5, 0 at -6);
    // the erfc form keeps full relative accuracy.
    HWC_Buffer* tail = upload<float>({-3.0f, -5.0f, -6.0f, -8.0f});
    Op op{"gelu", {Tensor(F32, {4})}, {Tensor(F32, {4})}};
    ASSERT_EQ(run(op, {tail}, {y}), 0);
    const auto g = download<float>(y, 4);
    const double xs[] = {-3, -5, -6, -8};
    for (int i = 0; i < 4; ++i) {
      const double want = 0.5 * xs[i] * std::erfc(-xs[i] / std::sqrt(2.0));
      EXPECT_NEAR(g[static_cast<std::size_t>(i)], want, std::fabs(want) * 1e-5) << xs[i];
    }
  }
  EXPECT_NEAR(unary("gelu", {string_attr("approximate", "tanh")})[3],
              0.5 * 2 * (1 + std::tanh(std::sqrt(2 / M_PI) * (2 + 0.044715 * 8))), 1e-6);
  EXPECT_NEAR(unary("silu")[0], -1.0 / (1.0 + std::exp(1.0)), 1e-7);
  EXPECT_TRUE(std::isnan(unary("log")[0]));
  EXPECT_TRUE(std::isinf(unary("rsqrt")[1]));
  Op bad_gelu{"gelu", {Tensor(F32, {4})}, {Tensor(F32, {4})}, {string_attr("approximate", "fast")}};
  EXPECT_EQ(support(bad_gelu), -HWC_STATUS_INVALID_ARGUMENT);
  Op int_exp{"exp", {Tensor(HWC_DTYPE_I32, {4})}, {Tensor(HWC_DTYPE_I32, {4})}};
  EXPECT_EQ(support(int_exp), HWC_OP_UNSUPPORTED);

  HWC_Buffer* b = upload<float>({NAN, -0.0f, 3, 1});
  Op mx{"max", {Tensor(F32, {4}), Tensor(F32, {4})}, {Tensor(F32, {4})}};
  ASSERT_EQ(run(mx, {x, b}, {y}), 0);
  auto out = download<float>(y, 4);
  EXPECT_TRUE(std::isnan(out[0]));
  EXPECT_EQ(out[2], 3);
  EXPECT_FALSE(std::signbit(out[1]));
  Op pw{"pow", {Tensor(F32, {4}), Tensor(F32, {})}, {Tensor(F32, {4})}};
  HWC_Buffer* two = upload<float>({2});
  ASSERT_EQ(run(pw, {x, two}, {y}), 0);
  EXPECT_EQ(download<float>(y, 4), (std::vector<float>{1, 0, 1, 4}));
  Op idiv{"div",
          {Tensor(HWC_DTYPE_I32, {4}), Tensor(HWC_DTYPE_I32, {4})},
          {Tensor(HWC_DTYPE_I32, {4})}};
  EXPECT_EQ(support(idiv), HWC_OP_UNSUPPORTED);
  HWC_Buffer* xi = upload<int8_t>({-128, -3, 0, 5});
  HWC_Buffer* yi = alloc(4);
  Op iabs{"abs", {Tensor(HWC_DTYPE_I8, {4})}, {Tensor(HWC_DTYPE_I8, {4})}};
  ASSERT_EQ(run(iabs, {xi}, {yi}), 0);
  EXPECT_EQ(download<int8_t>(yi, 4),
            (std::vector<int8_t>{-128, 3, 0, 5}));  // wraps like the hardware
}

TEST_F(OpsMoreTest, EveryCatalogueOpIsSupportedForF32) {
  // A minimal valid descriptor per op must be SUPPORTED: nothing is left unimplemented.
  const std::vector<std::string> unary = {"neg",   "abs",  "exp",     "log",        "sqrt",
                                          "rsqrt", "tanh", "sigmoid", "relu",       "gelu",
                                          "silu",  "copy", "softmax", "log_softmax"};
  for (const std::string& name : unary) {
    Op op{name, {Tensor(F32, {2, 2})}, {Tensor(F32, {2, 2})}};
    std::string reason;
    EXPECT_EQ(support(op, &reason), HWC_OP_SUPPORTED) << name << ": " << reason;
  }
  for (const char* name : {"add", "sub", "mul", "div", "max", "min", "pow"}) {
    Op op{name, {Tensor(F32, {2, 2}), Tensor(F32, {2, 2})}, {Tensor(F32, {2, 2})}};
    EXPECT_EQ(support(op), HWC_OP_SUPPORTED) << name;
  }
  for (const char* name : {"reduce_sum", "reduce_max", "reduce_mean"}) {
    Op op{name, {Tensor(F32, {2, 2})}, {Tensor(F32, {})}};
    EXPECT_EQ(support(op), HWC_OP_SUPPORTED) << name;
  }
}

}  // namespace
}  // namespace hwcert::reference::test

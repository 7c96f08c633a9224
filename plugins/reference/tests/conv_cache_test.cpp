// conv2d's kept state: weights packed once per contents of their buffer (a write by a copy,
// a fill or an op makes the next launch pack again), the 1x1 path that multiplies X in
// place, and the scratch arena and packed cache themselves.
#include <cmath>
#include <cstring>

#include "packed_cache.hpp"
#include "plugin_fixture.hpp"
#include "scratch_arena.hpp"

namespace hwcert::reference::test {
namespace {

struct ConvShape {
  int64_t n, c, h, w, cout, k, groups, pad;
  bool nchw = true;
};

std::vector<float> wave(std::size_t count, float step, float phase) {
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i)
    values[i] = std::sin(step * static_cast<float>(i) + phase);
  return values;
}

// conv2d at stride 1 in float64 (the layouts' index orders written out).
std::vector<double> conv_loop(const ConvShape& s, const std::vector<float>& x,
                              const std::vector<float>& w) {
  const int64_t oh_n = s.h + 2 * s.pad - s.k + 1, ow_n = s.w + 2 * s.pad - s.k + 1;
  const int64_t cg = s.c / s.groups, cog = s.cout / s.groups;
  std::vector<double> y(static_cast<std::size_t>(s.n * s.cout * oh_n * ow_n));
  auto xi = [&](int64_t n, int64_t c, int64_t h, int64_t w_) {
    return s.nchw ? ((n * s.c + c) * s.h + h) * s.w + w_ : ((n * s.h + h) * s.w + w_) * s.c + c;
  };
  auto wi = [&](int64_t o, int64_t i, int64_t a, int64_t b) {
    return s.nchw ? ((o * cg + i) * s.k + a) * s.k + b : ((o * s.k + a) * s.k + b) * cg + i;
  };
  for (int64_t n = 0; n < s.n; ++n)
    for (int64_t co = 0; co < s.cout; ++co)
      for (int64_t oh = 0; oh < oh_n; ++oh)
        for (int64_t ow = 0; ow < ow_n; ++ow) {
          double sum = 0;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t a = 0; a < s.k; ++a)
              for (int64_t b = 0; b < s.k; ++b) {
                const int64_t ih = oh - s.pad + a, iw = ow - s.pad + b;
                if (ih < 0 || ih >= s.h || iw < 0 || iw >= s.w) continue;
                sum += double{x[static_cast<std::size_t>(xi(n, co / cog * cg + ci, ih, iw))]} *
                       w[static_cast<std::size_t>(wi(co, ci, a, b))];
              }
          const int64_t out = s.nchw ? ((n * s.cout + co) * oh_n + oh) * ow_n + ow
                                     : ((n * oh_n + oh) * ow_n + ow) * s.cout + co;
          y[static_cast<std::size_t>(out)] = sum;
        }
  return y;
}

class ConvCacheTest : public PluginTest {
 protected:
  Op conv_op(const ConvShape& s) {
    const int64_t oh = s.h + 2 * s.pad - s.k + 1, ow = s.w + 2 * s.pad - s.k + 1;
    auto shape = [&](int64_t a, int64_t b, int64_t c, int64_t d) {
      return s.nchw ? std::vector<int64_t>{a, b, c, d} : std::vector<int64_t>{a, c, d, b};
    };
    return Op{"conv2d",
              {Tensor(F32, shape(s.n, s.c, s.h, s.w)),
               Tensor(F32, shape(s.cout, s.c / s.groups, s.k, s.k))},
              {Tensor(F32, shape(s.n, s.cout, oh, ow))},
              {string_attr("layout", s.nchw ? "NCHW" : "NHWC"), int_attr("groups", s.groups),
               ints_attr("pads", {s.pad, s.pad, s.pad, s.pad})}};
  }
  std::vector<float> run_conv(const ConvShape& s, HWC_Buffer* x, HWC_Buffer* w) {
    Op op = conv_op(s);
    const auto count = static_cast<std::size_t>(s.n * s.cout * (s.h + 2 * s.pad - s.k + 1) *
                                                (s.w + 2 * s.pad - s.k + 1));
    HWC_Buffer* y = alloc(count * sizeof(float));
    EXPECT_EQ(run(op, {x, w}, {y}), 0);
    return download<float>(y, count);
  }
  void expect_near_loop(const std::vector<float>& got, const std::vector<double>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], want[i], 1e-4) << i;
  }
};

TEST_F(ConvCacheTest, WeightsWrittenBetweenLaunchesAreUsed) {
  const ConvShape s{2, 8, 7, 6, 12, 3, 2, 1};
  const auto xv = wave(static_cast<std::size_t>(2 * 8 * 7 * 6), 0.37f, 0.0f);
  const std::size_t w_count = 12 * 4 * 3 * 3;
  const auto w1 = wave(w_count, 0.11f, 0.5f), w2 = wave(w_count, 0.23f, 1.5f);
  HWC_Buffer* x = upload(xv);
  HWC_Buffer* w = upload(w1);
  expect_near_loop(run_conv(s, x, w), conv_loop(s, xv, w1));
  expect_near_loop(run_conv(s, x, w), conv_loop(s, xv, w1));  // served from the cache
  // A copy into the weight buffer.
  ASSERT_EQ(status(api_->copy_h2d(stream_, w, 0, w2.data(), w_count * sizeof(float))), 0);
  expect_near_loop(run_conv(s, x, w), conv_loop(s, xv, w2));
  // A fill of part of it.
  const float half = 0.5f;
  ASSERT_EQ(status(api_->fill(stream_, w, 0, 40 * sizeof(float), &half, sizeof(half))), 0);
  std::vector<float> w3 = w2;
  std::fill(w3.begin(), w3.begin() + 40, half);
  expect_near_loop(run_conv(s, x, w), conv_loop(s, xv, w3));
  // An op writing it (neg), queued behind the previous launch on the same stream.
  Op neg{"neg",
         {Tensor(F32, {static_cast<int64_t>(w_count)})},
         {Tensor(F32, {static_cast<int64_t>(w_count)})}};
  HWC_Buffer* source = upload(w1);
  ASSERT_EQ(run(neg, {source}, {w}), 0);
  std::vector<float> w4 = w1;
  for (float& v : w4) v = -v;
  expect_near_loop(run_conv(s, x, w), conv_loop(s, xv, w4));
  // A device-to-device copy.
  ASSERT_EQ(status(api_->copy_d2d(stream_, w, 0, source, 0, w_count * sizeof(float))), 0);
  expect_near_loop(run_conv(s, x, w), conv_loop(s, xv, w1));
}

TEST_F(ConvCacheTest, PointwiseConvolutionsMultiplyTheInputInPlace) {
  // 1x1 at stride 1 without pads reads X in place; with a pad it goes through im2col.
  for (const bool nchw : {true, false}) {
    for (const int64_t pad : {0, 1}) {
      const ConvShape s{3, 6, 5, 4, 10, 1, 2, pad, nchw};
      const auto xv = wave(static_cast<std::size_t>(3 * 6 * 5 * 4), 0.41f, 0.2f);
      const auto wv = wave(static_cast<std::size_t>(10 * 3), 0.29f, 0.9f);
      expect_near_loop(run_conv(s, upload(xv), upload(wv)), conv_loop(s, xv, wv));
    }
  }
}

TEST(ScratchArena, KeepsBlocksForTheNextTakeWithinItsLimit) {
  ScratchArena arena(1 << 20);
  std::byte* first = nullptr;
  {
    ScratchArena::Lease lease = arena.take(100000);
    first = lease.data();
    std::memset(first, 1, 100000);
  }
  EXPECT_GE(arena.kept_bytes(), 100000u);
  {
    ScratchArena::Lease again = arena.take(90000);  // the kept block fits: reused
    EXPECT_EQ(again.data(), first);
    EXPECT_EQ(arena.kept_bytes(), 0u);
    ScratchArena::Lease other = arena.take(90000);  // in use: a block of its own
    EXPECT_NE(other.data(), first);
  }
  EXPECT_LE(arena.kept_bytes(), uint64_t{1} << 20);
  { ScratchArena::Lease big = arena.take(2 << 20); }  // beyond the limit: not kept
  EXPECT_LE(arena.kept_bytes(), uint64_t{1} << 20);
  ScratchArray<double> values(arena, 1000);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(values.data()) % ScratchArena::kAlignment, 0u);
}

TEST(PackedCache, ServesAnEntryOnlyAtTheGenerationItWasMadeAt) {
  PackedCache cache;
  int made = 0;
  auto make = [&] { return std::make_shared<const int>(++made); };
  EXPECT_EQ(*cache.find_or_make<int>("w", 0, make), 1);
  EXPECT_EQ(*cache.find_or_make<int>("w", 0, make), 1);
  EXPECT_EQ(*cache.find_or_make<int>("w", 1, make), 2);  // the buffer was written
  EXPECT_EQ(*cache.find_or_make<int>("w", 0, make), 3);  // older entries are gone
  EXPECT_EQ(cache.size(), 1u);
  for (int i = 0; i < 10; ++i) cache.find_or_make<int>("k" + std::to_string(i), 0, make);
  EXPECT_EQ(cache.size(), PackedCache::kCapacity);
}

}  // namespace
}  // namespace hwcert::reference::test

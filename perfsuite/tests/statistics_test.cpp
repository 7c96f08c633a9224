#include "hwcert/perfsuite/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace hwcert::perf {
namespace {

TEST(Statistics, OddCountMedianMinMax) {
  const std::vector<double> samples = {5, 1, 4, 2, 3};
  const SampleStats s = summarize(samples);
  EXPECT_EQ(s.count, 5u);
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 5);
  EXPECT_DOUBLE_EQ(s.mean, 3);
}

TEST(Statistics, EvenCountMedianIsMeanOfMiddlePair) {
  const std::vector<double> samples = {10, 40, 20, 30};
  EXPECT_DOUBLE_EQ(median_of(samples), 25);
}

TEST(Statistics, SampleStddevAndCv) {
  // mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32 over n-1 = 7.
  const std::vector<double> samples = {2, 4, 4, 4, 5, 5, 7, 9};
  const SampleStats s = summarize(samples);
  EXPECT_NEAR(s.stddev, std::sqrt(32.0 / 7.0), 1e-12);
  EXPECT_NEAR(s.cv, std::sqrt(32.0 / 7.0) / 5.0, 1e-12);
}

TEST(Statistics, SingleSampleHasNoSpread) {
  const std::vector<double> samples = {7};
  const SampleStats s = summarize(samples);
  EXPECT_DOUBLE_EQ(s.stddev, 0);
  EXPECT_DOUBLE_EQ(s.cv, 0);
  EXPECT_DOUBLE_EQ(s.median, 7);
}

TEST(Statistics, EmptyIsAllZero) {
  const SampleStats s = summarize({});
  EXPECT_EQ(s.count, 0u);
  EXPECT_DOUBLE_EQ(s.median, 0);
}

TEST(Statistics, QuantilesInterpolateBetweenClosestRanks) {
  // 1..101 shuffled: rank r (0-based) holds r + 1, so the q quantile is 100 q + 1.
  std::vector<double> samples;
  for (int i = 101; i >= 1; --i) samples.push_back(i);
  const Percentiles p = percentiles_of(samples);
  EXPECT_DOUBLE_EQ(p.p50, 51);
  EXPECT_DOUBLE_EQ(p.p90, 91);
  EXPECT_DOUBLE_EQ(p.p99, 100);
  // Between ranks: {10, 20}: position 0.9 of the way from 10 to 20.
  const std::vector<double> two = {20, 10};
  EXPECT_DOUBLE_EQ(quantile_of(two, 0.9), 19);
  EXPECT_DOUBLE_EQ(quantile_of(two, 0.5), median_of(two));
}

TEST(Statistics, P99SeesARareSlowLaunchTheMedianHides) {
  std::vector<double> samples(1000, 100.0);
  for (int i = 0; i < 20; ++i) samples[static_cast<std::size_t>(i) * 50] = 5000.0;  // 2% slow
  const Percentiles p = percentiles_of(samples);
  EXPECT_DOUBLE_EQ(p.p50, 100);
  EXPECT_DOUBLE_EQ(p.p90, 100);
  EXPECT_DOUBLE_EQ(p.p99, 5000);
  EXPECT_DOUBLE_EQ(quantile_of({}, 0.5), 0);
}

TEST(Statistics, EvenlySpacedSubsetKeepsOrderAndBound) {
  std::vector<double> samples;
  for (int i = 0; i < 10; ++i) samples.push_back(i);
  EXPECT_EQ(evenly_spaced_subset(samples, 20), samples);
  EXPECT_EQ(evenly_spaced_subset(samples, 5), (std::vector<double>{0, 2, 4, 6, 8}));
  EXPECT_EQ(evenly_spaced_subset(samples, 3), (std::vector<double>{0, 3, 6}));
}

}  // namespace
}  // namespace hwcert::perf

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

}  // namespace
}  // namespace hwcert::perf

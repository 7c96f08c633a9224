// Expected values computed by hand (rank sums) and with the exact null distribution; the
// normal-approximation cases follow the textbook formula with tie and continuity correction.
#include "hwcert/perfsuite/mann_whitney.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace hwcert::perf {
namespace {

TEST(MannWhitney, CompletelySeparatedSmallSamplesExact) {
  // Every a below every b: U1 = 0. Exact two-sided p = 2 / C(6,3) = 0.1.
  const std::vector<double> a = {1, 2, 3}, b = {4, 5, 6};
  const UTestResult r = mann_whitney_u(a, b);
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u1, 0);
  EXPECT_DOUBLE_EQ(r.u2, 9);
  EXPECT_NEAR(r.p_value, 0.1, 1e-12);
}

TEST(MannWhitney, SeparatedFourByFourIsSignificant) {
  // p = 2 / C(8,4) = 2 / 70.
  const std::vector<double> a = {10, 11, 12, 13}, b = {1, 2, 3, 4};
  const UTestResult r = mann_whitney_u(a, b);
  EXPECT_DOUBLE_EQ(r.u1, 16);
  EXPECT_NEAR(r.p_value, 2.0 / 70.0, 1e-12);
}

TEST(MannWhitney, HandComputedRankSum) {
  // Pooled order: 1(a) 2(b) 3(a) 4(b) 5(a) 6(b): ranks of a = 1 + 3 + 5 = 9, U1 = 9 - 6 = 3.
  // Exact distribution for n1 = n2 = 3 (20 arrangements): counts of U = 0..9 are
  // 1 1 2 3 3 3 3 2 1 1; P(U <= 3) = 7/20, two-sided p = 0.7.
  const std::vector<double> a = {1, 3, 5}, b = {2, 4, 6};
  const UTestResult r = mann_whitney_u(a, b);
  EXPECT_DOUBLE_EQ(r.u1, 3);
  EXPECT_NEAR(r.p_value, 0.7, 1e-12);
}

TEST(MannWhitney, TiesUseNormalApproximationWithCorrection) {
  // a = {1, 2, 2, 3}, b = {2, 3, 4, 5}. Pooled sorted: 1 2 2 2 3 3 4 5; ranks: 1, 3, 3, 3,
  // 5.5, 5.5, 7, 8. Rank sum of a = 1 + 3 + 3 + 5.5 = 12.5, U1 = 12.5 - 10 = 2.5.
  // Ties: a group of 3 (24) and of 2 (6): sum t^3 - t = 30. n = 8.
  // var = 16/12 * (9 - 30/56) = 11.2857...; z = -(8 - 2.5 - 0.5) / sqrt(var).
  const std::vector<double> a = {1, 2, 2, 3}, b = {2, 3, 4, 5};
  const UTestResult r = mann_whitney_u(a, b);
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u1, 2.5);
  const double variance = 16.0 / 12.0 * (9.0 - 30.0 / 56.0);
  const double z = -5.0 / std::sqrt(variance);
  EXPECT_NEAR(r.z, z, 1e-12);
  EXPECT_NEAR(r.p_value, std::erfc(std::fabs(z) / std::sqrt(2.0)), 1e-12);
  EXPECT_NEAR(r.p_value, 0.1368, 1e-3);
}

TEST(MannWhitney, LargeSamplesUseNormalApproximation) {
  // 25 x 25 without ties: beyond the exact limit. a all below b: U1 = 0,
  // z = -(312.5 - 0.5) / sqrt(25 * 25 * 51 / 12).
  std::vector<double> a, b;
  for (int i = 0; i < 25; ++i) {
    a.push_back(i);
    b.push_back(100 + i);
  }
  const UTestResult r = mann_whitney_u(a, b);
  EXPECT_FALSE(r.exact);
  EXPECT_NEAR(r.z, -312.0 / std::sqrt(25.0 * 25.0 * 51.0 / 12.0), 1e-12);
  EXPECT_LT(r.p_value, 1e-8);
}

TEST(MannWhitney, IdenticalValuesGiveP1) {
  const std::vector<double> a = {5, 5, 5}, b = {5, 5, 5};
  EXPECT_DOUBLE_EQ(mann_whitney_u(a, b).p_value, 1.0);
}

TEST(MannWhitney, MinimumPValue) {
  EXPECT_NEAR(minimum_p_value(3, 3), 0.1, 1e-12);
  EXPECT_NEAR(minimum_p_value(4, 4), 2.0 / 70.0, 1e-12);
  EXPECT_DOUBLE_EQ(minimum_p_value(0, 4), 1.0);
  EXPECT_GE(minimum_p_value(2, 2), 0.05);
}

TEST(ShiftInterval, ExactRanksForFiveAgainstFive) {
  // b = a + 10: the 25 differences b_j - a_i are 10 + (j - i), from 6 to 14. For 5 vs 5 at
  // 95%, P(U <= 2) = 4/252 <= 0.025 < P(U <= 3) = 7/252: k = 3, so [D(3), D(23)] = [7, 13].
  const std::vector<double> a = {1, 2, 3, 4, 5}, b = {11, 12, 13, 14, 15};
  const auto interval = shift_confidence_interval(a, b, 0.95);
  ASSERT_TRUE(interval.has_value());
  EXPECT_DOUBLE_EQ(interval->estimate, 10);
  EXPECT_DOUBLE_EQ(interval->low, 7);
  EXPECT_DOUBLE_EQ(interval->high, 13);
  // The other way round the shift changes sign.
  const auto reversed = shift_confidence_interval(b, a, 0.95);
  ASSERT_TRUE(reversed.has_value());
  EXPECT_DOUBLE_EQ(reversed->low, -13);
  EXPECT_DOUBLE_EQ(reversed->high, -7);
}

TEST(ShiftInterval, TooFewSamplesForTheConfidenceGiveNone) {
  // 3 vs 3: the smallest two-sided p is 0.1, so no 95% interval; at 90%, P(U <= 0) = 1/20
  // = 0.05 allows k = 1: the whole range of differences.
  const std::vector<double> a = {1, 2, 3}, b = {4, 6, 8};
  EXPECT_FALSE(shift_confidence_interval(a, b, 0.95).has_value());
  const auto wide = shift_confidence_interval(a, b, 0.90);
  ASSERT_TRUE(wide.has_value());
  EXPECT_DOUBLE_EQ(wide->low, 1);
  EXPECT_DOUBLE_EQ(wide->high, 7);
  EXPECT_FALSE(shift_confidence_interval({}, b, 0.5).has_value());
}

TEST(ShiftInterval, LargeSamplesUseTheNormalRank) {
  // 25 vs 25, b = a + 100: differences 100 + (j - i), symmetric about 100. k =
  // floor(312.5 - 1.96 * sqrt(25 * 25 * 51 / 12) + 0.5) = 211.
  std::vector<double> a, b;
  for (int i = 0; i < 25; ++i) {
    a.push_back(i);
    b.push_back(100 + i);
  }
  const auto interval = shift_confidence_interval(a, b, 0.95);
  ASSERT_TRUE(interval.has_value());
  EXPECT_DOUBLE_EQ(interval->estimate, 100);
  EXPECT_LT(interval->low, 100);
  EXPECT_DOUBLE_EQ(interval->low + interval->high, 200);
  std::vector<double> differences;
  for (double x : a) {
    for (double y : b) differences.push_back(y - x);
  }
  std::sort(differences.begin(), differences.end());
  EXPECT_DOUBLE_EQ(interval->low, differences[210]);
}

}  // namespace
}  // namespace hwcert::perf

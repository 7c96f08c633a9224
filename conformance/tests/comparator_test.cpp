// The comparator catches what it must: unwritten elements, NaN sign mismatches where the
// sign is defined, errors beyond the ULP bound, zeros the right answer does not have, and
// integers compared exactly.
#include "hwcert/conformance/comparator.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace hwcert::conformance {
namespace {

using testing::F32;

uint64_t f32(double v) {
  return encode_value(F32, v);
}

ToleranceRule ulp_rule(double ulp) {
  ToleranceRule rule;
  rule.op = "test";
  rule.ulp = ulp;
  return rule;
}

ToleranceContext f32_context() {
  ToleranceContext ctx;
  ctx.output = F32;
  ctx.accumulation = F32;
  return ctx;
}

const std::vector<int64_t> kShape{4};

TEST(Comparator, PassesMatchingOutputs) {
  Comparator c(ulp_rule(0), f32_context(), InputTier::kStatistical);
  for (int i = 0; i < 4; ++i) c.check(i, f32(i + 1.5), 0, f32(i + 1.5));
  const Comparison r = c.finish(kShape);
  EXPECT_EQ(r.status, CaseStatus::kPass);
  EXPECT_EQ(r.checked_elements, 4u);
  EXPECT_EQ(r.tolerance, "0 ulp");
}

TEST(Comparator, CatchesUnwrittenLastElement) {
  Comparator c(ulp_rule(3), f32_context(), InputTier::kStatistical);
  for (int i = 0; i < 3; ++i) c.check(i, f32(i + 1.0), 0, f32(i + 1.0));
  c.unwritten(3, f32(4.0), poison_bits(F32));
  const Comparison r = c.finish(kShape);
  EXPECT_EQ(r.status, CaseStatus::kFail);
  EXPECT_EQ(r.unwritten_elements, 1u);
  EXPECT_EQ(r.worst_index, 3);
  EXPECT_NE(r.message.find("element 3 [3] was not written"), std::string::npos) << r.message;
}

TEST(Comparator, PoisonIsNotUnwrittenWhenExpected) {
  // The poison is a NaN; an op expected to produce that very NaN is judged as a NaN.
  Comparator c(ulp_rule(0), f32_context(), InputTier::kSpecial);
  c.check(0, poison_bits(F32), 0, poison_bits(F32));
  EXPECT_EQ(c.finish(std::vector<int64_t>{1}).status, CaseStatus::kPass);
}

TEST(Comparator, Fp8NegativeNaNWrittenIsAValueAndUnwrittenFails) {
  // fp8's first poison 0xFF is -NaN, a value a kernel may write: judged as a NaN when the
  // second launch showed it written, and never written (failing) when it showed the second
  // poison, even where the right answer is that very -NaN.
  for (DType dtype : {DType::kF8E4M3, DType::kF8E5M2}) {
    ToleranceContext ctx = f32_context();
    ctx.output = dtype;
    const uint64_t minus_nan = poison_bits(dtype);
    const uint64_t plus_nan = minus_nan & 0x7F;
    Comparator written(ulp_rule(0), ctx, InputTier::kSpecial);
    written.check(0, plus_nan, 0, minus_nan);
    written.check(1, minus_nan, 0, minus_nan);
    EXPECT_EQ(written.finish(std::vector<int64_t>{2}).status, CaseStatus::kPass);

    Comparator never(ulp_rule(0), ctx, InputTier::kSpecial);
    never.unwritten(0, minus_nan, minus_nan);
    const Comparison r = never.finish(std::vector<int64_t>{1});
    EXPECT_EQ(r.status, CaseStatus::kFail);
    EXPECT_EQ(r.unwritten_elements, 1u);
  }
}

TEST(Comparator, CatchesNaNSignMismatchWhereSignIsDefined) {
  ToleranceRule rule = ulp_rule(0);
  rule.nan_sign = true;
  Comparator c(rule, f32_context(), InputTier::kSpecial);
  c.check(0, 0xFFC00000u, 0, 0x7FC00000u);  // expected -NaN, got +NaN
  const Comparison r = c.finish(std::vector<int64_t>{1});
  EXPECT_EQ(r.status, CaseStatus::kFail);
  EXPECT_NE(r.message.find("NaN of the wrong sign"), std::string::npos) << r.message;

  // Without nan_sign (IEEE leaves the sign unspecified) the same pair passes.
  Comparator lenient(ulp_rule(0), f32_context(), InputTier::kSpecial);
  lenient.check(0, 0xFFC00000u, 0, 0x7FC00000u);
  EXPECT_EQ(lenient.finish(std::vector<int64_t>{1}).status, CaseStatus::kPass);
}

TEST(Comparator, CatchesInfinityAndNaNClassMismatch) {
  Comparator c(ulp_rule(16), f32_context(), InputTier::kSpecial);
  c.check(0, f32(INFINITY), 0, f32(-INFINITY));
  c.check(1, f32(NAN), 0, f32(1.0));
  c.check(2, f32(1.0), 0, f32(NAN));
  const Comparison r = c.finish(std::vector<int64_t>{3});
  EXPECT_EQ(r.status, CaseStatus::kFail);
  EXPECT_EQ(r.failed_elements, 3u);
}

TEST(Comparator, TwoUlpErrorFailsOneUlpBound) {
  const uint64_t one = f32(1.0);
  Comparator c(ulp_rule(1), f32_context(), InputTier::kStatistical);
  c.check(0, one, 0, one + 1);  // 1 ulp: fine
  c.check(1, one, 0, one + 2);  // 2 ulp: out
  const Comparison r = c.finish(std::vector<int64_t>{2});
  EXPECT_EQ(r.status, CaseStatus::kFail);
  EXPECT_EQ(r.failed_elements, 1u);
  EXPECT_EQ(r.max_ulp_error, 2.0);
  EXPECT_EQ(r.worst_index, 1);
  EXPECT_DOUBLE_EQ(r.max_abs_error, 2 * std::ldexp(1.0, -23));

  Comparator ok(ulp_rule(2), f32_context(), InputTier::kStatistical);
  ok.check(0, one, 0, one + 2);
  EXPECT_EQ(ok.finish(std::vector<int64_t>{1}).status, CaseStatus::kPass);
}

TEST(Comparator, MagnitudeScaledBound) {
  ToleranceRule rule = ulp_rule(1);
  rule.k_eps = 1;
  ToleranceContext ctx = f32_context();
  ctx.accumulation_length = 64;
  // ref 0.001 with magnitude 10 (cancellation): bound = ulp(0.001) + 64*2^-23*10 ~ 7.6e-5.
  Comparator c(rule, ctx, InputTier::kStatistical);
  c.check(0, f32(0.001), 10.0, f32(0.001 + 5e-5));
  c.check(1, f32(0.001), 10.0, f32(0.001 + 1e-4));
  const Comparison r = c.finish(std::vector<int64_t>{2});
  EXPECT_EQ(r.failed_elements, 1u);
  EXPECT_EQ(r.worst_index, 1);
  EXPECT_NE(r.tolerance.find("K=64"), std::string::npos);
}

TEST(Comparator, ValueSignRejectsAWrongSignInsideTheMagnitudeBound) {
  // gelu(-5) = -1.43e-6; the magnitude term 4*eps(f32)*|x| = 2.4e-6 alone would accept +0.5e-6.
  ToleranceRule rule = ulp_rule(16);
  rule.magnitude_eps = 4;
  const double ref = -1.4332982749e-6;
  Comparator loose(rule, f32_context(), InputTier::kStatistical);
  loose.check(0, f32(ref), 5.0, f32(0.5e-6));
  EXPECT_EQ(loose.finish(std::vector<int64_t>{1}).status, CaseStatus::kPass);

  rule.value_sign = true;
  Comparator strict(rule, f32_context(), InputTier::kStatistical);
  strict.check(0, f32(ref), 5.0, f32(0.5e-6));
  strict.check(1, f32(ref), 5.0, f32(-0.5e-6));  // right sign, inside the bound
  strict.check(2, f32(ref), 5.0, f32(0.0));      // zero: 1 + erf rounded to 0
  strict.check(3, f32(0.0), 5.0, f32(1e-7));     // the reference is zero: no sign to keep
  const Comparison r = strict.finish(kShape);
  EXPECT_EQ(r.status, CaseStatus::kFail);
  EXPECT_EQ(r.failed_elements, 1u);
  EXPECT_EQ(r.worst_index, 0);
  EXPECT_NE(r.message.find("element 0 [0] has the wrong sign"), std::string::npos) << r.message;
  EXPECT_NE(r.tolerance.find(", sign kept"), std::string::npos) << r.tolerance;
}

TEST(Comparator, ExactTierDemandsIdenticalValues) {
  Comparator c(ulp_rule(3), f32_context(), InputTier::kExact);
  c.check(0, f32(12.0), 0, f32(12.0) + 1);
  const Comparison r = c.finish(std::vector<int64_t>{1});
  EXPECT_EQ(r.status, CaseStatus::kFail);
  EXPECT_EQ(r.tolerance, "bit-exact (exact tier)");
}

TEST(Comparator, BitwiseRuleComparesPayloads) {
  ToleranceRule rule;
  rule.op = "copy";
  rule.bitwise = true;
  Comparator c(rule, f32_context(), InputTier::kStatistical);
  c.check(0, 0x7FA00001u, 0, 0x7FC00000u);  // NaN payload lost
  EXPECT_EQ(c.finish(std::vector<int64_t>{1}).status, CaseStatus::kFail);
}

TEST(Comparator, ZerosTheRightAnswerHasAreNotMistrusted) {
  // relu of 20 inputs of which 15 are negative: the zeros are the right answer.
  Comparator c(ulp_rule(0), f32_context(), InputTier::kStatistical);
  for (int i = 0; i < 20; ++i) c.check(i, f32(i < 15 ? 0.0 : 1.0), 0, f32(i < 15 ? 0.0 : 1.0));
  const Comparison r = c.finish(std::vector<int64_t>{20});
  EXPECT_EQ(r.status, CaseStatus::kPass) << r.message;
  EXPECT_DOUBLE_EQ(r.zero_fraction, 0.75);
}

// A sum whose bound (1 ulp + K*eps*magnitude, 7.6e-5 here) is wider than its small results:
// expected values of 4e-6 .. 8e-5, of which the first 15 (up to 6e-5) admit a zero.
ToleranceRule sum_rule() {
  ToleranceRule rule = ulp_rule(1);
  rule.k_eps = 1;
  return rule;
}
ToleranceContext sum_context() {
  ToleranceContext ctx = f32_context();
  ctx.accumulation_length = 64;
  return ctx;
}
double small_sum(int i) {
  return 4e-6 * (i + 1);
}

TEST(Comparator, ZerosInsideTheBoundWhereTheAnswerIsNotZeroAreMistrusted) {
  // A kernel that writes zeros wherever a zero is within the tolerance: every element passes
  // on its own, but 75% of the outputs are zeros the right answer does not have.
  const auto zero_writer = [](int i) { return i < 15 ? 0.0 : small_sum(i); };
  Comparator c(sum_rule(), sum_context(), InputTier::kStatistical);
  for (int i = 0; i < 20; ++i) c.check(i, f32(small_sum(i)), 10.0, f32(zero_writer(i)));
  const Comparison r = c.finish(std::vector<int64_t>{20});
  EXPECT_EQ(r.status, CaseStatus::kMistrusted) << r.message;
  EXPECT_EQ(r.failed_elements, 0u);
  EXPECT_DOUBLE_EQ(r.zero_fraction, 0.75);
  EXPECT_NE(r.message.find("75%"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("15 of them where the right answer is not zero"), std::string::npos)
      << r.message;

  Comparator relaxed(sum_rule(), sum_context(), InputTier::kStatistical, 0.8);
  for (int i = 0; i < 20; ++i) relaxed.check(i, f32(small_sum(i)), 10.0, f32(zero_writer(i)));
  EXPECT_EQ(relaxed.finish(std::vector<int64_t>{20}).status, CaseStatus::kPass);

  // The same kernel on a right answer that is itself mostly zero still writes zeros where the
  // answer is not: 15 right zeros, 3 wrong ones, 90% zeros.
  Comparator mixed(sum_rule(), sum_context(), InputTier::kStatistical);
  for (int i = 0; i < 20; ++i) {
    const double want = i < 15 ? 0.0 : small_sum(i - 15);
    mixed.check(i, f32(want), 10.0, f32(i < 18 ? 0.0 : want));
  }
  const Comparison m = mixed.finish(std::vector<int64_t>{20});
  EXPECT_EQ(m.status, CaseStatus::kMistrusted) << m.message;
  EXPECT_NE(m.message.find("3 of them"), std::string::npos) << m.message;
}

TEST(Comparator, AKernelWritingZerosFailsWhereZeroIsOutOfTolerance) {
  Comparator c(sum_rule(), sum_context(), InputTier::kStatistical);
  for (int i = 0; i < 20; ++i) c.check(i, f32(1.0 + i), 10.0, f32(0.0));
  const Comparison r = c.finish(std::vector<int64_t>{20});
  EXPECT_EQ(r.status, CaseStatus::kFail);
  EXPECT_EQ(r.failed_elements, 20u);
}

TEST(Comparator, IntegersAboveTwoTo53AreComparedExactly) {
  // 2^60 + 1 and 2^60 are the same double: compared through double, the error would vanish.
  constexpr DType I64 = DType::kI64;
  ToleranceContext ctx;
  ctx.output = I64;
  ctx.accumulation = I64;
  const int64_t want = (int64_t{1} << 60) + 1;
  for (InputTier tier : {InputTier::kStatistical, InputTier::kExact, InputTier::kSpecial}) {
    Comparator c(ulp_rule(0), ctx, tier);
    c.check(0, encode_integer(I64, want), 0, encode_integer(I64, want - 1));
    c.check(1, encode_integer(I64, want), 0, encode_integer(I64, want + 1024));
    c.check(2, encode_integer(I64, want), 0, encode_integer(I64, want));
    const Comparison r = c.finish(std::vector<int64_t>{3});
    EXPECT_EQ(r.status, CaseStatus::kFail) << to_string(tier);
    EXPECT_EQ(r.failed_elements, 2u) << to_string(tier);
    EXPECT_EQ(r.max_abs_error, 1024.0);
    EXPECT_EQ(r.tolerance, "exact (integer result)");
    EXPECT_NE(r.message.find("integer results must be exact"), std::string::npos) << r.message;
  }
}

TEST(Comparator, AnOffByOneIntegerSumFailsTheShippedReduceSumRule) {
  // The reduce_sum rule allows 1 ulp plus a K*eps*magnitude term for float outputs; an integer
  // sum has one right answer.
  for (DType dtype : {DType::kI32, DType::kI64}) {
    const ToleranceRule* rule = ToleranceTable::builtin().find("reduce_sum", dtype, "strict");
    ASSERT_NE(rule, nullptr);
    ToleranceContext ctx;
    ctx.output = dtype;
    ctx.accumulation = dtype;
    ctx.accumulation_length = 1000;
    Comparator c(*rule, ctx, InputTier::kStatistical);
    c.check(0, encode_integer(dtype, 123456), 5e6, encode_integer(dtype, 123457));
    c.check(1, encode_integer(dtype, -7), 5e6, encode_integer(dtype, -7));
    const Comparison r = c.finish(std::vector<int64_t>{2});
    EXPECT_EQ(r.status, CaseStatus::kFail) << dtype_name(dtype);
    EXPECT_EQ(r.failed_elements, 1u);
    EXPECT_EQ(r.worst_index, 0);
  }
}

TEST(Comparator, SmallOutputsAreNotJudgedByZeroTrust) {
  Comparator c(ulp_rule(0), f32_context(), InputTier::kStatistical);
  c.check(0, f32(0.0), 0, f32(0.0));
  EXPECT_EQ(c.finish(std::vector<int64_t>{1}).status, CaseStatus::kPass);
}

TEST(Poison, PatternsPerDtype) {
  EXPECT_TRUE(std::isnan(decode_value(F32, poison_bits(F32))));
  EXPECT_TRUE(std::isnan(decode_value(DType::kF16, poison_bits(DType::kF16))));
  EXPECT_TRUE(std::isnan(decode_value(DType::kBF16, poison_bits(DType::kBF16))));
  EXPECT_TRUE(std::isnan(decode_value(DType::kF8E4M3, poison_bits(DType::kF8E4M3))));
  EXPECT_TRUE(std::isnan(decode_value(DType::kF64, poison_bits(DType::kF64))));
  EXPECT_EQ(poison_pattern(DType::kI32), std::vector<std::byte>(4, std::byte{0xA5}));
  EXPECT_EQ(poison_pattern(DType::kBool), std::vector<std::byte>(1, std::byte{0xA5}));
}

TEST(Poison, TheSecondPatternDiffersInEveryDtype) {
  for (DType dtype : kAllDTypes) {
    if (dtype_size(dtype) == 0) continue;
    const uint64_t first = poison_bits(dtype, Poison::kFirst);
    const uint64_t second = poison_bits(dtype, Poison::kSecond);
    EXPECT_NE(first, second) << dtype_name(dtype);
    if (dtype_size(dtype) < 8) {
      EXPECT_LT(second, uint64_t{1} << (8 * dtype_size(dtype))) << dtype_name(dtype);
    }
    if (is_floating(dtype)) {
      EXPECT_TRUE(std::isnan(decode_value(dtype, second))) << dtype_name(dtype);
    }
  }
  EXPECT_EQ(poison_pattern(DType::kI32, Poison::kSecond),
            std::vector<std::byte>(4, std::byte{0xC3}));
  EXPECT_EQ(poison_bits(DType::kF8E4M3, Poison::kSecond), 0x7Fu);  // +NaN
}

}  // namespace
}  // namespace hwcert::conformance

// The range tier's cast sources land where conversions go wrong: between a narrow type's
// largest finite value and its round-to-Inf threshold (and past it), one source ulp off a
// rounding tie, and (i64) one off a tie above 2^53. Which planted bugs these inputs catch is
// measured by the mutation harness (plugins/reference/mutants). The opset-2 ops' range inputs:
// batch_norm's shared offset and tiny var, erf's tails and tiny arguments.
#include "hwcert/conformance/input_generator.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "hwcert/conformance/dtype_convert.hpp"

namespace hwcert::conformance {
namespace {

std::vector<uint64_t> range_cast_inputs(DType from, DType to, uint64_t seed) {
  const OpCall call("cast", {TensorSpec::dense(from, {512})}, {TensorSpec::dense(to, {512})}, {});
  const std::vector<std::vector<std::byte>> images = generate_inputs(call, InputTier::kRange, seed);
  std::vector<uint64_t> bits;
  for (std::size_t i = 0; i < 512; ++i)
    bits.push_back(load_element_bits(images[0], i * dtype_size(from), from));
  return bits;
}

TEST(RangeTier, CastsReachBothSidesOfTheOverflowThreshold) {
  int below_threshold = 0, from_threshold = 0, off_tie = 0;
  for (const uint64_t bits : range_cast_inputs(DType::kF64, DType::kF16, 7)) {
    const double v = std::fabs(decode_value(DType::kF64, bits));
    if (v > 65504 && v < 65520) ++below_threshold;  // must round to 65504
    if (v >= 65520) ++from_threshold;               // must round to Inf
    const double grid = round_to_dtype(v, DType::kF16);
    const double tie = grid + std::copysign(0.5 * ulp_of(grid, DType::kF16), v - grid);
    if (v < 65504 && v != tie && std::fabs(v - tie) <= ulp_of(tie, DType::kF64)) ++off_tie;
  }
  EXPECT_GT(below_threshold, 10);
  EXPECT_GT(from_threshold, 10);
  EXPECT_GT(off_tie, 10);
}

TEST(RangeTier, I64CastsSitOneOffATieAbove2To53) {
  int traps = 0;
  for (const uint64_t bits : range_cast_inputs(DType::kI64, DType::kF32, 11)) {
    const int64_t v = decode_integer(DType::kI64, bits);
    const double magnitude = std::fabs(static_cast<double>(v));
    // Through f64 the value rounds onto the f32 tie, then to even: a second rounding.
    const double via_f64 = static_cast<double>(v);
    if (magnitude > 0x1p53 && static_cast<int64_t>(via_f64) != v) ++traps;
  }
  EXPECT_GT(traps, 10);
}

std::vector<double> decoded(const std::vector<std::byte>& image, DType dtype) {
  std::vector<double> out;
  for (std::size_t i = 0; i * dtype_size(dtype) < image.size(); ++i)
    out.push_back(decode_value(dtype, load_element_bits(image, i * dtype_size(dtype), dtype)));
  return out;
}

// batch_norm: X and mean share one large offset, var lies in [0, 2 epsilon] (some exact 0).
TEST(RangeTier, BatchNormSharesTheOffsetAndKeepsVarNearEpsilon) {
  const TensorSpec c = TensorSpec::dense(DType::kF32, {8});
  const OpCall call("batch_norm", {TensorSpec::dense(DType::kF32, {4, 8, 16}), c, c, c, c},
                    {TensorSpec::dense(DType::kF32, {4, 8, 16})}, {{"epsilon", 1e-3}});
  const auto images = generate_inputs(call, InputTier::kRange, 5);
  const std::vector<double> mean = decoded(images[3], DType::kF32);
  const double offset = mean[0];
  EXPECT_GE(std::fabs(offset), 4096.0);
  int finite = 0;
  for (double x : decoded(images[0], DType::kF32)) {
    if (!std::isfinite(x)) continue;  // the planted row specials
    ++finite;
    EXPECT_LE(std::fabs(x - offset), std::fabs(offset) * 0x1p-10) << x;
  }
  EXPECT_GT(finite, 400);
  for (double m : mean) EXPECT_LE(std::fabs(m - offset), std::fabs(offset) * 0x1p-10);
  int zeros = 0;
  for (double v : decoded(images[4], DType::kF32)) {
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 2e-3);
    zeros += v == 0 ? 1 : 0;
  }
  EXPECT_LT(zeros, 8);
}

// erf: half the elements in the tails 2 <= |x| <= 6, a quarter below 2^-8.
TEST(RangeTier, ErfReachesTheTailsAndTinyArguments) {
  const OpCall call("erf", {TensorSpec::dense(DType::kF64, {400})},
                    {TensorSpec::dense(DType::kF64, {400})});
  int tails = 0, small = 0;
  for (double x : decoded(generate_inputs(call, InputTier::kRange, 9)[0], DType::kF64)) {
    tails += std::fabs(x) >= 2 && std::fabs(x) <= 6 ? 1 : 0;
    small += std::fabs(x) <= 0x1p-8 ? 1 : 0;
  }
  EXPECT_GT(tails, 150);
  EXPECT_GT(small, 60);
}

// The out_of_range tier: about half the gather indices (always at least one) lie outside
// [0, extent), of every kind a wrong bounds check maps back inside; the rest are valid.
TEST(OutOfRangeTier, GatherIndicesLeaveTheRangeEveryWay) {
  for (DType index_dtype : {DType::kI32, DType::kI64}) {
    int negative = 0, past = 0, far = 0, valid = 0;
    for (uint64_t seed = 0; seed < 64; ++seed) {
      const OpCall call(
          "gather", {TensorSpec::dense(DType::kF32, {5, 2}), TensorSpec::dense(index_dtype, {6})},
          {TensorSpec::dense(DType::kF32, {6, 2})});
      const auto images = generate_inputs(call, InputTier::kOutOfRange, seed);
      int outside = 0;
      for (std::size_t i = 0; i < 6; ++i) {
        const int64_t v = decode_integer(
            index_dtype, load_element_bits(images[1], i * dtype_size(index_dtype), index_dtype));
        negative += v < 0 && v >= -5 ? 1 : 0;
        past += v >= 5 && v < 10 ? 1 : 0;
        far += v >= (int64_t{1} << 31) - 1 || v <= -(int64_t{1} << 31) ? 1 : 0;
        valid += v >= 0 && v < 5 ? 1 : 0;
        outside += v < 0 || v >= 5 ? 1 : 0;
      }
      EXPECT_GE(outside, 1) << "seed " << seed;
      EXPECT_EQ(images, generate_inputs(call, InputTier::kOutOfRange, seed));
    }
    EXPECT_GT(negative, 20);
    EXPECT_GT(past, 20);
    EXPECT_GT(far, 20);
    EXPECT_GT(valid, 100);
  }
  const OpCall copy("copy", {TensorSpec::dense(DType::kF32, {4})},
                    {TensorSpec::dense(DType::kF32, {4})});
  EXPECT_FALSE(tier_mismatch(copy, InputTier::kOutOfRange).empty());
  EXPECT_TRUE(tier_mismatch(copy, InputTier::kRange).empty());
}

}  // namespace
}  // namespace hwcert::conformance

// The range tier's cast sources land where conversions go wrong: between a narrow type's
// largest finite value and its round-to-Inf threshold (and past it), one source ulp off a
// rounding tie, and (i64) one off a tie above 2^53. Which planted bugs these inputs catch is
// measured by the mutation harness (plugins/reference/mutants).
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

}  // namespace
}  // namespace hwcert::conformance

// The tolerance model separates declared precision from silent down-precision: a strict f32
// matmul computed with tf32 inputs fails the strict bound, while a result computed more
// precisely than a declared tf32 mode passes the tf32 bound, and one two or more bits below
// its declared mode fails (a one-bit gap is within the noise of independent roundings).
#include <gtest/gtest.h>

#include "hwcert/conformance/comparator.hpp"
#include "hwcert/conformance/input_generator.hpp"
#include "hwcert/conformance/oracle.hpp"

namespace hwcert::conformance {
namespace {

OpCall matmul_call(const std::string& mode) {
  return OpCall(
      "matmul",
      {TensorSpec::dense(DType::kF32, {32, 64}), TensorSpec::dense(DType::kF32, {64, 32})},
      {TensorSpec::dense(DType::kF32, {32, 32})}, {{"math_mode", mode}});
}

// Judges the results of `computed_mode` against the bound of `declared_mode`.
CaseStatus judge(const std::string& declared_mode, const std::string& computed_mode) {
  const OpCall declared = matmul_call(declared_mode);
  const auto images = generate_inputs(declared, InputTier::kStatistical, 11);
  const std::vector<std::span<const std::byte>> spans(images.begin(), images.end());
  auto expected = Oracle::create(declared, spans);
  auto computed = Oracle::create(matmul_call(computed_mode), spans);
  EXPECT_TRUE(expected.ok() && computed.ok());
  const ToleranceRule* rule = ToleranceTable::builtin().find("matmul", DType::kF32, declared_mode);
  EXPECT_NE(rule, nullptr);
  ToleranceContext ctx;
  ctx.output = DType::kF32;
  ctx.accumulation = expected->accumulation_dtype();
  ctx.accumulation_length = expected->accumulation_length();
  ctx.mode = expected->math_mode();
  Comparator comparator(*rule, ctx, InputTier::kStatistical);
  for (int64_t i = 0; i < expected->output_elements(); ++i) {
    const Reference want = expected->at_flat(i);
    comparator.check(i, want.bits, want.magnitude, computed->at_flat(i).bits, want.spread);
  }
  return comparator.finish(std::vector<int64_t>{32, 32}).status;
}

TEST(ToleranceModel, SilentTf32UnderStrictFails) {
  EXPECT_EQ(judge("strict", "tf32"), CaseStatus::kFail);
  EXPECT_EQ(judge("strict", "bf16"), CaseStatus::kFail);
}

TEST(ToleranceModel, DeclaredModesPass) {
  EXPECT_EQ(judge("strict", "strict"), CaseStatus::kPass);
  EXPECT_EQ(judge("tf32", "tf32"), CaseStatus::kPass);
  EXPECT_EQ(judge("tf32", "strict"), CaseStatus::kPass);  // more precise than declared
  EXPECT_EQ(judge("hf32", "strict"), CaseStatus::kPass);
}

TEST(ToleranceModel, LowerPrecisionThanDeclaredModeFails) {
  EXPECT_EQ(judge("tf32", "bf16"), CaseStatus::kFail);
  EXPECT_EQ(judge("hf32", "bf16"), CaseStatus::kFail);
  EXPECT_EQ(judge("f16", "bf16"), CaseStatus::kFail);
}

}  // namespace
}  // namespace hwcert::conformance
